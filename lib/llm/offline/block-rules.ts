import { add, capitalise, findVerb, lead, stripEnd, subject, type Context } from './grammar';
import type { Heading, Sentence } from './parse';
import { AUX, bare, DETERMINERS, gerundBase, isPlural, isVerbS, NOUN_VERBS, NUMBERS, PREPOSITIONS, singular, STOPWORDS, VERBS, verbBase } from './words';

/**
 * Questions from the structure around sentences: a heading ("## Retry failed chunks" →
 * "How do you retry failed chunks?"), a list's introduction ("Recall has four pages:" →
 * "What pages does Recall have?") and definition-style list items ("- `queued`: the run
 * was created…" → "What does the queued status mean?").
 */

const WH = new Set(['what', 'how', 'where', 'when', 'why', 'which', 'who']);
const PERSONS = new Set(['you', 'i', 'we', 'they']);
const QUANTIFIER_RE = /^(?:a few|several|some|the following|these|many|two|three|four|five|six|seven|eight|nine|ten)\s+(\S+)\s+(.+)$/i;
const HAS_QUANTIFIER_RE =
  /^(.{2,40}?)\s+(has|have|\S+s)\s+(?:a few|several|some|the following|these|many|two|three|four|five|six|seven|eight|nine|ten)\s+(\S+)(.*)$/i;
const LIST_IS_RE = /^(.{3,50}?)\s+(are|is|include)$/i;
const TERM_RE = /^([^:]{1,40}):\s+(.{10,})$/;

/** Heading words in Title Case read in lower case inside a question ("The Run Lifecycle" → "the run lifecycle"). */
function headingTokens(h: Heading, ctx: Context): string[] {
  return stripEnd(h.text)
    .split(' ')
    .map((t, i) => (i === 0 ? t : lead(t, ctx)));
}

export function headingQuestion(h: Heading, first: Sentence | null, ctx: Context) {
  const score = h.level === 1 ? 8 : 9;
  const src = -1 - h.index;
  if (h.text.endsWith('?')) return add(ctx, h.text, 'heading', score, src);
  const tokens = headingTokens(h, ctx);
  const colon = tokens.findIndex((t) => t.endsWith(':'));
  if (colon >= 0 && colon < tokens.length - 2) tokens.splice(0, colon + 1); // "Step 3: choose the right connection"
  const lowers = tokens.map(bare);
  const head = lowers[0]!;
  const rest = tokens.slice(1).join(' ');
  // A one-word title is usually the product's name: "# Recall".
  const text = `${lead(tokens[0]!, ctx, tokens.length === 1 && h.level === 1)}${rest ? ` ${rest}` : ''}`;
  const n = tokens.length;

  if ((head === 'if' || head === 'when' || head === 'once') && lowers[1] !== 'to') return add(ctx, `What happens ${text}?`, 'heading', score, src);
  if (WH.has(head)) {
    const q = whHeading(tokens, lowers, ctx);
    if (q) add(ctx, q, 'heading', score, src);
    return;
  }
  // A glossary-style entry: "## Chunk" then "A passage of a document, …"
  if (n <= 3 && !(VERBS.has(head) && !NOUN_VERBS.has(head)) && first && definesHeading(first, lowers)) {
    const article = articleFor(text, first);
    if (!article && n === 1) return add(ctx, `What does ${text} do?`, 'heading', score, src); // "What is Recall?" is too short a question
    return add(ctx, `What is ${article}${text}?`, 'heading', score, src);
  }
  const gerund = gerundBase(head);
  const imperative = VERBS.has(head) && !NOUN_VERBS.has(head);
  if (!gerund && !imperative && PROBLEM_RE.test(text)) return add(ctx, `What should I do if ${text}?`, 'heading', score, src);
  const verbAt = lowers.findIndex(
    (w, i) => i > 0 && (AUX.has(w) || ((isVerbS(w) || (VERBS.has(w) && isPlural(lowers[i - 1]!))) && opensObject(lowers[i + 1]))),
  );
  if (verbAt > 0) return add(ctx, `What does it mean that ${text}?`, 'heading', score, src);
  // "Signing in and the API" joins a noun, not a second action: no "How do you …?".
  if (gerund && !lowers.some((w, i) => i > 0 && lowers[i - 1] === 'and' && DETERMINERS.has(w))) {
    const words = tokens.map((t, i) => (i > 0 && (lowers[i - 1] === 'and' || lowers[i - 1] === 'or') ? (gerundBase(t) ?? t) : t));
    words[0] = gerund;
    return add(ctx, `How do you ${words.join(' ')}?`, 'heading', score, src);
  }
  if (text.includes(',')) return add(ctx, `What should I know about ${text}?`, 'heading', score, src);
  const second = lowers[1] ?? '';
  const nounCompound = NOUN_VERBS.has(head) && n > 1 && !DETERMINERS.has(second) && !PARTICLES.has(second);
  if (VERBS.has(head) && !isPlural(head) && second !== 'and' && !nounCompound) {
    if (n === 1 || (n === 2 && VERBS.has(second) && !PARTICLES.has(second))) return add(ctx, `What does ${capitalise(tokens.join(' '))} do?`, 'heading', score, src);
    return add(ctx, `How do you ${head} ${rest}?`, 'heading', score, src);
  }
  const prepositional = n > 3 && lowers.some((w) => PREPOSITIONS.has(w));
  if (lowers.includes('and') || text.includes(',') || NUMBERS.has(head) || head === 'your' || lowers.at(-1) === 'work' || prepositional) {
    return add(ctx, `What should I know about ${text.replace(/\byour\b/gi, 'my')}?`, 'heading', score, src);
  }
  if (isPlural(text)) return add(ctx, `What are ${DETERMINERS.has(head) ? '' : 'the '}${text}?`, 'heading', score, src);
  if (DETERMINERS.has(head)) return add(ctx, `What is ${text}?`, 'heading', score, src);
  const the = first && !text.includes(' ') && bare(first.text.slice(0, first.text.indexOf(' '))) === 'the' ? 'the ' : '';
  return add(ctx, `How does ${the}${text} work?`, 'heading', score, src);
}

