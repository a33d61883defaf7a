/**
 * The console's one search box (CRM-03..05): staff type a name, an e-mail, a phone number, a
 * postal-code prefix or a file number, and the box works out which it is, so the page can say how
 * the query was read and run the one key lookup that answers it (shared/crm/search-clients.ts).
 */
import type { SearchClientsInput } from '$shared/crm/search-clients';

export type QueryKind = 'name' | 'fullName' | 'email' | 'phone' | 'postal' | 'id';

export interface UnderstoodQuery {
  kind: QueryKind;
  /** What the query was read as, for "Recherche par … : «\u00a0…\u00a0»". */
  shown: string;
  /** The search, without its cursor. */
  search: SearchClientsInput;
}

/** Longest query read; the use case refuses longer fields anyway. */
export const maxQueryLength = 120;

const ulid = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const canadianPostalPrefix = /^[A-Z]\d(?:[A-Z](?:\d(?:[A-Z]\d?)?)?)?$/;
const frenchPostalPrefix = /^\d{2,5}$/;
const phoneShape = /^\+?[\d\s().\-/]+$/;

/**
 * How a query is read, first match wins: an `@` is an e-mail; a file number (ULID, with a digit) is
 * a file; `G5L`, `g5l 1a1`, `H2` are Canadian postal prefixes and 2 to 5 digits a French one; 7
 * digits or more (with `+`, spaces, dots, dashes, brackets) a phone number; anything else a name:
 * `Tremblay, Marie` is last name then first name, otherwise the whole query is a last-name prefix.
 */
export function understandQuery(raw: string): UnderstoodQuery | undefined {
  const query = raw.normalize('NFC').trim().replace(/\s+/g, ' ').slice(0, maxQueryLength);
  if (!query) return undefined;
  if (query.includes('@')) return { kind: 'email', shown: query, search: { by: 'email', email: query } };
  const upper = query.toUpperCase();
  if (ulid.test(upper) && /\d/.test(upper)) {
    return { kind: 'id', shown: upper, search: { by: 'id', clientId: upper } };
  }
  const compact = upper.replace(/[\s-]+/g, '');
  if (canadianPostalPrefix.test(compact)) {
    return { kind: 'postal', shown: compact, search: { by: 'postal', postalCode: compact, country: 'CA' } };
  }
  if (frenchPostalPrefix.test(compact)) {
    return { kind: 'postal', shown: compact, search: { by: 'postal', postalCode: compact, country: 'FR' } };
  }
  const digits = query.replace(/\D/g, '');
  if (phoneShape.test(query) && digits.length >= 7) {
    return { kind: 'phone', shown: query, search: { by: 'phone', phone: query } };
  }
  const comma = query.indexOf(',');
  if (comma > 0) {
    const lastName = query.slice(0, comma).trim();
    const firstName = query.slice(comma + 1).trim();
    if (lastName && firstName) {
      return {
        kind: 'fullName',
        shown: `${lastName}, ${firstName}`,
        search: { by: 'name', lastName, firstName },
      };
    }
    if (lastName) return { kind: 'name', shown: lastName, search: { by: 'name', lastName } };
  }
  return { kind: 'name', shown: query, search: { by: 'name', lastName: query } };
}

/**
 * "Marie Tremblay" finds nothing as a last-name prefix: the second reading, first name(s) then
 * last name, tried when the first gives no result.
 */
export function firstThenLast(query: UnderstoodQuery): UnderstoodQuery | undefined {
  if (query.kind !== 'name' || query.search.by !== 'name') return undefined;
  const words = query.search.lastName.split(' ');
  if (words.length < 2) return undefined;
  const lastName = words.at(-1) ?? '';
  const firstName = words.slice(0, -1).join(' ');
  return {
    kind: 'fullName',
    shown: `${lastName}, ${firstName}`,
    search: { by: 'name', lastName, firstName },
  };
}
