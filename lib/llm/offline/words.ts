/**
 * The small English lexicon behind the offline generator: function words, auxiliaries, a
 * list of common verbs in base form, and cheap inflection helpers. Plain lookups, no
 * model: good enough for documentation prose, and fast.
 */

const set = (words: string) => new Set(words.split(/\s+/).filter(Boolean));

export const STOPWORDS = set(`a an the and or nor but if then else when whenever while of to in on at by for with
  from into onto about as is are was were be been being am do does did doing done have has had having it its this that
  these those there here they them their theirs we us our you your yours i me my he she his her him which who whom
  whose what where why how not no so than too very can cannot could should would may might must will shall also only
  just any all each every some such both either neither own same other more most much many few several one once up
  down out over under again further off per via within without across after before until since because though
  although whether yet still even ever never always often already now else whatever whichever let lets`);

/** Words that open a noun phrase. */
export const DETERMINERS = set(`a an the this that these those its their his her our your my each every some any all
  no one two three four five six seven eight nine ten several many few both another`);

/** Subjects that cannot be turned into a question on their own. */
export const PRONOUNS = set(`it its this that these those they their there here we you i he she which what who where how
  why when each every all some any no both either neither many most such everything nothing something anything everyone
  nobody someone`);

export const PREPOSITIONS = set(`in inside into on onto at by with from to for of through via under over after before
  during within across between against without per using about`);

export const AUX = set('is are was were has have had can cannot could does do did must should will would may might');

export const NUMBERS = set('one two three four five six seven eight nine ten');

/** Common verbs of technical prose, base form. */
export const VERBS = set(`accept act add allow answer append apply ask assign avoid back become begin belong block bring
  build cache call cancel cap cause change check choose clean clear click close collect come commit compare configure
  connect contain continue copy cost count cover create cut decide define delete depend deploy describe detect die disable
  download drop edit enable end enforce equal ensure exceed exist expire explain export extend fail fetch fill find finish
  fix follow force free generate get give go grow handle happen hold identify ignore import include increase install
  keep kill know land last lead leave let limit link list live load lock log look lose make mark match matter mean
  measure merge move need open override pass pause pay pick point poll prefer press print process proceed produce
  prove provide publish pull push put queue reach read receive record recover reduce refresh refuse register reject
  release remain remember remove rename reply report represent request require reset resolve restart restore resume
  retry return reuse review rise run save scale schedule search see seed select send serve set share show sign skip
  sort split start stay stop store stream submit summarize supply support take tell test track train trigger try turn
  update upgrade upload use validate verify wait want watch win work write yield`);

/** Verbs whose bare "What does X <verb>?" reads badly (they need a particle or a second object). */
export const PARTICLE_VERBS = set(`turn put bring set take get make give let keep go come hand back move send lead leave
  stay become end begin happen work live fail win rise land grow matter last exist remain depend belong point`);

export const PARTICIPLES = set(`kept built sent shown written given taken made held set put run done seen known split
  cut read left found brought bought begun chosen drawn driven frozen hidden lost meant paid spent told thrown
  understood won`);

const E_STEMS = set(`us mak tak writ typ choos clos resum sav delet schedul continu stor retriev releas cach leav hav
  giv com becom chang scal reus provid includ exclud decid guid compar prepar shar declar serv preserv receiv archiv
  restor retir fir wir hir upgrad trad manag imag creat purg merg tun lin rul ti`);
const E_ENDING = /(?:[^aeiou]at|iz|ys|uc|ov|rg|dg|bl|pl|tl|gl|iv|gur|sur|tur|uir)$/;
const KEEP_DOUBLE = set('add err buzz inn');

/** "installing" → "install", "stopping" → "stop", "generating" → "generate"; null for non-gerunds. */
export function gerundBase(word: string): string | null {
  const w = word.toLowerCase();
  if (!w.endsWith('ing') || w.length < 6) return null;
  const stem = w.slice(0, -3);
  if (E_STEMS.has(stem) || E_ENDING.test(stem)) return `${stem}e`;
  const n = stem.length;
  const last = stem[n - 1]!;
  if (!KEEP_DOUBLE.has(stem) && last === stem[n - 2]) {
    if ('bdgmnprt'.includes(last) || (stem.endsWith('ell') && n > 5)) return stem.slice(0, -1);
  }
  return stem;
}