/** A heading that names a problem: "Uploads are refused", "Recall does not start". */
const PROBLEM_RE = /\b(?:fail(?:s|ed|ing)?|refused|rejected|not|never|cannot|stuck|slow|missing|lost|crash(?:es|ed)?|wrong|broken|error)\b/i;
const PARTICLES = new Set(['in', 'out', 'up', 'down', 'over', 'off', 'on', 'back']);

function opensObject(next: string | undefined): boolean {
  return next !== undefined && (DETERMINERS.has(next) || PREPOSITIONS.has(next) === false);
}

/** The section's first sentence defines the heading: a verbless "A passage of …", or "A chunk is …". */
function definesHeading(first: Sentence, heading: string[]): boolean {
  const tokens = first.text.split(' ');
  const lowers = tokens.map(bare);
  const lead0 = lowers[0]!;
  if (lead0 !== 'a' && lead0 !== 'an' && lead0 !== 'the' && lead0 !== 'one') {
    return heading.length <= 2 && lowers[heading.length] === 'is' && heading.every((w, i) => lowers[i] === w);
  }
  const stop = lowers.findIndex((w, i) => tokens[i]!.endsWith(',') || tokens[i]!.endsWith(':') || w === 'that' || w === 'whose' || w === 'which');
  const clauseWords = stop < 0 ? lowers : lowers.slice(0, stop + 1);
  if (clauseWords.length > 1 && clauseWords[1] === heading[0] && clauseWords[2] === 'is') return true;
  return findVerb(clauseWords) < 0;
}

function articleFor(text: string, first: Sentence): string {
  // A name ("Recall", `RECALL_WORKER`: lead() kept its capital) or a phrase with its own article takes none.
  if (/^[A-Z]/.test(text) || DETERMINERS.has(bare(text.split(' ')[0]!))) return '';
  const opener = bare(first.text.slice(0, first.text.indexOf(' ')));
  if (opener === 'the') return 'the ';
  if (opener !== 'a' && opener !== 'an' && opener !== 'one' && text.includes(' ')) return '';
  return /^[aeiou]/i.test(text) ? 'an ' : 'a ';
}

/** "What you need" → "What do you need?", "Which chunks a continuation covers" → "Which chunks does a continuation cover?" */
function whHeading(tokens: string[], lowers: string[], ctx: Context): string | null {
  const wh = capitalise(lowers[0]!);
  if (lowers[1] === 'to' && tokens.length > 2) {
    // "How to retry", "When to review"
    return `${wh} ${lowers[0] === 'how' ? 'do' : 'should'} I ${tokens.slice(2).join(' ')}?`;
  }
  if (AUX.has(lowers[1] ?? '') || isVerbS(lowers[1] ?? '')) return `${tokens.join(' ')}?`; // "What changes and what stays the same"
  if (lowers[0] === 'when' || lowers[0] === 'if') return null;
  let i = 1;
  let object = '';
  if ((lowers[0] === 'which' || lowers[0] === 'what') && tokens.length > 2 && !PERSONS.has(lowers[1]!) && !DETERMINERS.has(lowers[1]!)) {
    object = `${tokens[1]} `;
    i = 2;
  }
  if (i >= tokens.length) return null;
  if (PERSONS.has(lowers[i]!)) return `${wh} ${object}do ${tokens.slice(i).join(' ')}?`;
  const v = findVerbFrom(lowers, i);
  if (v === i && object) {
    if (lowers[0] === 'which') return `${tokens.join(' ')}?`; // the noun is the subject: "Which actions apply …"
    return inverted(wh, '', tokens.slice(1, 2), tokens, lowers, v, ctx); // "What Continue does"
  }
  if (v <= i) return lowers[0] === 'which' ? `${tokens.join(' ')}?` : null;
  return inverted(wh, object, tokens.slice(i, v), tokens, lowers, v, ctx);
}

