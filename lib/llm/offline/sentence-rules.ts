import { add, capitalise, clause, doFor, findVerb, lead, lowerTokens, stripEnd, subject, type Context } from './grammar';
import type { Sentence } from './parse';
import { bare, DETERMINERS, isPlural, isVerbS, NOUN_VERBS, NUMBERS, PARTICIPLES, PARTICLE_VERBS, PREPOSITIONS, VERBS, verbBase } from './words';

/**
 * One sentence → questions it answers, by the shape of the sentence: conditions ("If X, Y"),
 * purposes ("To X, do Y"), definitions ("A run is a …"), modals ("You can …"), passives
 * ("X is kept in Y"), reasons ("… because …") and plain actions ("Workers check …").
 */

const CONDITION_RE = /^(if|when|whenever|once|after)\s+([^,;:]{6,140}?),\s+(\S.*)$/i;
const PURPOSE_RE = /^to\s+([a-z][^,;:]{4,100}?),\s+(\S.*)$/i;
const TRAILING_TO_RE = /,?\s+to\s+([a-z][^,;:]{4,80})$/;
const INTRO_RE =
  /^(?:(?:typically|usually|normally|generally|currently|optionally|alternatively|additionally|similarly),?\s+|(?:by default|in practice|in addition|for example|for instance|however|otherwise|also|then|later|sometimes|typically|normally|usually|finally|first|next|instead|in short|in other words|this way),\s*|(?:in|on|at|with|by|for|during|inside|across|within|without|from|until|before|like)\s+[^,]{2,50},\s+)/i;
