/**
 * A chunk of Markdown → headings, plain-text sentences and lists, in one pass over its
 * lines. Code blocks and tables are skipped; inline Markdown is stripped (links keep their
 * text, code spans their content), and code spans are remembered as key terms.
 */

export type Heading = { text: string; level: number; index: number };

export type Sentence = {
  /** Plain text, single-spaced. */
  text: string;
  /** Position among the chunk's sentences. */
  index: number;
  /** The heading this sentence sits under, if the chunk shows it. */
  section: Heading | null;
  /** First sentence of its paragraph or list item. */
  paraStart: boolean;
  /** Inside a list item: 'ordered' or 'bullet'. */
  list: 'ordered' | 'bullet' | null;
  /** The list introduced by this sentence (it ends with ":"). */
  intro: 'ordered' | 'bullet' | null;
  /** For a list item: the sentence that introduced its list. */
  listIntro: Sentence | null;
};

export type ParsedChunk = {
  headings: Heading[];
  sentences: Sentence[];
  code: Set<string>;
  /** The first lines of code blocks: the only material of a chunk that is all code. */
  codeLines: string[];
};

const MAX_CODE_LINES = 40;

const FENCE_RE = /^(?:```|~~~)/;
const ITEM_RE = /^(?:([-*+])|\d{1,3}[.)])\s+/;
const QUOTE_RE = /^(?:>\s?)+/;
const LINK_RE = /!?\[([^[\]\n]{0,300})\]\([^()\n]{0,1000}\)/g;
const CODE_RE = /`+([^`\n]{1,200}?)`+/g;
const TAG_RE = /<\/?[A-Za-z][^<>\n]{0,200}>/g;
const ESCAPE_RE = /\\([\\`*_{}[\]()#+\-.!|>])/g;
const MARKUP_RE = /[`*[\]]|~~|(?<![\w\u0001])_+|_+(?![\w\u0002])/g;
const MARKUP_CHAR_RE = /[`*[\]~_]/;
const SPECIAL_RE = /[\\`<*_[\]~]/;
const SPACE_RE = /\s+/g;
const BOUNDARY_RE = /[.!?]["')\]]*\s+(?=[A-Z0-9"'(\u0001])/g;
const ABBREVIATIONS = new Set(['e.g', 'i.e', 'etc', 'vs', 'cf', 'approx', 'no', 'eg', 'ie']);
const MARKER_RE = /[\u0001\u0002]/g;
const NUMBERED_HEADING_RE = /^\d{1,3}[.)]\s+/;
const HEADING_EXTRA_RE = /\s+\([^()]{0,200}\)|\s+[—–]\s.*$/g;

export function parseChunk(content: string): ParsedChunk {
  const headings: Heading[] = [];
  const sentences: Sentence[] = [];
  const code = new Set<string>();
  const codeLines: string[] = [];
  let section: Heading | null = null;
  let para = '';
  let paraList: 'ordered' | 'bullet' | null = null;
  let inFence = false;
  let lastIntro = null as Sentence | null; // a sentence ending in ":" right before the current block
  let listIntro = null as Sentence | null; // the intro of the list being read

  const flush = () => {
    if (!para) return;
    const text = inline(para, code);
    const hasCode = text.includes('\u0001');
    para = '';
    lastIntro = null;
    let start = 0;
    let first = true;
    BOUNDARY_RE.lastIndex = 0;
    for (;;) {
      const match = BOUNDARY_RE.exec(text);
      const end = match ? match.index + 1 : text.length;
      if (match && isAbbreviation(text, start, end)) continue;
      let sentence = text.slice(start, end);
      if (hasCode) sentence = sentence.replace(MARKER_RE, '');
      sentence = sentence.trim();
      if (sentence.length >= 2) {
        const listIntroOf = paraList ? listIntro : null;
        sentences.push({ text: sentence, index: sentences.length, section, paraStart: first, list: paraList, intro: null, listIntro: listIntroOf });
        first = false;
      }
      if (!match) break;
      start = match.index + match[0].length;
    }
    const last = sentences[sentences.length - 1];
    if (last && last.text.endsWith(':')) lastIntro = last;
  };

  for (const rawLine of content.split('\n')) {
    const line = rawLine.trim();
    const c0 = line.charCodeAt(0);
    if ((c0 === 96 || c0 === 126) && FENCE_RE.test(line)) {
      flush();
      inFence = !inFence;
      continue;
    }
    if (inFence) {
      if (line && codeLines.length < MAX_CODE_LINES) codeLines.push(line);
      continue;
    }
    if (!line) {
      flush();
      continue;
    }
    const level = c0 === 35 /* # */ ? headingLevel(line) : 0;
    if (level > 0) {
      flush();
      lastIntro = listIntro = null;
      // "## 3. Counters …", "# Recall — design", "## Invariants (tests prove these)" → the heading's subject.
      const raw = headingText(line, level);
      const text = inline(raw, code).replace(MARKER_RE, '').replace(NUMBERED_HEADING_RE, '').replace(HEADING_EXTRA_RE, '').trim();
      if (text) headings.push((section = { text, level, index: sentences.length }));
      continue;
    }
    if (c0 === 124 /* | */) {
      flush(); // tables: not prose
      continue;
    }
    const body = c0 === 62 /* > */ ? line.replace(QUOTE_RE, '') : line;
    const b0 = body.charCodeAt(0);
    const item = b0 === 45 || b0 === 42 || b0 === 43 || (b0 >= 48 && b0 <= 57) ? ITEM_RE.exec(body) : null;
    if (item) {
      flush();
      const kind = item[1] ? 'bullet' : 'ordered';
      if (lastIntro) {
        lastIntro.intro = kind;
        listIntro = lastIntro;
      } else if (!paraList) listIntro = null;
      paraList = kind;
      para = body.slice(item[0].length);
      continue;
    }
    if (!para) paraList = listIntro = null;
    para = para ? `${para} ${body}` : body;
  }
  flush();
  return { headings, sentences, code, codeLines };
}

/** Inline Markdown → plain text. Code spans become \u0001…\u0002 so sentence splitting sees them. */
function inline(text: string, code: Set<string>): string {
  let out = text;
  if (out.includes('  ') || out.includes('\t')) out = out.replace(SPACE_RE, ' ');
  if (!SPECIAL_RE.test(out)) return out.trim();
  if (out.includes('\\')) out = out.replace(ESCAPE_RE, '$1');
  if (out.includes('](')) out = out.replace(LINK_RE, '$1');
  if (out.includes('`')) {
    out = out.replace(CODE_RE, (_, span: string) => {
      const term = span.trim();
      if (term.length <= 40) code.add(term);
      return `\u0001${term}\u0002`;
    });
  }
  if (out.includes('<')) out = out.replace(TAG_RE, '');
  if (MARKUP_CHAR_RE.test(out)) out = out.replace(MARKUP_RE, '');
  return (out.includes('  ') ? out.replace(SPACE_RE, ' ') : out).trim();
}

/** "e.g. Foo" is not the end of a sentence. `end` is just after the full stop. */
function isAbbreviation(text: string, start: number, end: number): boolean {
  const c = text.charCodeAt(end - 2);
  if (!(c >= 97 && c <= 122)) return false; // only a lower-case word before the stop can be one
  const space = text.lastIndexOf(' ', end - 1);
  if (end - 1 - space > 7) return false;
  return ABBREVIATIONS.has(text.slice(Math.max(start, space + 1), end - 1).toLowerCase());
}

/** "## Title" → 2; "#hashtag" or "####### x" → 0 (not a heading). */
function headingLevel(line: string): number {
  let level = 0;
  while (level < line.length && line.charCodeAt(level) === 35) level++;
  const after = line.charCodeAt(level);
  return level <= 6 && (after === 32 || after === 9) ? level : 0;
}

/** The heading's text, without the optional closing "##". */
function headingText(line: string, level: number): string {
  const text = line.slice(level).trim();
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 35) end--;
  return end < text.length && (end === 0 || text.charCodeAt(end - 1) === 32) ? text.slice(0, end).trim() : text;
}
