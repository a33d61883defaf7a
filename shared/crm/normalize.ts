/**
 * The normalized values the client file puts in keys (docs/data-model.md §1.3): name keys for the
 * name index and "Déjà client ?", postal keys for the postal index, E.164 phone numbers for the
 * phone lookup. Pure functions: the same input always lands on the same key, whoever typed it.
 */

/** Ligatures NFKD leaves alone but people type either way (Cœur / Coeur). */
const ligatures: Record<string, string> = { œ: 'oe', æ: 'ae', ß: 'ss', ø: 'o', đ: 'd', ł: 'l', ı: 'i' };

/**
 * `Côté-Lévesque` → `cotelevesque`: lower case, accents stripped, ligatures spelled out, and
 * everything that is not a letter or a digit removed (spaces, hyphens, apostrophes), so "St-Pierre"
 * and "st pierre" meet. Never contains `#`, the key separator.
 */
export function nameKey(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[œæßøđłı]/g, (c) => ligatures[c] ?? c)
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** The name index partition: the first two characters of the last-name key (one for a one-letter name). */
export function namePrefix(lastNameKey: string): string {
  return [...lastNameKey].slice(0, 2).join('');
}

/** `g5l 1a1` → `G5L1A1`: upper case, no spaces or hyphens. */
export function postalKey(value: string): string {
  return value
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s-]+/g, '');
}

/** The postal index partition: country and the first two characters (`CA`, `G5`; `FR`, `75`). */
export function postalPrefix(key: string): string {
  return key.slice(0, 2);
}

const canadianPostal = /^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z]\d[ABCEGHJ-NPRSTV-Z]\d$/;
const frenchPostal = /^\d{5}$/;
const otherPostal = /^[A-Z0-9]{2,10}$/;

/** Whether a normalized postal code is well formed for its country (strict for CA and FR). */
export function isValidPostalKey(key: string, country: string): boolean {
  if (country === 'CA') return canadianPostal.test(key);
  if (country === 'FR') return frenchPostal.test(key);
  return otherPostal.test(key);
}

/** `G5L1A1` → `G5L 1A1`; other countries keep the normalized form. */
export function displayPostalCode(key: string, country: string): string {
  return country === 'CA' && key.length === 6 ? `${key.slice(0, 3)} ${key.slice(3)}` : key;
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

/** Codes the runtime names that are not countries: unknown, groupings, user-assigned ranges. */
const notCountries = /^(?:ZZ|EU|EZ|UN|QO|AA|Q[M-Z]|X[A-JL-Z])$/;

/** An ISO 3166-1 alpha-2 country code the runtime knows (`CA`, `FR`, `BE`, `CH`…). */
export function isCountryCode(value: string): boolean {
  if (!/^[A-Z]{2}$/.test(value) || notCountries.test(value)) return false;
  try {
    return regionNames.of(value) !== undefined;
  } catch {
    return false;
  }
}

/**
 * A phone number as typed, in E.164 (`+14185551234`, `+33612345678`), or `undefined` when it is
 * not one. Numbers with `+` or `00` are taken as international. Without, the file's country says
 * how to read them: France (`06 12 34 56 78`), else the North American plan of Québec
 * (`418 555-1234`, `1-800-361-3834`). Extensions are refused rather than dropped.
 */
export function normalizePhone(value: string, country?: string): string | undefined {
  const compact = value
    .normalize('NFKC')
    .trim()
    .replace(/[\s.\-()/]+/g, '');
  if (!/^\+?\d+$/.test(compact)) return undefined;
  let e164: string;
  if (compact.startsWith('+')) e164 = compact;
  else if (compact.startsWith('00')) e164 = `+${compact.slice(2)}`;
  else if (country === 'FR' || (compact.length === 10 && compact.startsWith('0') && country !== 'CA')) {
    if (!/^0[1-9]\d{8}$/.test(compact)) return undefined;
    e164 = `+33${compact.slice(1)}`;
  } else if (/^1?[2-9]\d{2}[2-9]\d{6}$/.test(compact)) {
    e164 = `+1${compact.slice(-10)}`;
  } else return undefined;
  if (!/^\+[1-9]\d{7,14}$/.test(e164)) return undefined;
  if (e164.startsWith('+1') && !/^\+1[2-9]\d{2}[2-9]\d{6}$/.test(e164)) return undefined;
  if (e164.startsWith('+33') && !/^\+33[1-9]\d{8}$/.test(e164)) return undefined;
  return e164;
}