/** Third-person "applies" → "apply", "has" → "have"; other words unchanged. */
export function verbBase(word: string): string {
  const w = word.toLowerCase();
  const n = w.length;
  if (n < 3 || w.charCodeAt(n - 1) !== 115 /* s */) return w === 'is' ? 'be' : w;
  if (w === 'has') return 'have';
  if (w === 'does') return 'do';
  if (w === 'goes') return 'go';
  if (w === 'is' || w === 'are') return 'be';
  if (n > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.endsWith('es') && esPlural(w)) return w.slice(0, -2);
  if (!w.endsWith('ss') && !w.endsWith('us')) return w.slice(0, -1);
  return w;
}

/** "…sses", "…shes", "…ches", "…xes", "…zes": the plural or third person adds "es". */
function esPlural(w: string): boolean {
  const c = w.charCodeAt(w.length - 3);
  if (c === 120 /* x */ || c === 122 /* z */) return true;
  if (c === 115 /* s */) return w.charCodeAt(w.length - 4) === 115;
  if (c === 104 /* h */) {
    const b = w.charCodeAt(w.length - 4);
    return b === 115 /* s */ || b === 99 /* c */;
  }
  return false;
}

/** Is `word` a known verb in third-person singular ("checks", "applies")? */
export function isVerbS(lower: string): boolean {
  return lower.length > 3 && lower.endsWith('s') && !lower.endsWith('ss') && VERBS.has(verbBase(lower));
}

const IRREGULAR_PLURALS = set('corpora data criteria media people children indices');

/** A plural noun, by its last word: "workers", "corpora" (not "status", "class", "analysis"). */
export function isPlural(phrase: string): boolean {
  const last = phrase.slice(phrase.lastIndexOf(' ') + 1).toLowerCase();
  if (last.length <= 3 || !last.endsWith('s')) return IRREGULAR_PLURALS.has(last);
  return !(last.endsWith('ss') || last.endsWith('us') || last.endsWith('is') || last.endsWith('ics'));
}

/** "statuses" → "status", "reasons" → "reason", "entries" → "entry". */
export function singular(word: string): string {
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if ((word.endsWith('es') && esPlural(word)) || word.endsWith('ses')) return word.slice(0, -2);
  return word.endsWith('s') ? word.slice(0, -1) : word;
}

/** A token without surrounding punctuation or a possessive "'s": "(Recall's" → "Recall". */
export function trimToken(token: string): string {
  let start = 0;
  let end = token.length;
  while (start < end && isLeadingPunct(token.charCodeAt(start))) start++;
  while (end > start && isTrailingPunct(token.charCodeAt(end - 1))) end--;
  if (end - start > 2 && token.charCodeAt(end - 1) === 115 /* s */ && token.charCodeAt(end - 2) === 39 /* ' */) end -= 2;
  return start === 0 && end === token.length ? token : token.slice(start, end);
}

// ( " ' “ ‘
const isLeadingPunct = (c: number) => c === 40 || c === 34 || c === 39 || c === 0x201c || c === 0x2018;
// ) " ' ” ’ . , ; : ! ?
const isTrailingPunct = (c: number) =>
  c === 41 || c === 34 || c === 39 || c === 0x201d || c === 0x2019 || c === 46 || c === 44 || c === 59 || c === 58 || c === 33 || c === 63;

/** A token without surrounding punctuation, lower-cased. */
export function bare(token: string): string {
  return trimToken(token).toLowerCase();
}

/** Words that are both a common noun and a verb: a heading starting with one is usually a noun phrase. */
export const NOUN_VERBS = set(`run test record report request list update change process work search answer cost count
  end start set use review block cache check control design display export import limit log mark need order place
  queue rate reset result return score share sign stop stream support train trigger watch live`);

/** Content words too general to ask about on their own. */
export const GENERIC = set(`like example examples way ways thing things time times part kind lot case fact easy hard
  different same new old first last next own whole possible available enough optional useful real true exact fresh
  short long small large big good bad later earlier certain specific general various usual normal simple main
  important following above below multiple single whole null true false`);
