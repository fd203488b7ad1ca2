import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';

/** A labelled input with its field-level error wired for screen readers. */
export function FormField({ label, error, ...input }: React.ComponentProps<typeof Input> & { id: string; label: string; error?: string }) {
  const errorId = `${input.id}-error`;
  return (
    <div className="grid gap-2">
      <Label htmlFor={input.id}>{label}</Label>
      <Input {...input} aria-invalid={error ? true : undefined} aria-describedby={error ? errorId : undefined} />
      {error && (
        <p id={errorId} className="text-destructive text-sm">
          {error}
        </p>
      )}
    </div>
  );
}
