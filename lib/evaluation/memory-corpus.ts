import type { CorpusPages } from './evaluate';

/** A corpus held in memory, paged as the database streams one (tests, benchmarks, small searches). */
export function memoryCorpus(texts: readonly string[], pageSize = 500): CorpusPages {
  return {
    size: texts.length,
    async *pages() {
      for (let start = 0; start < texts.length; start += pageSize) {
        const slice = texts.slice(start, start + pageSize);
        yield { chunks: slice.map((_, i) => start + i), texts: slice };
      }
    },
  };
}
