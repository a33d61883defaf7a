import MiniSearch, { type Options, type Query, type SearchResult } from 'minisearch';
import { ValidationError } from '../kernel/errors';
import { processWord, splitWords } from './normalize';

/**
 * Full-text search over published events (CAL-10): a MiniSearch index built by a job from g1
 * `EVENTS#published`, stored in S3 as JSON and loaded once per container; queries never touch
 * DynamoDB. Design, limits and figures: docs/decisions/0011-full-text-search.md.
 */

/** One published event as the search index sees it; the calendar maps its events to this. */
export interface SearchDocument {
  id: string;
  slug: string;
  title: string;
  /** The presenting organization's name. */
  presenter: string;
  /** Venue name(s), joined; empty for an online event. */
  venue: string;
  city: string;
  /** Category labels (both languages if the page offers both), not ids. */
  categories: string[];
  /** Plain text (the sanitized HTML description with its tags removed). */
  description: string;
  /** ISO instants: first start and last end over all the event's dates. */
  startsAt: string;
  endsAt: string;
  /**
   * The event's dates, for the result card's next date (stored, not searched). Optional so a
   * document built by hand (tests, the bench) may leave them out.
   */
  dates?: SearchDate[];
  /** The IANA zone the dates are shown in. */
  timeZone?: string;
}

/** One date of an event, as the calendar projection keys it (CAL-04). */
export interface SearchDate {
  occurrenceId: string;
  startsAt: string;
  endsAt: string;
  showTime: boolean;
}

/** What a search returns per event: enough for a result card, with the score for tests. */
export interface SearchHit {
  id: string;
  slug: string;
  title: string;
  presenter: string;
  venue: string;
  city: string;
  startsAt: string;
  endsAt: string;
  dates: SearchDate[];
  timeZone?: string;
  score: number;
}

export interface SearchOptions {
  /** Events that ended before this instant are left out. Default: now. */
  now?: Date;
  /**
   * Whether the last word may be the start of a longer one (search while typing). Default true;
   * a query that ends with a space or punctuation has its last word complete anyway.
   */
  prefix?: boolean;
  /** At most this many hits (capped at `maxResults`). */
  limit?: number;
}

/** Bumped whenever normalization, fields or boosts change: an index built by other rules is refused. */
export const searchIndexVersion = 2;
export const maxQueryLength = 200;
export const maxQueryTerms = 12;
export const maxResults = 50;
/** Words of this length or more match with one edit (typo); shorter ones would match too much. */
export const fuzzyMinLength = 5;
/** Only the start of a description is indexed: it bounds the file (and load time) per event. */
export const maxDescriptionLength = 2_000;

const fields = ['title', 'presenter', 'venue', 'city', 'categories', 'description'] as const;
const storeFields = [
  'slug',
  'title',
  'presenter',
  'venue',
  'city',
  'startsAt',
  'endsAt',
  'dates',
  'timeZone',
] as const;
/** title > presenter, venue > categories > city > description. */
const boost: Record<(typeof fields)[number], number> = {
  title: 5,
  presenter: 2.5,
  venue: 2.5,
  categories: 1.8,
  city: 1.3,
  description: 1,
};

const indexOptions: Options<SearchDocument> = {
  idField: 'id',
  fields: [...fields],
  storeFields: [...storeFields],
  extractField: (document, field) => {
    const value = (document as unknown as Record<string, unknown>)[field];
    // Categories are searched as one text; `dates` is only stored, and kept as it is.
    return field === 'categories' && Array.isArray(value) ? value.join(' ') : (value as string);
  },
  tokenize: (text) => splitWords(text),
  processTerm: (word) => processWord(word),
};

export class SearchIndex {
  /** @internal */
  constructor(
    readonly engine: MiniSearch<SearchDocument>,
    readonly builtAt: string,
  ) {}

  get documentCount(): number {
    return this.engine.documentCount;
  }

