'use client';

import { DownloadIcon } from 'lucide-react';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { EXPORT_FORMATS, EXPORT_STATES, type ExportFormat, type ExportState } from '@/lib/export/formats';
import { filterParams, type PairFilter } from '@/lib/review/filter';
import { selectClass } from './select-class';

const FORMAT_LABELS: Record<ExportFormat, string> = {
  'sentence-transformers': 'sentence-transformers (JSONL: anchor, positive, negative)',
  llamaindex: 'LlamaIndex EmbeddingQAFinetuneDataset (JSON)',
  csv: 'CSV (one row per pair)',
  jsonl: 'JSONL (every field, signals included)',
};
const STATE_LABELS: Record<ExportState, string> = { approved: 'Approved', not_rejected: 'All but rejected (what training uses)', all: 'All', pending: 'Pending', rejected: 'Rejected' };

/**
 * Downloads the pairs in a trainer's layout: a plain link to the export route (streamed, so
 * the browser shows its own download progress), built from the choices here.
 */
export function ExportPanel({ runId, filter }: { runId: string; filter: PairFilter }) {
  const [format, setFormat] = useState<ExportFormat>('sentence-transformers');
  const [state, setState] = useState<ExportState>('approved');
  const [lineage, setLineage] = useState(true);
  const [gzip, setGzip] = useState(false);
  const { state: _tableState, ...tableFilter } = filter;
  const filtered = Object.keys(filterParams(tableFilter)).length > 0;
  const [useFilter, setUseFilter] = useState(false);
  const params = new URLSearchParams({ format, state, ...(lineage ? {} : { lineage: 'false' }), ...(gzip ? { gzip: 'true' } : {}), ...(useFilter ? filterParams(tableFilter) : {}) });
  return (
    <div className="flex flex-wrap items-end gap-3">
      <label className="grid max-w-full min-w-0 gap-1 text-xs font-medium">
        Format
        <select aria-label="Format" className={selectClass} value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)}>
          {EXPORT_FORMATS.map((f) => <option key={f} value={f}>{FORMAT_LABELS[f]}</option>)}
        </select>
      </label>
      <label className="grid max-w-full min-w-0 gap-1 text-xs font-medium">
        Pairs
        <select aria-label="Pairs" className={selectClass} value={state} onChange={(e) => setState(e.target.value as ExportState)}>
          {EXPORT_STATES.map((s) => <option key={s} value={s}>{STATE_LABELS[s]}</option>)}
        </select>
      </label>
      <label className="flex h-9 items-center gap-2 text-sm"><input type="checkbox" checked={lineage} onChange={(e) => setLineage(e.target.checked)} />Whole lineage</label>
      {filtered && <label className="flex h-9 items-center gap-2 text-sm"><input type="checkbox" checked={useFilter} onChange={(e) => setUseFilter(e.target.checked)} />Only the table&apos;s filter</label>}
      <label className="flex h-9 items-center gap-2 text-sm"><input type="checkbox" checked={gzip} onChange={(e) => setGzip(e.target.checked)} />gzip</label>
      <Button asChild size="sm" className="h-9">
        <a href={`/api/runs/${runId}/export?${params.toString()}`} download><DownloadIcon aria-hidden />Download</a>
      </Button>
    </div>
  );
}
