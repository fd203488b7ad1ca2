import { describe, expect, it } from 'vitest';
import { NEAR_DUPLICATE, nearDuplicates, normalizeQuestion, trigramSimilarity } from '@/lib/review/signals/duplicates';
import { languageOf, SHAPE, shapeOf } from '@/lib/review/signals/shape';

const WATER =
  'The water cycle describes how water evaporates from the surface of the earth, rises into the atmosphere, ' +
  'cools and condenses into clouds, and falls again to the surface as precipitation. Most of the water that ' +
  'evaporates comes from the oceans, and the sun supplies the energy that drives the whole cycle.';
const ZUGSPITZE =
  'The Zugspitze, at 2,962 metres above sea level, is the highest peak of the Wetterstein Mountains and the ' +
  'highest mountain in Germany. It lies south of the town of Garmisch-Partenkirchen. The first recorded ascent ' +
  'was made in 1820 by Josef Naus, his survey assistant and a mountain guide.';
const TEAMS =
  'Every workspace belongs to a team. The owner of a team can invite new members by email; an invitation is ' +
  'valid for seven days. Members can create runs and review pairs, but only owners can remove members.';
const EAU =
  "Le cycle de l'eau décrit la manière dont l'eau s'évapore de la surface de la terre, monte dans l'atmosphère, " +
  'se refroidit et se condense en nuages, puis retombe sous forme de précipitations sur les continents.';

type Chunk = Parameters<typeof shapeOf>[1];
const english = (text: string): Chunk => ({ text, language: 'eng' });
const shape = (question: string, chunk = english(WATER)) => shapeOf(question, chunk);

describe('shapeOf: length', () => {
  it('flags questions under 3 words or 12 characters', () => {
    expect(shape('Why?').too_short).toBe(true); // 1 word
    expect(shape('What is it').too_short).toBe(true); // 3 words, but 10 characters
    expect(shape('   Why so?   ').too_short).toBe(true); // trimmed before counting
    expect(shape('What is it for?').too_short).toBe(false); // 4 words, 15 characters
  });

  it('counts the words of unspaced scripts, so a Japanese question is not one word', () => {
    // 12 characters, 7 words (日本 の 首都 は どこ です か) by Intl.Segmenter.
    expect(shape('日本の首都はどこですか？').too_short).toBe(false);
  });

  it('flags questions over 40 words or 300 characters', () => {
    const words = (n: number) => Array.from({ length: n }, (_, i) => `w${i}`).join(' ');
    const long = `Why ${words(43)} now?`; // 45 words
    expect(shape(long)).toMatchObject({ too_long: true, too_short: false });
    expect(shape(`Why ${words(38)} now?`).too_long).toBe(false); // exactly 40 words
    const wordy = `What does ${'incomprehensibilities '.repeat(14)}mean?`; // 17 words, 323 characters
    expect(wordy.length).toBeGreaterThan(SHAPE.maxChars);
    expect(shape(wordy).too_long).toBe(true);
  });
});

describe('shapeOf: not_question', () => {
  it('flags instructions, with or without a full stop', () => {
    expect(shape('Describe the water cycle.').not_question).toBe(true);
    expect(shape('List three causes of inflation').not_question).toBe(true);
    expect(shape('Explain how clouds form;').not_question).toBe(true); // ';' is a question mark in Greek only
  });

  it('accepts a question mark, or an interrogative first word without one', () => {
    expect(shape('What is the boiling point of water').not_question).toBe(false);
    expect(shape('Wie hoch ist die Zugspitze?').not_question).toBe(false);
    expect(shape('Name the largest ocean on Earth?').not_question).toBe(false);
    expect(shape('Does the sun drive the water cycle').not_question).toBe(false);
    expect(shape('Pourquoi le ciel est-il bleu').not_question).toBe(false);
    expect(shape("Est-ce que l'eau s'évapore des océans").not_question).toBe(false); // two-word opener
    expect(shape('Por qué se evapora el agua').not_question).toBe(false);
    expect(shape('Waarom regent het vaker in de herfst').not_question).toBe(false);
  });

  it('knows the question marks of other scripts and looks past closing quotes', () => {
    expect(shape('日本の首都はどこですか？').not_question).toBe(false); // full-width
    expect(shape('ما هي عاصمة مصر؟').not_question).toBe(false); // Arabic
    expect(shape('Τι είναι ο κύκλος του νερού;').not_question).toBe(false); // Greek, ASCII ';'
    expect(shape('Τι είναι ο κύκλος του νερού\u037e').not_question).toBe(false); // Greek question mark
    expect(shape('¿Cuál es el río más largo de España?').not_question).toBe(false);
    expect(shape('Name the term the author calls "the engine of the cycle?"').not_question).toBe(false);
  });
});

