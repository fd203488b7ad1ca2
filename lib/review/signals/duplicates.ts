/**
 * Near-identical questions on one chunk teach the model the same pair twice: only one of each
 * group is worth keeping. Pure functions; the SQL side compares on the same normalised text.
 */

export const NEAR_DUPLICATE = 0.8;

/**
 * KEEP IN STEP WITH THE SQL: btrim(regexp_replace(lower(normalize(question, NFKC)), '[^[:alnum:]]+', ' ', 'g')).
 * A change to one without the other makes the database and the app disagree on what a duplicate is.
 *
 * Checked code point by code point against the project's Postgres (builtin provider, C.UTF-8):
 * there `[:alnum:]` is Unicode Alphabetic plus ASCII digits only, hence \p{Alphabetic} and 0-9
 * rather than \p{L}\p{N} (which would keep '٣' and '½', and drop Devanagari vowel signs).
 * Lower-casing is per code point because C.UTF-8 uses simple case mapping: 'Σ' at a word's end
 * stays 'σ' (JS's string-wide toLowerCase gives final 'ς') and 'İ' becomes 'i' (JS gives 'i̇').
 * Known divergence: a database whose locale is libc en_US.UTF-8 classifies by glibc's tables and
 * case-maps by the OS, which may differ for rare characters; ASCII and common letters agree.
 */
export function normalizeQuestion(question: string): string {
  let lower = '';
  for (const char of question.normalize('NFKC')) lower += char === 'İ' ? 'i' : char.toLowerCase();
  return lower.replace(/[^\p{Alphabetic}0-9]+/gu, ' ').trim();
}

/**
 * Distinct trigrams of a normalised text, each word padded as pg_trgm pads it: two spaces before, one after.
 * Same numbers as pg_trgm's similarity() on ASCII text. pg_trgm in a cluster whose ctype is C (ours)
 * keeps only ASCII letters and digits, so it scores '日本の首都' as 0 against anything; here every
 * letter counts, which is what a Japanese or Greek question needs.
 */
function trigramsOf(normalized: string): Set<string> {
  const trigrams = new Set<string>();
  for (const word of normalized.split(' ')) {
    if (!word) continue;
    // Code points, as pg_trgm counts characters and not UTF-16 units.
    let [first, second] = [' ', ' '];
    for (const third of [...word, ' ']) {
      trigrams.add(first + second + third);
      [first, second] = [second, third];
    }
  }
  return trigrams;
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const trigram of a) if (b.has(trigram)) shared++;
  return shared / (a.size + b.size - shared);
}

/** Normalises both sides itself, so raw or already normalised questions give the same number. */
export function trigramSimilarity(a: string, b: string): number {
  return jaccard(trigramsOf(normalizeQuestion(a)), trigramsOf(normalizeQuestion(b)));
}

// A union-find node; `parent` is null at the root of a group, which is always its lowest id.
type Node = { id: number; text: string; trigrams: Set<string>; parent: Node | null };

function rootOf(node: Node): Node {
  let root = node;
  while (root.parent) root = root.parent;
  // Path compression: the next lookup from anywhere on this path is one step.
  let at = node;
  while (at.parent && at.parent !== root) {
    const next: Node = at.parent;
    at.parent = root;
    at = next;
  }
  return root;
}

export function nearDuplicates(pairs: readonly { id: number; question: string }[]): Map<number, number> {
  const nodes: Node[] = pairs.map(({ id, question }) => {
    const text = normalizeQuestion(question);
    return { id, text, trigrams: trigramsOf(text), parent: null };
  });
  // Every pair against every other: a chunk holds a handful of questions, so n² is a few dozen checks.
  nodes.forEach((a, index) => {
    for (const b of nodes.slice(index + 1)) {
      if (a.text !== b.text && jaccard(a.trigrams, b.trigrams) < NEAR_DUPLICATE) continue;
      const [rootA, rootB] = [rootOf(a), rootOf(b)];
      if (rootA === rootB) continue;
      if (rootA.id < rootB.id) rootB.parent = rootA;
      else rootA.parent = rootB;
    }
  });
  const duplicates = new Map<number, number>();
  for (const node of nodes) {
    const keep = rootOf(node).id;
    if (keep !== node.id) duplicates.set(node.id, keep);
  }
  return duplicates;
}