  /**
   * Events matching `query`, best first. Every term must match (AND); when that finds nothing the
   * terms are combined with OR so a stray word does not empty the page. Empty or punctuation-only
   * queries give []; a query over `maxQueryLength` characters or `maxQueryTerms` words throws a
   * ValidationError with a French and English message. Never throws anything else on a string.
   */
  search(query: string, options: SearchOptions = {}): SearchHit[] {
    const { terms, lastWordIsTerm } = parseQuery(query);
    if (terms.length === 0) return [];
    const now = (options.now ?? new Date()).toISOString();
    const limit = Math.max(0, Math.min(options.limit ?? maxResults, maxResults));
    // Typing "théâ" searches theatre…; "théâ " (finished word) or "théâtre de" (stop word last) do not.
    const lastIsPartial = (options.prefix ?? true) && lastWordIsTerm && /[\p{L}\p{N}]\p{M}*$/u.test(query);
    const termQuery = (term: string, index: number): Query => ({
      queries: [term],
      tokenize: (text: string) => [text],
      processTerm: (text: string) => text,
      prefix: lastIsPartial && index === terms.length - 1,
      fuzzy: term.length >= fuzzyMinLength ? 1 : 0,
      maxFuzzy: 1,
    });
    const run = (combineWith: 'AND' | 'OR') =>
      this.engine.search(
        { combineWith, queries: terms.map(termQuery) },
        { boost, filter: (result: SearchResult) => (result.endsAt as string) >= now },
      );
    let results = run('AND');
    if (results.length === 0 && terms.length > 1) results = run('OR');
    return results.slice(0, limit).map((result) => ({
      id: String(result.id),
      slug: result.slug as string,
      title: result.title as string,
      presenter: result.presenter as string,
      venue: result.venue as string,
      city: result.city as string,
      startsAt: result.startsAt as string,
      endsAt: result.endsAt as string,
      dates: (result.dates as SearchDate[] | undefined) ?? [],
      timeZone: result.timeZone as string | undefined,
      score: result.score,
    }));
  }
}

const tooLong = {
  fr: `Votre recherche est trop longue : ${maxQueryLength} caractères et ${maxQueryTerms} mots au plus.`,
  en: `Your search is too long: at most ${maxQueryLength} characters and ${maxQueryTerms} words.`,
};

/**
 * The distinct terms of a query, after the length checks, and whether the query's last word gave
 * the last term (it did not when it was a stop word or a duplicate).
 */
export function parseQuery(query: string): { terms: string[]; lastWordIsTerm: boolean } {
  if (typeof query !== 'string') {
    throw new ValidationError([{ path: 'q', message: 'not_a_string' }], {
      fr: 'La recherche est invalide.',
      en: 'The search is invalid.',
    });
  }
  if (query.length > maxQueryLength) throw new ValidationError([{ path: 'q', message: 'too_long' }], tooLong);
  const words = splitWords(query);
  if (words.length > maxQueryTerms)
    throw new ValidationError([{ path: 'q', message: 'too_many_terms' }], tooLong);
  const terms: string[] = [];
  let lastWordIsTerm = false;
  for (const word of words) {
    const term = processWord(word);
    lastWordIsTerm = term !== null && !terms.includes(term);
    if (lastWordIsTerm && term !== null) terms.push(term);
  }
  return { terms, lastWordIsTerm };
}

/** Builds the index of `documents` (the job's work: every published event). */
export function buildIndex(documents: Iterable<SearchDocument>, builtAt: Date = new Date()): SearchIndex {
  const engine = new MiniSearch<SearchDocument>(indexOptions);
  for (const document of documents) {
    // Instants compare as strings at query time, so they are stored in one form (UTC, `Z`).
    engine.add({
      ...document,
      description: document.description.slice(0, maxDescriptionLength),
      startsAt: toInstant(document.startsAt),
      endsAt: toInstant(document.endsAt),
    });
  }
  return new SearchIndex(engine, builtAt.toISOString());
}

function toInstant(value: string): string {
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw new Error(`search document date is not an instant: ${value}`);
  return new Date(time).toISOString();
}

interface SerializedIndex {
  format: 'parvis-search';
  version: number;
  builtAt: string;
  index: ReturnType<MiniSearch['toJSON']>;
}

/** The index as JSON, to be written to S3 by the job. */
export function serializeIndex(index: SearchIndex): string {
  const file: SerializedIndex = {
    format: 'parvis-search',
    version: searchIndexVersion,
    builtAt: index.builtAt,
    index: index.engine.toJSON(),
  };
  return JSON.stringify(file);
}

/** The file was built by other rules (an older deploy) or is not a search index: rebuild it. */
export class SearchIndexVersionError extends Error {
  constructor(found: unknown) {
    super(`search index file has version ${String(found)}, this code reads version ${searchIndexVersion}`);
    this.name = 'SearchIndexVersionError';
  }
}

/**
 * Reads a file written by `serializeIndex`. Throws SearchIndexVersionError for a file of another
 * version or format (the caller keeps its previous index, or rebuilds), SyntaxError for bad JSON.
 */
export function loadIndex(json: string): SearchIndex {
  const file = JSON.parse(json) as Partial<SerializedIndex> | null;
  if (file?.format !== 'parvis-search' || file.version !== searchIndexVersion || !file.index) {
    throw new SearchIndexVersionError(file?.version);
  }
  return new SearchIndex(MiniSearch.loadJS(file.index, indexOptions), file.builtAt ?? '');
}
