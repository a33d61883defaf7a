/**
 * Text normalization for full-text search (CAL-10), shared by the index builder and the query so
 * both sides turn words into the same terms. Rules (docs/decisions/0011-full-text-search.md):
 *
 * 1. Apostrophes (’ ‘ ʼ ` ´) become ', then lowercase; œ → oe, æ → ae, ß → ss (NFKD keeps them).
 * 2. Unicode NFKD and every combining mark removed: "Théâtre" → "theatre", "ﬁ" → "fi".
 * 3. French elisions removed at the start of a word: l' d' j' m' n' s' t' c' qu' jusqu' lorsqu'
 *    puisqu' ("l'orchestre" → "orchestre"); "aujourd'hui" stays one word.
 * 4. Split on anything that is not a letter or a digit (punctuation, HTML, symbols all split).
 * 5. Dropped: single letters (the English "'s", "a"), stop words (short lists below), words over
 *    40 characters (no real word; keeps hostile input from bloating the index).
 * 6. A light plural stemmer for French and English, the same on both sides, so a stem is an index
 *    key rather than a word (see `stem`).
 */

/** French stop words: articles, prepositions and pronouns that carry no search meaning. */
export const frenchStopWords: readonly string[] = (
  'au aux avec ce ces cet cette dans de des du elle en est et il ils je la le les leur leurs lui ' +
  'mais mes nous ou par pour qu que qui sur ta tes un une vos votre vous'
).split(' ');

/**
 * English stop words. Deliberately short ("on", "up", "will" can matter in a title): an English
 * stop word is also dropped from French text, since the index does not know a text's language.
 */
export const englishStopWords: readonly string[] =
  'an and are at be by for from in is it its of or the this that to with'.split(' ');

export type SearchLocale = 'fr' | 'en';

const stopWords = {
  fr: new Set(frenchStopWords),
  en: new Set(englishStopWords),
  both: new Set([...frenchStopWords, ...englishStopWords]),
};

/**
 * US spellings folded onto the French/British one after plurals are removed. A Map, not an object
 * literal: a word such as "constructor" must not find Object.prototype's.
 */
const spellingVariants = new Map([
  ['theater', 'theatre'],
  ['center', 'centre'],
  ['meter', 'metre'],
  ['fiber', 'fibre'],
]);

const apostrophes = /[’‘ʼ`´′]/g;
const elision = /(^|[^\p{L}\p{N}])(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu)'(?=\p{L})/gu;
const separators = /[^\p{L}\p{N}]+/u;
const marks = /\p{M}+/gu;
const maxTermLength = 40;

/**
 * Steps 1–4: the words of `text`, folded and split, before stop words and stemming. Never throws
 * on any string; lone surrogates and control characters split like punctuation.
 */
export function splitWords(text: string): string[] {
  const folded = text
    .replace(apostrophes, "'")
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(marks, '')
    .replace(/aujourd'hui/g, 'aujourdhui')
    .replace(elision, '$1');
  return folded.split(separators).filter((word) => word.length > 0);
}

/**
 * Light plural stemmer, applied to a folded word (ASCII after step 2 for Latin text). Rules, first
 * match wins, words of 3 letters or fewer untouched:
 * - `-eaux` → `-eau`, `-eux`/`-oux` → drop x (châteaux → chateau, jeux → jeu, bijoux → bijou);
 * - `-aux` (5+ letters) → `-al` (festivaux → festival, chevaux → cheval; travaux → traval, a
 *   harmless key);
 * - `-ies` (5+ letters) → `-y`, and `-ie` (4+) → `-y`: stories → story, and the French galerie,
 *   galeries, comédie, symphonie meet their English gallery, comedy, symphony;
 * - `-sses`/`-sse` → `-ss`: classes, classe and class meet; `-ss` stays;
 * - otherwise a final `s` is dropped (théâtres → theatre, orchestres → orchestre, amis → ami;
 *   paris → pari: a shared key, not a word);
 * - then US spellings fold: theater → theatre, center → centre, meter → metre, fiber → fibre.
 * English `-ches`/`-xes` plurals are not handled (French `-che`/`-xe` words are commoner here):
 * "churches" gives "churche", which the 1-edit fuzzy match of terms of 5+ letters still finds.
 * Idempotent: stem(stem(w)) === stem(w).
 */
export function stem(word: string): string {
  let term = word;
  if (term.length > 3) {
    if (term.endsWith('eaux') || term.endsWith('eux') || term.endsWith('oux')) term = term.slice(0, -1);
    else if (term.endsWith('aux') && term.length >= 5) term = `${term.slice(0, -3)}al`;
    else if (term.endsWith('ies') && term.length >= 5) term = `${term.slice(0, -3)}y`;
    else if (term.endsWith('ie')) term = `${term.slice(0, -2)}y`;
    else if (term.endsWith('sses')) term = term.slice(0, -2);
    else if (term.endsWith('sse')) term = term.slice(0, -1);
    else if (term.endsWith('s') && !term.endsWith('ss')) term = term.slice(0, -1);
  }
  return spellingVariants.get(term) ?? term;
}

/**
 * Step 5–6 for one word from `splitWords`: its search term, or null when it is dropped (single
 * letter, stop word, too long). `locale` picks the stop-word list; without it both apply, which is
 * what the index and the query use since an event's language is not known.
 */
export function processWord(word: string, locale?: SearchLocale): string | null {
  if (word.length > maxTermLength) return null;
  if (word.length === 1 && !/\d/.test(word)) return null;
  if (stopWords[locale ?? 'both'].has(word)) return null;
  return stem(word);
}

/** The search terms of `text`: folded, split, stop words dropped, stemmed (steps 1–6). */
export function normalizeText(text: string, locale?: SearchLocale): string[] {
  const terms: string[] = [];
  for (const word of splitWords(text)) {
    const term = processWord(word, locale);
    if (term !== null) terms.push(term);
  }
  return terms;
}
