import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTwin } from '../../tests/twin';
import { s3IndexFileStore } from '../adapters/s3-index-file';
import type { IndexFileRead, IndexFileStore } from './index-file';
import { buildIndex, type SearchDocument, serializeIndex } from './search-index';
import { searchLoader } from './search-loader';

/**
 * CAL-10 (decision 0011 §2): how a container holds the search file, against the twin's S3. The
 * store is the real one, wrapped to record what each GET asked and what S3 answered.
 */
let s3: IndexFileStore;
const run = randomUUID().slice(0, 8);
let files = 0;

beforeAll(() => {
  s3 = s3IndexFileStore(useTwin());
});

function recorded(store: IndexFileStore) {
  const reads: { ifNoneMatch?: string; status: IndexFileRead['status'] }[] = [];
  return {
    reads,
    store: {
      async read(request: { key: string; ifNoneMatch?: string }) {
        const answer = await store.read(request);
        reads.push({ ifNoneMatch: request.ifNoneMatch, status: answer.status });
        return answer;
      },
      write: (request: { key: string; body: string }) => store.write(request),
    } satisfies IndexFileStore,
  };
}

const doc = (id: string, title: string): SearchDocument => ({
  id,
  slug: id,
  title,
  presenter: 'Spect’Art',
  venue: 'Salle Desjardins-TELUS',
  city: 'Rimouski',
  categories: ['Théâtre', 'Theatre'],
  description: '',
  startsAt: '2030-01-01T00:00:00Z',
  endsAt: '2030-01-01T02:00:00Z',
});

async function freshFile(titles: string[]) {
  files += 1;
  const key = `test/${run}/loader-${files}.json`;
  await s3.write({ key, body: serializeIndex(buildIndex(titles.map((title, i) => doc(`E${i}`, title)))) });
  return key;
}

const titles = async (loader: ReturnType<typeof searchLoader>, query: string) =>
  ((await loader.current())?.search(query) ?? []).map((hit) => hit.title);

describe('the search file in a container (CAL-10)', () => {
  it('CAL-10 nothing is read until the first search; then one GET, and none again within 60 s', async () => {
    const key = await freshFile(['Carmen']);
    const { store, reads } = recorded(s3);
    let now = 1_000_000;
    const loader = searchLoader(store, { key, now: () => now });
    expect(reads).toEqual([]);
    expect(await titles(loader, 'carmen')).toEqual(['Carmen']);
    now += 59_000;
    expect(await titles(loader, 'carmen')).toEqual(['Carmen']);
    expect(reads).toEqual([{ ifNoneMatch: undefined, status: 'found' }]);
  });

  it('CAL-10 after 60 s it asks again with the ETag: a 304 keeps the loaded index, a new file replaces it', async () => {
    const key = await freshFile(['Carmen']);
    const { store, reads } = recorded(s3);
    let now = 1_000_000;
    const loader = searchLoader(store, { key, now: () => now });
    const first = await loader.current();
    now += 61_000;
    expect(await loader.current()).toBe(first);
    expect(reads.at(-1)).toMatchObject({ status: 'notModified' });
    expect(reads.at(-1)?.ifNoneMatch).toMatch(/.+/);
    await s3.write({ key, body: serializeIndex(buildIndex([doc('E9', 'Le Malade imaginaire')])) });
    now += 61_000;
    expect(await titles(loader, 'malade')).toEqual(['Le Malade imaginaire']);
    expect(reads.at(-1)).toMatchObject({ status: 'found' });
    expect(reads).toHaveLength(3);
  });

  it('CAL-10 searches arriving together before the file is loaded share one GET', async () => {
    const key = await freshFile(['Carmen', 'Tosca']);
    const { store, reads } = recorded(s3);
    const loader = searchLoader(store, { key });
    const indexes = await Promise.all(Array.from({ length: 20 }, () => loader.current()));
    expect(new Set(indexes).size).toBe(1);
    expect(indexes[0]?.documentCount).toBe(2);
    expect(reads).toHaveLength(1);
  });

  it('CAL-10 a file of another version, a broken file or a failed read keeps the previous index', async () => {
    const key = await freshFile(['Carmen']);
    const { store, reads } = recorded(s3);
    let now = 1_000_000;
    const warnings: string[] = [];
    const log = { info() {}, error() {}, warn: (message: string) => warnings.push(message) };
    const loader = searchLoader(store, { key, now: () => now, log });
    const first = await loader.current();
    const file = JSON.parse(serializeIndex(buildIndex([doc('E1', 'Tosca')])));
    await s3.write({ key, body: JSON.stringify({ ...file, version: file.version + 1 }) });
    now += 61_000;
    expect(await loader.current()).toBe(first);
    await s3.write({ key, body: '{"format":"parvis-search", trunc' });
    now += 61_000;
    expect(await loader.current()).toBe(first);
    const failing = searchLoader(
      {
        read: async (request) => {
          if (reads.length > 3) throw new Error('S3 unreachable');
          return store.read(request);
        },
        write: store.write,
      },
      { key: await freshFile(['Tosca']), now: () => now, log },
    );
    const tosca = await failing.current();
    now += 61_000;
    expect(await failing.current()).toBe(tosca);
    // Another minute on, the broken file is read again, and still not taken.
    expect(await titles(loader, 'carmen')).toEqual(['Carmen']);
    expect(warnings).toEqual([
      'search index file not loaded; the previous index stays',
      'search index file not loaded; the previous index stays',
      'search index re-check failed; the loaded index stays',
      'search index file not loaded; the previous index stays',
    ]);
  });

  it('CAL-10 with no file yet there is no index, and the next search asks again', async () => {
    const { store, reads } = recorded(s3);
    const loader = searchLoader(store, { key: `test/${run}/absent.json` });
    expect(await loader.current()).toBeUndefined();
    expect(await loader.current()).toBeUndefined();
    expect(reads.map((read) => read.status)).toEqual(['absent', 'absent']);
  });
});
