import type { Vector } from '@/lib/embeddings/vector';
import { normalize } from '@/lib/embeddings/vector';
import type { CorpusPages } from '@/lib/evaluation/evaluate';
import type { TrainingData } from '@/lib/training/local-trainer';
import { seededRandom } from '@/lib/training/random';

/**
 * Synthetic data for the training benchmarks: dense unit vectors where a query is its
 * passage plus noise (so training has something to learn), and a corpus of generated
 * passages produced page by page (never held whole in memory).
 */
export function denseTrainingData(pairs: number, dim: number, passages = 5_000): TrainingData {
  const random = seededRandom(42);
  const gaussian = () => Math.sqrt(-2 * Math.log(random() || 1e-12)) * Math.cos(2 * Math.PI * random());
  const pool: Vector[] = Array.from({ length: passages }, () => normalize(Float32Array.from({ length: dim }, gaussian)));
  const query = (p: number) => normalize(Float32Array.from(pool[p] as Float32Array, (x) => x + 0.9 * gaussian() / Math.sqrt(dim) * 8));
  const train = Array.from({ length: pairs }, (_, i) => {
    const positive = i % passages;
    return { query: query(positive), positive, negatives: [(positive + 1) % passages, (positive + 7) % passages] };
  });
  const validation = Array.from({ length: 200 }, (_, i) => {
    const positive = (i * 13) % passages;
    return { query: query(positive), candidates: Array.from({ length: 30 }, (_, k) => (positive + k) % passages), relevant: new Set([positive]) };
  });
  return { dim, passages: pool, train, validation };
}

const WORDS = `run chunk worker cancel proceed retry lineage corpus document question answer pair review train adapter embedding
  heartbeat queue batch lease epoch status failed generated completed blocked continue remove refresh schedule provider limit
  token session workspace member admin viewer policy migration index cursor stream event timeline split validation test`.split(/\s+/);

/** The text of synthetic passage `n`: a dozen words drawn by a generator seeded with n. */
export function syntheticPassage(n: number): string {
  const random = seededRandom(n + 1);
  return Array.from({ length: 14 }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' ');
}

export function syntheticCorpus(size: number, pageSize = 1_000): CorpusPages {
  return {
    size,
    async *pages() {
      for (let start = 0; start < size; start += pageSize) {
        const chunks = Array.from({ length: Math.min(pageSize, size - start) }, (_, i) => start + i);
        yield { chunks, texts: chunks.map(syntheticPassage) };
      }
    },
  };
}
