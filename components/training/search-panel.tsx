'use client';

import { SearchIcon } from 'lucide-react';
import { useState, useTransition } from 'react';
import { searchAction } from '@/lib/actions/training';
import type { SearchHit, SearchResults } from '@/lib/training/search';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Spinner } from '@/components/ui/spinner';

const COLUMNS = [
  { key: 'base', title: 'Embedding alone' },
  { key: 'adapted', title: 'With the adapter' },
  { key: 'bm25', title: 'BM25' },
] as const;

/** Type a question, see the top chunks of the whole corpus three ways, side by side. */
export function SearchPanel({ runId }: { runId: string }) {
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<SearchResults | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const search = (event: React.FormEvent) => {
    event.preventDefault();
    startTransition(async () => {
      const result = await searchAction(runId, query);
      if (result.ok) {
        setResults(result.data!);
        setError(null);
      } else {
        setError(result.fieldErrors?.query?.[0] ?? result.message);
      }
    });
  };
  const adaptedOnly = new Set(results?.adapted.map((hit) => hit.chunk_id).filter((id) => !results.base.some((hit) => hit.chunk_id === id)));
  return (
    <div className="grid gap-4">
      <form onSubmit={search} className="flex flex-wrap gap-2" role="search" aria-label="Search the corpus">
        <Input
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          placeholder="Ask what a user would ask…"
          aria-label="Question"
          aria-invalid={error ? true : undefined}
          className="min-w-0 flex-1"
          maxLength={1000}
        />
        <Button type="submit" disabled={pending || query.trim() === ''}>
          {pending ? <Spinner /> : <SearchIcon aria-hidden />}Search
        </Button>
      </form>
      <p aria-live="polite" className="text-destructive text-sm empty:hidden">{error}</p>
      {results && (
        <div className="grid gap-4 lg:grid-cols-3" data-testid="search-results">
          {COLUMNS.map(({ key, title }) => (
            <section key={key} aria-label={title} className="grid content-start gap-2">
              <h3 className="text-sm font-medium">{title}</h3>
              {results[key].length === 0 ? (
                <p className="text-muted-foreground text-sm">No chunk shares a word with the question.</p>
              ) : (
                <ol className="grid gap-2">
                  {results[key].map((hit, i) => (
                    <Hit key={hit.chunk_id} hit={hit} rank={i + 1} fresh={key === 'adapted' && adaptedOnly.has(hit.chunk_id)} />
                  ))}
                </ol>
              )}
            </section>
          ))}
        </div>
      )}
    </div>
  );
}

function Hit({ hit, rank, fresh }: { hit: SearchHit; rank: number; fresh: boolean }) {
  return (
    <li className="grid gap-1 rounded-md border p-2 text-sm" data-chunk-id={hit.chunk_id}>
      <div className="text-muted-foreground flex justify-between gap-2 text-xs">
        <span className="truncate">{rank}. {hit.document_title}{fresh ? ' · new with the adapter' : ''}</span>
        <span className="tabular-nums">{hit.score.toFixed(3)}</span>
      </div>
      <p className="line-clamp-3 break-words">{hit.excerpt}</p>
    </li>
  );
}