const HAPPENS_RE = /^(.{3,80}?)\s+happens\s+(?:only\s+)?(?:when|after|if|as soon as|once|before)\s/i;
const AVAILABLE_RE = /^(.{2,60}?)\s+(is|are)\s+(?:only\s+)?available\s+(?:only\s+)?(?:when|in|for|if|on|from|while)\s/i;
const DEFAULT_PAREN_RE = /((?:[\w-]+\s){0,2}[\w-]+)\s*\((?:the\s)?default\s\S/i;
const DEFAULT_IS_RE = /^the default is\s/i;
const COMMA_DEFAULT_RE = /,\s*(?:the\s+)?default\s/i;
const BETWEEN_RE = /^between\s+\S+\s+and\s/i;

const CONDITIONS = new Set(['if', 'when', 'whenever', 'once', 'after']);
const DANGLING = new Set(['it', 'this', 'they', 'them', 'these', 'those', 'he', 'she']);
const CLAUSE_BREAK_RE = /[,;:]/;
const DANGLING_RE = /\b(?:it|them|they|this)\b/i;
const ADVERBS = new Set(['only', 'always', 'automatically', 'also', 'first', 'then', 'still', 'usually', 'normally', 'immediately']);
const WHERE_PREPS = new Set(['in', 'inside', 'into', 'under']);
const HOW_PREPS = new Set(['by', 'with', 'through', 'via', 'using', 'from', 'as']);
const WHEN_PREPS = new Set(['when', 'after', 'before', 'once', 'until', 'within', 'whenever', 'during']);
const PLACED = new Set(['stored', 'kept', 'saved', 'written', 'logged', 'shown', 'listed', 'found', 'located', 'defined', 'recorded', 'placed', 'published', 'managed', 'hosted', 'held', 'displayed', 'cached', 'persisted', 'configured', 'set']);
const WHERE_VERBS = new Set(['live', 'run', 'sit', 'reside']);

export function sentenceQuestions(s: Sentence, ctx: Context) {
  const text = s.text;
  if (text.endsWith('?') || text.length > 400) return;
  const src = s.index;
  let main = stripEnd(text);

  // Cheap guards first: most sentences match none of the patterns below.
  const opener = main.slice(0, main.indexOf(' ')).toLowerCase();
  const condition = CONDITIONS.has(opener) ? CONDITION_RE.exec(main) : null;
  if (condition) {
    const words = condition[2]!.split(' ');
    const first = words[0]!.toLowerCase();
    let body: string | null = condition[2]!;
    if (first === 'it') body = ctx.topic && words.length > 1 ? `${ctx.topic} ${words.slice(1).join(' ')}` : null;
    if (words.some((w, i) => (i > 0 || first !== 'it') && DANGLING.has(w.toLowerCase()))) body = null;
    if (body && words.length >= (condition[1]!.toLowerCase() === 'after' ? 3 : 2) && words.length <= 14) {
      const conj = condition[1]!.toLowerCase() === 'whenever' ? 'when' : condition[1]!.toLowerCase();
      add(ctx, `What happens ${conj} ${body}?`, 'conditional', 8, src);
    }
    main = condition[3]!;
  }

  const purpose = main.startsWith('To ') || main.startsWith('to ') ? PURPOSE_RE.exec(main) : null;
  if (purpose) {
    if (VERBS.has(purpose[1]!.slice(0, purpose[1]!.indexOf(' '))) && !DANGLING_RE.test(purpose[1]!)) add(ctx, `How do I ${purpose[1]}?`, 'purpose', 8, src);
    main = purpose[2]!;
  } else {
    const firstWord = main.slice(0, main.indexOf(' ')).toLowerCase();
    const trailing = VERBS.has(firstWord) && main.includes(' to ') ? TRAILING_TO_RE.exec(main) : null;
    if (trailing && VERBS.has(trailing[1]!.slice(0, trailing[1]!.indexOf(' '))) && !DANGLING_RE.test(trailing[1]!)) {
      add(ctx, `How do I ${trailing[1]}?`, 'purpose', 8, src);
    }
  }

  const comma = main.indexOf(', ');
  const intro = (comma > 0 && comma < 60) || main.startsWith('Typically') ? INTRO_RE.exec(main) : null;
  if (intro) main = main.slice(intro[0].length);

  const happens = main.includes(' happens ') ? HAPPENS_RE.exec(main) : null;
  if (happens) {
    const who = subjectOf(happens[1]!, ctx);
    if (who) add(ctx, `When does ${who} happen?`, 'when', 8, src);
  }
  const available = main.includes(' available ') ? AVAILABLE_RE.exec(main) : null;
  if (available) {
    const who = subjectOf(available[1]!, ctx);
    if (who) add(ctx, `When ${available[2]!.toLowerCase()} ${who} available?`, 'when', 8, src);
  }

  // The rules look at a sentence's start: split the rest only on demand.
  const tokens = splitHead(main, HEAD);
  const lowers = lowerTokens(tokens, 12);
  const v = findVerb(lowers);
  const who = v > 0 ? subject(tokens.slice(0, v), lowers.slice(0, v), ctx) : null;

  if (main.includes('default')) defaults(main, who, ctx, src);
  if (!who) return;
  if (ctx.code.has(who)) ctx.topic = who;
  const verb = lowers[v]!;
  const next = lowers[v + 1] ?? '';

  if (verb === 'is' || verb === 'are') {
    if (next === 'a' || next === 'an' || next === 'the' || next === 'one') {
      if (who.includes(' ')) add(ctx, `What ${verb} ${who}?`, 'definition', 9, src);
      else if (ctx.code.has(who) || verb === 'is') add(ctx, `What does ${who} refer to?`, 'definition', 8, src);
      ctx.topic = who;
      return;
    }
    if (BETWEEN_RE.test(tokens.slice(v + 1, v + 5).join(' '))) {
      add(ctx, `What values are allowed for ${who}?`, 'default', 7, src);
      return;
    }
    let p = v + 1;
    if (lowers[p] === 'not' || lowers[p] === 'never') return;
    if (ADVERBS.has(lowers[p] ?? '')) p++;
    const participle = lowers[p] ?? '';
    if (participle.endsWith('ed') || PARTICIPLES.has(participle)) {
      const prep = lowers[p + 1] ?? '';
      const after = lowers[p + 2] ?? '';
      const vague = NUMBERS.has(after) || after === 'several' || after === 'many' || after === 'different';
      const wh = vague ? 'How' : WHERE_PREPS.has(prep) && PLACED.has(participle) ? 'Where' : HOW_PREPS.has(prep) ? 'How' : WHEN_PREPS.has(prep) ? 'When' : prep === 'because' ? 'Why' : null;
      if (wh) add(ctx, `${wh} ${verb} ${who} ${stripEnd(tokens[p]!)}?`, 'passive', 6, src);
    } else if (p === v + 1 && participle && !DETERMINERS.has(participle) && !NUMBERS.has(participle) && !/^\d/.test(participle)) {
      // "Cancel is cooperative: …", "Batch job ids are deterministic."
      const complement = clause(tokens, lowers, p, 3);
      const codeLike = startsCode(stripEnd(tokens[p]!), ctx.code);
      if (complement && !codeLike && !NUMBERS.has(lowers[0]!)) add(ctx, `What does it mean that ${who} ${verb} ${complement}?`, 'meaning', 7, src);
    }
  }

  if (verb === 'can' || verb === 'cannot' || verb === 'must' || verb === 'should' || verb === 'may') {
    let p = v + 1;
    let negated = verb === 'cannot';
    while (p < lowers.length && (lowers[p] === 'not' || lowers[p] === 'never' || lowers[p] === 'also' || lowers[p] === 'always' || lowers[p] === 'still')) {
      if (lowers[p] === 'not' || lowers[p] === 'never') negated = true;
      p++;
    }
    const words = allTokens(main, tokens);
    const rest = clause(words, lowerTokens(words, words.length, lowers), p, 12);
    const modalVerb = lowers[p] ?? '';
    if (!rest || !(VERBS.has(modalVerb) || modalVerb === 'be' || modalVerb === 'have') || DANGLING_RE.test(rest)) return;
    const you = who.toLowerCase() === 'you';
    const me = you ? 'I' : who;
    const body = you ? toFirstPerson(rest) : rest;
    if (verb === 'must' && !negated) add(ctx, `${you ? 'Do' : capitalise(doFor(who, ctx))} ${me} have to ${body}?`, 'modal', 6, src);
    else if (verb === 'should' && !negated) add(ctx, `Should ${me} ${body}?`, 'modal', 6, src);
    else add(ctx, `Can ${me} ${body}?`, 'modal', 6, src);
    return;
  }

  if ((verb === 'do' || verb === 'does') && next === 'not' && who.toLowerCase() === 'you') {
    const words = allTokens(main, tokens);
    const rest = clause(words, lowerTokens(words, words.length, lowers), v + 2, 14);
    if (rest && !DANGLING_RE.test(rest) && (lowers[v + 2] === 'need' || lowers[v + 2] === 'have')) add(ctx, `Do I ${toFirstPerson(rest)}?`, 'modal', 6, src);
    return;
  }

  const words = main.includes(' because ') ? allTokens(main, tokens) : tokens;
  const because = words === tokens || lowers[v - 1] === 'never' ? -1 : lowerTokens(words, words.length, lowers).indexOf('because');
  if (because > v + 1 && because <= v + 11) {
    const rest = stripEnd(words.slice(v + 1, because).join(' '));
    // "Runs take days; the product exists because …": across a comma or semicolon the reason is another clause's.
    const sameClause = !CLAUSE_BREAK_RE.test(rest);
    if (sameClause && (verb === 'is' || verb === 'are' || verb === 'can')) add(ctx, `Why ${verb} ${who} ${rest}?`, 'why', 6, src);
    else if (sameClause && !AUXILIARY_FORMS.has(verb)) add(ctx, `Why ${doFor(who, ctx)} ${who} ${verbBase(verb)}${rest ? ` ${rest}` : ''}?`, 'why', 6, src);
  }

  if (AUXILIARY_FORMS.has(verb) || lowers[v - 1] === 'never' || lowers[v - 1] === 'not') return; // "Refresh never changes a run"
  const base = isVerbS(verb) ? verbBase(verb) : verb;
  const does = doFor(who, ctx);
  if (WHERE_VERBS.has(base) && WHERE_PREPS.has(next)) {
    add(ctx, `Where ${does} ${who} ${base}?`, 'passive', 6, src);
  } else if (!PARTICLE_VERBS.has(base) && !who.toLowerCase().includes(base) && (DETERMINERS.has(next) || isPlural(next) || namesObject(stripEnd(tokens[v + 1] ?? ''), ctx))) {
    add(ctx, `What ${does} ${who} ${base}?`, 'action', 5, src);
  } else if (isName(who, ctx)) {
    add(ctx, `What ${does} ${who} do?`, 'action', 5, src);
  }
}

const AUXILIARY_FORMS = new Set(['is', 'are', 'was', 'were', 'has', 'have', 'had', 'can', 'cannot', 'could', 'does', 'do', 'did', 'must', 'should', 'will', 'would', 'may', 'might']);

/** "The default is 3000." / "a chunk size (default 512 tokens)" / "…, default 512." */
function defaults(main: string, who: string | null, ctx: Context, src: number) {
  const at = Math.max(main.indexOf('(default'), main.indexOf('(the default'));
  // A window before "(default", so that a long run of word characters cannot make the match slow.
  const paren = at > 0 ? DEFAULT_PAREN_RE.exec(main.slice(Math.max(0, at - 60), at + 16)) : null;
  if (paren) {
    const words = paren[1]!.split(' ').filter((w) => !DETERMINERS.has(w.toLowerCase()) && !PREPOSITIONS.has(w.toLowerCase()));
    if (words.some((w) => isVerbS(w.toLowerCase()) || (VERBS.has(w.toLowerCase()) && !NOUN_VERBS.has(w.toLowerCase())))) return; // "workers poll (default 2 s)"
    if (words.length > 0) add(ctx, `What is the default ${words.join(' ').toLowerCase()}?`, 'default', 8, src);
    return;
  }
  if (DEFAULT_IS_RE.test(main)) {
    if (ctx.topic) add(ctx, `What is the default value of ${ctx.topic}?`, 'default', 8, src);
    return;
  }
  if (who && COMMA_DEFAULT_RE.test(main)) {
    const noun = who.replace(/^(?:the|a|an|each|every)\s+/i, '');
    add(ctx, `What is the default ${noun}?`, 'default', 8, src);
  }
}

const HEAD = 14;

/** The first `n` space-separated tokens of `text` (all of them when there are fewer). */
function splitHead(text: string, n: number): string[] {
  const out: string[] = [];
  let start = 0;
  while (out.length < n) {
    const space = text.indexOf(' ', start);
    out.push(space < 0 ? text.slice(start) : text.slice(start, space));
    if (space < 0) break;
    start = space + 1;
  }
  return out;
}

/** The token opens a code span: "offline" of `offline`. */
function startsCode(token: string, code: Set<string>): boolean {
  for (const c of code) if (c.startsWith(token)) return true;
  return false;
}

function allTokens(text: string, head: string[]): string[] {
  return head.length < HEAD ? head : text.split(' ');
}

function subjectOf(text: string, ctx: Context): string | null {
  const tokens = text.split(' ');
  return subject(tokens, tokens.map(bare), ctx);
}

function toFirstPerson(text: string): string {
  return text.replace(/\byourself\b/g, 'myself').replace(/\byour\b/g, 'my');
}

/** The verb's object starts with a code term, a name or a number: "needs Node.js 22.12". */
function namesObject(token: string, ctx: Context): boolean {
  if (!token) return false;
  const c = token.charCodeAt(0);
  return ctx.code.has(token) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90 && lead(token, ctx) === token);
}

/** A code term or a capitalised name ("Recall", "Force start", `pg-boss`). */
function isName(who: string, ctx: Context): boolean {
  if (ctx.code.has(who)) return true;
  const c = who.charCodeAt(0);
  return c >= 65 && c <= 90 && who.split(' ').length <= 3 && lead(who, ctx) === who;
}
