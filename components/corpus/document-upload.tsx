'use client';

import { CheckCircle2Icon, FileUpIcon, XCircleIcon } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useRef, useState, useTransition } from 'react';
import { toast } from 'sonner';
import { addDocumentAction } from '@/lib/actions/corpora';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { Label } from '@/components/ui/label';
import { Progress } from '@/components/ui/progress';
import { Spinner } from '@/components/ui/spinner';
import { MAX_DOCUMENT_BYTES } from '@/lib/corpus/schemas';
import { cn } from '@/lib/utils';
import { countOf } from '@/lib/words';

type FileResult = { name: string; ok: boolean; message: string };

/**
 * One file: too large is refused here (the server refuses it too, but only after the whole
 * body has been sent); a failed request is reported as that file's result.
 */
async function uploadOne(corpusId: string, file: File): Promise<Omit<FileResult, 'name'>> {
  if (file.size > MAX_DOCUMENT_BYTES) return { ok: false, message: `Larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB: split it into smaller documents.` };
  const form = new FormData();
  form.set('file', file);
  try {
    const result = await addDocumentAction(corpusId, form);
    return { ok: result.ok, message: result.message };
  } catch {
    return { ok: false, message: 'The upload did not reach the server. Check the connection and try again.' };
  }
}

/** Add documents: drop or pick .md/.txt files (uploaded one by one, with progress), or paste text. */
export function DocumentUpload({ corpusId }: { corpusId: string }) {
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [results, setResults] = useState<FileResult[]>([]);
  const [paste, setPaste] = useState<{ errors: Record<string, string[] | undefined>; message?: string }>({ errors: {} });
  const [pasting, startPaste] = useTransition();

  const upload = async (files: File[]) => {
    if (files.length === 0) return;
    setResults([]);
    setProgress({ done: 0, total: files.length });
    const list: FileResult[] = [];
    for (const [i, file] of files.entries()) {
      list.push({ name: file.name, ...(await uploadOne(corpusId, file)) });
      setResults([...list]);
      setProgress({ done: i + 1, total: files.length });
    }
    const failed = list.filter((r) => !r.ok).length;
    if (failed === 0) toast.success(`${countOf(list.length, 'document')} added.`);
    else toast.error(`${failed} of ${countOf(list.length, 'document')} ${list.length === 1 ? 'was' : 'were'} refused.`);
    setProgress(null);
    router.refresh();
  };

  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <div className="grid content-start gap-3">
        <Label htmlFor="document-files">Upload files</Label>
        <div
          data-testid="drop-zone"
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(e) => {
            e.preventDefault();
            setDragging(false);
            void upload([...e.dataTransfer.files]);
          }}
          className={cn('grid place-items-center gap-2 rounded-lg border-2 border-dashed p-6 text-center text-sm', dragging && 'border-primary bg-primary/5')}
        >
          <FileUpIcon aria-hidden className="text-muted-foreground size-6" />
          <p>Drop Markdown or text files here (up to {MAX_DOCUMENT_BYTES / 1024 / 1024} MB each), or</p>
          <Button type="button" variant="outline" size="sm" disabled={progress !== null} onClick={() => input.current?.click()}>
            Choose files
          </Button>
          <input
            ref={input}
            id="document-files"
            type="file"
            multiple
            accept=".md,.markdown,.txt,text/markdown,text/plain"
            className="sr-only"
            onChange={(e) => {
              void upload([...(e.target.files ?? [])]);
              e.target.value = '';
            }}
          />
        </div>
        {progress && (
          <div className="grid gap-1" aria-live="polite">
            <Progress value={(100 * progress.done) / progress.total} aria-label="Upload progress" />
            <p className="text-muted-foreground text-xs">Uploading {progress.done + 1 > progress.total ? progress.total : progress.done + 1} of {progress.total}…</p>
          </div>
        )}
        {results.length > 0 && (
          <ul className="grid gap-1 text-sm" aria-label="Upload results">
            {results.map((r, i) => (
              <li key={`${r.name}-${i}`} className={cn('flex items-start gap-2', !r.ok && 'text-destructive')}>
                {r.ok ? <CheckCircle2Icon aria-hidden className="mt-0.5 size-4 text-emerald-600" /> : <XCircleIcon aria-hidden className="mt-0.5 size-4" />}
                <span>{r.ok ? r.message : `${r.name}: ${r.message}`}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
      <form
        className="grid content-start gap-3"
        aria-label="Paste a document"
        noValidate
        action={(form) =>
          startPaste(async () => {
            const result = await addDocumentAction(corpusId, form);
            if (result.ok) {
              toast.success(result.message);
              setPaste({ errors: {} });
              (document.getElementById('paste-text') as HTMLTextAreaElement).value = '';
              (document.getElementById('paste-title') as HTMLInputElement).value = '';
              router.refresh();
            } else {
              setPaste({ errors: result.fieldErrors ?? {}, message: result.fieldErrors ? undefined : result.message });
            }
          })
        }
      >
        <FormField id="paste-title" name="title" label="Title" error={paste.errors.title?.[0]} />
        <div className="grid gap-2">
          <Label htmlFor="paste-text">Text</Label>
          <textarea
            id="paste-text"
            name="text"
            rows={6}
            className="border-input dark:bg-input/30 rounded-md border bg-transparent px-3 py-2 text-sm shadow-xs"
            aria-invalid={paste.errors.text ? true : undefined}
            aria-describedby={paste.errors.text ? 'paste-text-error' : undefined}
          />
          {paste.errors.text && <p id="paste-text-error" className="text-destructive text-sm">{paste.errors.text[0]}</p>}
        </div>
        {paste.message && <p role="alert" className="text-destructive text-sm">{paste.message}</p>}
        <Button type="submit" className="w-fit" disabled={pasting}>
          {pasting && <Spinner />}
          Add document
        </Button>
      </form>
    </div>
  );
}
