import { add, doFor, lowerTokens, stripEnd, subject, type Context } from './grammar';
import type { Sentence } from './parse';
import { NUMBERS, verbBase } from './words';

/**
 * Questions about a sentence's facts, as people ask them: how many, how large or how long
 * (a number and its unit), when (a year or a date), who (the agent of a passive). They come
 * from the chunk's own figures and names, where the topic templates only name a phrase.
 */

const COUNT = String.raw`(\d[\d,.]*|${[...NUMBERS].join('|')})`;
/** "can be at most 5 MB", "holds up to 512 tokens". */
const LIMIT_RE = new RegExp(String.raw`^(.{3,80}?)\s+(can|may|must|will|should)\s+be\s+(?:at most|up to|no more than|at least)\s+${COUNT}\s*([A-Za-z%]+)?`, 'i');
const HOLDS_RE = new RegExp(String.raw`^(.{3,80}?)\s+(holds?|keeps?|takes?|lasts?|has|have|gets?|contains?|uses?|makes?|retries|tries|allows?|waits?|received?|won|wrote|published)\s+(?:at most\s+|up to\s+|about\s+|exactly\s+|over\s+|nearly\s+)?${COUNT}(?:\s+(?:hundred|thousand|million|billion))?\s+([a-z][a-z-]*s)\b`, 'i');
const YEAR_RE = /\b(?:in|since|by|until|from|on)\s+(?:(?:january|february|march|april|may|june|july|august|september|october|november|december)\s+(?:\d{1,2},\s+)?)?((?:1[5-9]|20)\d\d)\b/i;
const PASSIVE_RE = /^(.{3,80}?)\s+(?:was|were)\s+[a-z]+(?:ed|en|wn|ilt|ade|ld|ught|un|ung|ut)\b/i;
const ACTIVE_PAST_RE = /^(.{3,80}?)\s+([a-z]{3,}ed)\b(.*?)\s+(?:in|since|by|on)\s/i;
const AGENT_RE = /^(.{3,80}?)\s+(?:was|were)\s+([a-z]+(?:ed|en|wn|ilt|ade|ld|ught))\s+by\s+([A-Z][\w.'-]*(?:\s+(?:[A-Z][\w.'-]*|de|van|von|of))*)/;

/** Units → the question word for their size. */
const SIZE_UNITS = new Set(['b', 'kb', 'mb', 'gb', 'tb', 'bytes', 'byte', 'kib', 'mib', 'gib']);
const TIME_UNITS = new Set(['s', 'ms', 'sec', 'secs', 'second', 'seconds', 'minute', 'minutes', 'min', 'hour', 'hours', 'h', 'day', 'days', 'week', 'weeks', 'year', 'years']);
const LENGTH_UNITS = new Set(['tokens', 'characters', 'words', 'chars', 'lines']);
/** Past participles that are their own past tense, or whose past tense this gives. */
const PAST_OF: Record<string, string> = { written: 'wrote', taken: 'took', given: 'gave', drawn: 'drew', shown: 'showed', known: 'knew', chosen: 'chose', driven: 'drove', begun: 'began', sung: 'sang', built: 'built', made: 'made', held: 'held', taught: 'taught', brought: 'brought', thought: 'thought', led: 'led', run: 'ran' };

