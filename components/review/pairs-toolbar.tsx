'use client';

import { SearchIcon } from 'lucide-react';
import Form from 'next/form';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { MAX_QUERY_LENGTH, type PairFilter, type PairSort } from '@/lib/review/filter';
import { SIGNAL_LABELS, SIGNALS } from '@/lib/review/signal-kinds';
import { REVIEW_STATES } from '@/lib/review/states';
import { selectClass } from './select-class';

export type DocumentOption = { id: string; title: string };

const SORT_LABELS: Record<PairSort, string> = { id: 'Generation order', bm25: 'Worst BM25 round trip first', embedding: 'Worst embedding round trip first' };

/**
 * Search and filters of the pairs table, as a GET form: the filter lives in the URL (links
 * and reloads keep it; the export and bulk actions read the same one). Choosing in a list
 * applies it at once; the search applies on Enter.
 */
export function PairsToolbar({ runId, filter, sort, documents }: { runId: string; filter: PairFilter; sort: PairSort; documents: DocumentOption[] }) {
  const submit = (event: React.ChangeEvent<HTMLSelectElement>) => event.currentTarget.form?.requestSubmit();
  return (
    <Form action={`/runs/${runId}`} className="flex flex-wrap items-end gap-2" aria-label="Search and filter pairs">
      <label className="grid max-w-full min-w-0 gap-1 text-xs font-medium">
        Search questions
        <span className="relative">
          <SearchIcon aria-hidden className="text-muted-foreground absolute top-2.5 left-2 size-4" />
          <Input name="q" type="search" defaultValue={filter.q ?? ''} maxLength={MAX_QUERY_LENGTH} placeholder='e.g. refund "credit card" -paypal' className="w-64 max-w-full pl-8" />
        </span>
      </label>
      <label className="grid max-w-full min-w-0 gap-1 text-xs font-medium">
        State
        <select aria-label="State" name="state" defaultValue={filter.state ?? ''} className={selectClass} onChange={submit}>
          <option value="">Any</option>
          {REVIEW_STATES.map((s) => <option key={s} value={s}>{s}</option>)}
        </select>
      </label>
      <label className="grid max-w-full min-w-0 gap-1 text-xs font-medium">
        Signal
        <select aria-label="Signal" name="signal" defaultValue={filter.signal ?? ''} className={selectClass} onChange={submit}>
          <option value="">Any</option>
          {SIGNALS.map((s) => <option key={s} value={s}>{SIGNAL_LABELS[s].label}</option>)}
        </select>
      </label>
      {documents.length > 0 && (
        <label className="grid max-w-full min-w-0 gap-1 text-xs font-medium">
          Document
          <select aria-label="Document" name="document_id" defaultValue={filter.document_id ?? ''} className={`${selectClass} max-w-56`} onChange={submit}>
            <option value="">Any</option>
            {documents.map((d) => <option key={d.id} value={d.id}>{d.title}</option>)}
          </select>
        </label>
      )}
      {filter.chunk_id && <input type="hidden" name="chunk_id" value={filter.chunk_id} />}
      <label className="grid max-w-full min-w-0 gap-1 text-xs font-medium">
        Order
        <select aria-label="Order" name="sort" defaultValue={sort} className={selectClass} onChange={submit}>
          {Object.entries(SORT_LABELS).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
        </select>
      </label>
      <Button type="submit" variant="outline" size="sm" className="h-9">Apply</Button>
    </Form>
  );
}