function inverted(wh: string, object: string, who: string[], tokens: string[], lowers: string[], v: number, ctx: Context): string {
  const subjectText = `${lead(who[0]!, ctx)}${who.length > 1 ? ` ${who.slice(1).join(' ')}` : ''}`;
  const after = tokens.slice(v + 1).join(' ');
  const verb = lowers[v]!;
  const tail = after ? ` ${after}` : '';
  if (verb === 'has' || verb === 'have') return `${wh} ${object}${verb === 'has' ? 'does' : 'do'} ${subjectText} have${tail}?`;
  if (verb === 'does' || verb === 'do') return `${wh} ${object}${verb} ${subjectText} do${tail}?`;
  if (AUX.has(verb)) return `${wh} ${object}${verb} ${subjectText}${tail}?`;
  const does = isVerbS(verb) ? 'does' : 'do';
  return `${wh} ${object}${does} ${subjectText} ${verbBase(verb)}${tail}?`;
}

function findVerbFrom(lowers: string[], from: number): number {
  for (let i = from; i < lowers.length; i++) {
    const w = lowers[i]!;
    if (AUX.has(w) || (i > from && isVerbS(w))) return i;
    if (i > from && VERBS.has(w) && isPlural(lowers[i - 1]!)) return i;
  }
  return -1;
}

/** The sentence before a list, ending in ":". */
export function listIntroQuestion(s: Sentence, ctx: Context) {
  if (s.text.length > 300) return;
  const src = s.index;
  let text = stripEnd(s.text);
  const comma = text.indexOf(', ');
  if (comma > 0 && comma < 40 && !text.slice(0, comma).includes(' is ')) text = text.slice(comma + 2); // "On first use, …"
  const quantified = QUANTIFIER_RE.exec(text);
  if (quantified && !VERBS.has(quantified[1]!.toLowerCase())) {
    return add(ctx, `What ${quantified[1]!.toLowerCase()} ${quantified[2]}?`, 'list', 7, src);
  }
  const has = HAS_QUANTIFIER_RE.exec(text);
  if (has) {
    const tokens = has[1]!.split(' ');
    const who = subject(tokens, tokens.map(bare), ctx);
    const verb = has[2]!.toLowerCase();
    if (who && (verb === 'has' || verb === 'have' || isVerbS(verb))) {
      const does = verb === 'have' ? 'do' : 'does';
      return add(ctx, `What ${has[3]!.toLowerCase()} ${does} ${who} ${verbBase(verb)}${has[4]}?`, 'list', 7, src);
    }
  }
  const listIs = LIST_IS_RE.exec(text);
  if (listIs) {
    const tokens = listIs[1]!.split(' ');
    const lowers = tokens.map(bare);
    const who = findVerb(lowers) < 0 ? subject(tokens, lowers, ctx) : null;
    if (who && isPlural(who)) return add(ctx, `What are ${who}?`, 'list', 7, src);
  }
  if (s.intro === 'ordered' && s.section) {
    const topic = headingTokens(s.section, ctx);
    const first = gerundBase(topic[0]!);
    const lowered = `${first ?? lead(topic[0]!, ctx)} ${topic.slice(1).join(' ')}`.trim().replace(/\byour\b/gi, 'my');
    add(ctx, first ? `What are the steps to ${lowered}?` : `What are the steps for ${lowered}?`, 'list', 6, src);
  }
}

/** "- `queued`: the run was created and is waiting …" */
export function listItemQuestion(s: Sentence, ctx: Context) {
  const term = TERM_RE.exec(s.text);
  if (!term) return;
  const name = term[1]!.trim();
  const description = term[2]!.split(' ');
  const nameWords = name.toLowerCase().split(' ');
  if (nameWords.length > 3 || description.length < 5 || name.includes(',') || nameWords.some((w) => w === 'and' || PREPOSITIONS.has(w))) return;
  if (!description.some((w) => STOPWORDS.has(w.toLowerCase()))) return; // a list of values, not a description
  const named = lead(name, ctx, !name.includes(' '));
  if (isPlural(name) && !ctx.code.has(name)) return add(ctx, `What are ${named}?`, 'term', 6, s.index);
  const heading = s.section ? headingTokens(s.section, ctx).map(bare) : [];
  const kept = heading.filter((w) => !DETERMINERS.has(w) && !NUMBERS.has(w));
  if (kept.length > 0 && kept.length <= 2 && isPlural(kept.at(-1)!)) {
    kept[kept.length - 1] = singular(kept.at(-1)!);
    return add(ctx, `What does the ${named} ${kept.join(' ')} mean?`, 'term', 7, s.index);
  }
  // "The main tables are:" → "What is the runs table?"
  const introWords = s.listIntro ? s.listIntro.text.split(' ').slice(0, 6).map(bare) : [];
  const noun = introWords.findLast((w, i) => i > 0 && isPlural(w) && !isVerbS(w) && !STOPWORDS.has(w));
  if (noun) return add(ctx, `What is the ${named} ${singular(noun)}?`, 'term', 7, s.index);
  add(ctx, `What does ${named} mean?`, 'term', 7, s.index);
}