export function factQuestions(s: Sentence, ctx: Context) {
  const text = stripEnd(s.text);
  if (text.length > 300 || text.endsWith('?')) return;
  const src = s.index;
  const nameOf = (raw: string) => {
    const trimmed = raw.trim();
    // "Each chunk", "every run": a quantified subject reads well in a how-many question.
    if (/^(each|every) [a-z-]+$/i.test(trimmed)) return trimmed.toLowerCase();
    // "Marie Curie", "The Eiffel Tower": a proper name keeps its capitals.
    if (/^(?:The )?[A-Z][a-z]+(?: [A-Z][\w-]*)+$/.test(trimmed)) return trimmed.replace(/^The /, 'the ');
    const tokens = trimmed.split(/\s+/);
    return subject(tokens, lowerTokens(tokens, tokens.length), ctx);
  };

  const limit = LIMIT_RE.exec(text);
  if (limit) {
    const who = nameOf(limit[1]!);
    const unit = (limit[4] ?? '').toLowerCase();
    const how = SIZE_UNITS.has(unit) ? 'How large' : TIME_UNITS.has(unit) ? 'How long' : LENGTH_UNITS.has(unit) ? 'How long' : null;
    if (who && how) add(ctx, `${how} ${limit[2]!.toLowerCase()} ${who} be?`, 'fact', 9, src);
    else if (who && unit && /^[a-z]+s$/.test(unit)) add(ctx, `How many ${unit} ${limit[2]!.toLowerCase()} ${who} have?`, 'fact', 8, src);
  }

  const holds = HOLDS_RE.exec(text);
  if (holds) {
    const who = nameOf(holds[1]!);
    const verb = verbBase(holds[2]!.toLowerCase() === 'retries' ? 'retry' : holds[2]!.toLowerCase());
    const past = /ed$|^(won|wrote|published)$/.test(holds[2]!.toLowerCase());
    const base = past ? (PRESENT_OF[holds[2]!.toLowerCase()] ?? pastBase(holds[2]!.toLowerCase())) : verb;
    if (who && base) add(ctx, `How many ${holds[4]!.toLowerCase()} ${past ? 'did' : doFor(who, ctx)} ${who} ${base}?`, 'fact', 9, src);
  }

  const year = YEAR_RE.exec(text);
  if (year) {
    // The verb whose clause holds the year: the last passive before it, with no "and" between.
    const before = text.slice(0, year.index);
    const passive = lastPassive(before);
    const active = passive ? null : ACTIVE_PAST_RE.exec(text);
    if (passive) {
      const who = nameOf(passive.subject);
      if (who) add(ctx, `When ${passive.aux} ${who} ${passive.participle}?`, 'fact', 9, src);
    } else if (active) {
      const who = nameOf(active[1]!);
      const rest = active[3]!.trim().split(/\s+/).slice(0, 6).join(' ');
      const base = pastBase(active[2]!.toLowerCase());
      if (who && base && !/[,;:]/.test(rest)) add(ctx, `When did ${who} ${base}${rest ? ` ${rest}` : ''}?`, 'fact', 9, src);
    }
  }

  const agent = AGENT_RE.exec(text);
  if (agent) {
    const what = nameOf(agent[1]!);
    const participle = agent[2]!.toLowerCase();
    const past = PAST_OF[participle] ?? (participle.endsWith('ed') ? participle : null);
    if (what && past) add(ctx, `Who ${past} ${what}?`, 'fact', 9, src);
  }
}

/** The last "was/were <participle>" before `text` ends whose clause reaches the end (no "and"/"," after it), with the sentence's subject. */
function lastPassive(text: string): { subject: string; aux: string; participle: string } | null {
  const first = PASSIVE_RE.exec(text);
  if (!first) return null;
  const all = [...text.matchAll(/\b(was|were)\s+([a-z]+(?:ed|en|wn|ilt|ade|ld|ught|un|ung|ut))\b/gi)];
  const last = all.at(-1)!;
  const after = text.slice(last.index! + last[0].length);
  if (/\b(and|but)\b|[,;]/.test(after)) return null;
  return { subject: first[1]!, aux: last[1]!.toLowerCase(), participle: last[2]!.toLowerCase() };
}

const PRESENT_OF: Record<string, string> = { won: 'win', wrote: 'write', published: 'publish', received: 'receive' };

/** "founded" → "found", "moved" → "move", "stopped" → "stop"; null when unsure. */
function pastBase(word: string): string | null {
  if (!word.endsWith('ed') || word.length < 5) return null;
  const stem = word.slice(0, -2);
  if (stem.endsWith('i')) return `${stem.slice(0, -1)}y`; // "carried" → "carry"
  if (stem.length > 3 && stem[stem.length - 1] === stem[stem.length - 2] && !/(ll|ss|ff|zz)$/.test(stem)) return stem.slice(0, -1); // "stopped"
  if (/(at|iz|is|us|ov|iv|uc|ac|ag|ur|ar|or|as|ang|ong|ng|bl|pl|tl|dl)$/.test(stem) && !/(ng)$/.test(stem.slice(-2)) ) return `${stem}e`; // "created", "moved", "used"
  return stem;
}
