import { Logo } from '@/components/shell/logo';
import { ThemeToggle } from '@/components/theme/theme-toggle';

/** The frame of the pages seen before signing in (/login, /invite): logo, theme, one card. */
export function AuthShell({ children }: { children: React.ReactNode }) {
  return (
    <main className="bg-muted/40 relative grid min-h-dvh place-items-center px-4 py-12">
      <div className="absolute top-4 right-4">
        <ThemeToggle />
      </div>
      <div className="grid w-full max-w-sm gap-6">
        <Logo className="justify-center text-lg" />
        {children}
      </div>
    </main>
  );
}