describe('shapeOf: verbatim', () => {
  it('measures the longest run of chunk words the question copies, in order', () => {
    // "evaporates from the surface of the earth rises into" is 9 consecutive chunk words.
    const nine = shape('Why does it evaporates from the surface of the earth rises into clouds?');
    expect(nine).toMatchObject({ verbatim_words: 9, verbatim: true });
    // "from the surface of the earth rises" is 7.
    expect(shape('Why does water come from the surface of the earth rises, they ask?')).toMatchObject({ verbatim_words: 7, verbatim: false });
    expect(SHAPE.verbatimWords).toBe(8);
  });

  it('ignores case and punctuation, but not word order', () => {
    const copied = 'HOW does water: evaporate?! From the SURFACE, of the earth — rises into the atmosphere';
    const chunk = english('How does water evaporate from the surface of the earth rises into the atmosphere.');
    expect(shape(copied, chunk).verbatim_words).toBe(14);
    const reversed = 'atmosphere the into rises earth the of surface the from evaporate water does how';
    expect(shape(reversed, chunk).verbatim_words).toBe(1);
  });

  it('follows repeated words through the chunk instead of the first match', () => {
    const chunk = english('the the the cat sat on the mat the cat sat on the hat');
    // Matches "the cat sat on the hat" at the second occurrence: 6, not 5 from the first.
    expect(shape('did the cat sat on the hat or not', chunk).verbatim_words).toBe(6);
  });

  it('counts nothing when the chunk is empty', () => {
    expect(shape('What is the boiling point of water?', english('')).verbatim_words).toBe(0);
  });
});

describe('shapeOf: language', () => {
  it('reads no mismatch in an English question on an English chunk', () => {
    expect(shape('How does water rise into the atmosphere?')).toMatchObject({ question_language: 'eng', language_mismatch: false });
  });

  it('flags a German question on an English chunk', () => {
    const question = 'Wie hoch ist die Zugspitze und wann wurde sie zuerst bestiegen?'; // 63 characters
    expect(shape(question, english(ZUGSPITZE))).toMatchObject({ question_language: 'deu', language_mismatch: true });
    expect(shape('Wer kann neue Mitglieder in ein Team einladen?', english(TEAMS)).language_mismatch).toBe(true);
  });

  it('leaves the language of a short question undetermined', () => {
    const question = 'Wie hoch ist er?'; // 16 characters, under SHAPE.languageMinChars
    expect(shape(question, english(ZUGSPITZE))).toMatchObject({ question_language: null, language_mismatch: false });
  });

  it('reads no mismatch in a French question on a French chunk', () => {
    const chunk = { text: EAU, language: languageOf(EAU) };
    expect(chunk.language).toBe('fra');
    expect(shape("Comment l'eau retombe-t-elle sur les continents ?", chunk)).toMatchObject({
      question_language: 'fra',
      language_mismatch: false,
    });
    // The other way round, an English question on the French chunk is a mismatch.
    expect(shape('How does water fall back onto the continents?', chunk).language_mismatch).toBe(true);
  });

  it('does not flag close languages that short texts cannot tell apart', () => {
    // franc-min ranks Italian first, Spanish at 0.82 of it: both plausible, so no mismatch on a Spanish chunk.
    expect(shape("Qual è la capitale dell'Italia?", { text: 'x', language: 'spa' })).toMatchObject({
      question_language: 'ita',
      language_mismatch: false,
    });
  });

  it('trusts shared words over franc on an English question franc misreads', () => {
    // franc-min ranks Spanish first (English at 0.76) and Portuguese first (English at 0.71).
    expect(shape('Who can invite new members to a team?', english(TEAMS))).toMatchObject({
      question_language: 'spa',
      language_mismatch: false,
    });
    const k8s = english('Kubernetes supports IPv4/IPv6 dual-stack networking. To use dual stack, your network plugin must support it.');
    expect(shape('Does Kubernetes support IPv6 dual stack?', k8s)).toMatchObject({ question_language: 'por', language_mismatch: false });
  });

  it('never flags when the chunk language is unknown', () => {
    expect(shape('Wie hoch ist die Zugspitze und wann wurde sie zuerst bestiegen?', { text: ZUGSPITZE, language: null }).language_mismatch).toBe(false);
  });
});

describe('languageOf', () => {
  it('names the language of longer text, and nothing for short or letterless text', () => {
    expect(languageOf(WATER)).toBe('eng');
    expect(languageOf(EAU)).toBe('fra');
    expect(languageOf('Wie hoch ist er?')).toBeNull();
    expect(languageOf('   short text, padded      ')).toBeNull(); // 18 characters once trimmed
    expect(languageOf('1234567890 1234567890 1234567890')).toBeNull(); // franc: 'und'
  });
});

