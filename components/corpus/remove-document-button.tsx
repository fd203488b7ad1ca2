'use client';

import { Trash2Icon } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useTransition } from 'react';
import { toast } from 'sonner';
import { removeDocumentAction } from '@/lib/actions/corpora';
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from '@/components/ui/alert-dialog';
import { Button } from '@/components/ui/button';
import { Spinner } from '@/components/ui/spinner';
import { countOf } from '@/lib/words';

/** Remove one document, after a dialog that says what goes with it. */
export function RemoveDocumentButton({ corpusId, document }: { corpusId: string; document: { id: string; title: string; chunk_count: number } }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const remove = () =>
    start(async () => {
      const result = await removeDocumentAction(corpusId, document.id);
      if (result.ok) toast.success(result.message);
      else toast.error(result.message);
      router.refresh();
    });
  return (
    <AlertDialog>
      <AlertDialogTrigger asChild>
        <Button size="sm" variant="ghost" className="text-destructive" disabled={pending} aria-label={`Remove ${document.title}`}>
          {pending ? <Spinner /> : <Trash2Icon aria-hidden />}
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Remove “{document.title}”?</AlertDialogTitle>
          <AlertDialogDescription>
            Its {countOf(document.chunk_count, 'chunk')} leave the corpus (but for passages another document also contains), with the pairs
            runs generated for them. A run that is generating stops with “corpus changed” until you proceed it. This cannot be undone.
          </AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel>Keep it</AlertDialogCancel>
          <AlertDialogAction variant="destructive" onClick={remove}>Remove document</AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
