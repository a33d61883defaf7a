import type { Logger } from '../kernel/ports';
import { type IndexFileStore, searchIndexKey } from './index-file';
import { loadIndex, type SearchIndex, SearchIndexVersionError } from './search-index';

/**
 * CAL-10, decision 0011 §2: the search file as a container holds it. Nothing is read at cold start:
 * the first search loads the file; later searches use it and, at most once every `recheckMs`,
 * ask S3 for it again with its ETag (`If-None-Match`), which answers 304 without a body while it
 * has not changed. Searches that arrive while a read is under way wait for that one read. A file
 * of another `searchIndexVersion` (a deploy before the rebuild), an unreadable file or a failed
 * read keep the index already loaded.
 */
export interface SearchLoader {
  /** The index to search, or undefined when there is none yet (never built, or unreadable). */
  current(): Promise<SearchIndex | undefined>;
}

export interface SearchLoaderOptions {
  key?: string;
  /** Default 60 s. */
  recheckMs?: number;
  /** Milliseconds now (tests move it). */
  now?: () => number;
  log?: Logger;
}

export function searchLoader(files: IndexFileStore, options: SearchLoaderOptions = {}): SearchLoader {
  const key = options.key ?? searchIndexKey;
  const recheckMs = options.recheckMs ?? 60_000;
  const now = options.now ?? Date.now;
  let index: SearchIndex | undefined;
  let etag: string | undefined;
  let checkedAt = Number.NEGATIVE_INFINITY;
  let reading: Promise<SearchIndex | undefined> | undefined;

  async function refresh(): Promise<SearchIndex | undefined> {
    try {
      const read = await files.read({ key, ifNoneMatch: index ? etag : undefined });
      if (read.status === 'found') {
        try {
          index = loadIndex(read.body);
          etag = read.etag;
        } catch (error) {
          // Another version or a broken file: keep what we have until the job writes a good one.
          options.log?.warn('search index file not loaded; the previous index stays', {
            key,
            reason: error instanceof SearchIndexVersionError ? 'version' : String(error),
          });
        }
      }
      return index;
    } catch (error) {
      if (!index) throw error;
      options.log?.warn('search index re-check failed; the loaded index stays', {
        key,
        error: String(error),
      });
      return index;
    } finally {
      checkedAt = now();
    }
  }

  return {
    current() {
      if (index && now() - checkedAt < recheckMs) return Promise.resolve(index);
      reading ??= refresh().finally(() => {
        reading = undefined;
      });
      return reading;
    },
  };
}