describe('normalizeQuestion', () => {
  it('lower-cases and collapses everything but letters and digits, like the SQL', () => {
    expect(normalizeQuestion("  What's   the capital of FRANCE?! ")).toBe('what s the capital of france');
    expect(normalizeQuestion('Café   crème -- ¿Qué?')).toBe('café crème qué');
    expect(normalizeQuestion('Ｆｕｌｌ－ｗｉｄｔｈ ＡＢＣ１２３')).toBe('full width abc123'); // NFKC
    expect(normalizeQuestion('日本の首都はどこですか？')).toBe('日本の首都はどこですか');
    expect(normalizeQuestion('?!…')).toBe('');
  });

  it('case-maps per character, as Postgres does under C.UTF-8', () => {
    expect(normalizeQuestion('ΟΔΟΣ')).toBe('οδοσ'); // no final sigma
    expect(normalizeQuestion('İSTANBUL')).toBe('istanbul'); // no combining dot
  });

  it('is idempotent', () => {
    for (const q of ["What's up?", 'ΟΔΟΣ ΠΑΝΕΠΙΣΤΗΜΙΟΥ', 'x²+y½ ⅻ']) expect(normalizeQuestion(normalizeQuestion(q))).toBe(normalizeQuestion(q));
  });
});

describe('trigramSimilarity', () => {
  it('gives pg_trgm numbers', () => {
    expect(trigramSimilarity('What is the capital?', 'what is the CAPITAL')).toBe(1);
    // "what s" against "what is": 27 shared trigrams, 29 and 30 in all, so 27 / (29 + 30 - 27) = 27/32.
    expect(trigramSimilarity("What's the capital of France?", 'What is the capital of France?')).toBe(27 / 32);
    // Only the country differs: 23 shared, france adds 7 and spain 6, so 23 / 36 ≈ 0.64.
    expect(trigramSimilarity('What is the capital of France?', 'What is the capital of Spain?')).toBeCloseTo(23 / 36, 10);
    expect(trigramSimilarity('', '')).toBe(0);
    expect(trigramSimilarity('Why is the sky blue?', 'How do vaccines work?')).toBeLessThan(0.2);
  });

  it('is symmetric', () => {
    const [a, b] = ['How does the central bank control inflation?', 'How do central banks fight inflation?'];
    expect(trigramSimilarity(a, b)).toBe(trigramSimilarity(b, a));
  });
});

describe('nearDuplicates', () => {
  it('links questions identical once normalised, keeping the lowest id', () => {
    const groups = nearDuplicates([
      { id: 5, question: 'What is the capital of France?' },
      { id: 2, question: 'what is the capital of france' },
      { id: 9, question: 'WHAT IS THE CAPITAL OF FRANCE!!' },
    ]);
    expect(groups).toEqual(new Map([[5, 2], [9, 2]]));
  });

  it('links near-duplicates and leaves different questions alone', () => {
    expect(NEAR_DUPLICATE).toBe(0.8);
    const groups = nearDuplicates([
      { id: 1, question: 'What is the capital of France?' },
      { id: 2, question: "What's the capital of France?" }, // 0.84
      { id: 3, question: 'What is the capital of Spain?' }, // 0.64 against 1: below the threshold
    ]);
    expect(groups).toEqual(new Map([[2, 1]]));
  });

  it('groups transitively, so a chain keeps its lowest id even across an unlinked pair', () => {
    const a = 'How does the central bank control inflation in the long run?';
    const b = 'How does the central bank control inflation over the long run?';
    const c = 'How does a central bank control inflation over the long term?';
    expect(trigramSimilarity(a, b)).toBeGreaterThanOrEqual(NEAR_DUPLICATE); // 0.89
    expect(trigramSimilarity(b, c)).toBeGreaterThanOrEqual(NEAR_DUPLICATE); // 0.84
    expect(trigramSimilarity(a, c)).toBeLessThan(NEAR_DUPLICATE); // 0.75
    const groups = nearDuplicates([
      { id: 30, question: a },
      { id: 20, question: b },
      { id: 10, question: c },
      { id: 40, question: 'Who sets interest rates in the euro area?' },
    ]);
    expect(groups).toEqual(new Map([[30, 10], [20, 10]]));
    // The lowest id in the middle of the chain, and the chain given out of order.
    const middle = nearDuplicates([
      { id: 9, question: c },
      { id: 7, question: a },
      { id: 1, question: b },
    ]);
    expect(middle).toEqual(new Map([[9, 1], [7, 1]]));
  });

  it('returns nothing for unrelated questions, one question, or none', () => {
    const unrelated = [
      { id: 1, question: 'Why is the sky blue?' },
      { id: 2, question: 'How do vaccines train the immune system?' },
      { id: 3, question: 'When was the Treaty of Versailles signed?' },
    ];
    expect(nearDuplicates(unrelated).size).toBe(0);
    expect(nearDuplicates(unrelated.slice(0, 1)).size).toBe(0);
    expect(nearDuplicates([]).size).toBe(0);
  });
});
