import type { FailedChunk } from '@/lib/runs/detail';
import { formatNumber } from './format';

export function FailedChunks({ chunks, total }: { chunks: FailedChunk[]; total: number }) {
  if (chunks.length === 0) return <p className="text-muted-foreground text-sm">No failed chunks.</p>;
  return (
    <div className="grid gap-2" data-testid="failed-chunks">
      <ul className="grid gap-2">
        {chunks.map((chunk) => (
          <li key={chunk.chunk_id} className="rounded-md border p-2 text-sm">
            <p className="text-muted-foreground line-clamp-2 text-xs">{chunk.document_title}: {chunk.excerpt}</p>
            <p className="text-destructive">{chunk.last_error ?? 'Failed'}</p>
            <p className="text-muted-foreground text-xs">{chunk.attempts} {chunk.attempts === 1 ? 'attempt' : 'attempts'}</p>
          </li>
        ))}
      </ul>
      {total > chunks.length && <p className="text-muted-foreground text-xs">Showing the latest {chunks.length} of {formatNumber(total)}.</p>}
    </div>
  );
}
