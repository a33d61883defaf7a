import { beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../kernel/errors';
import { type FakeClient, fakeClient, seedClients } from './client.fixtures';
import { type CrmBed, crmBed } from './crm.test-support';
import { nameKey, postalKey } from './normalize';
import { searchClients, searchPageSize } from './search-clients';

/**
 * Staff search against DynamoDB Local, over files written by the fixtures factory in a table of
 * this file's own. `PARVIS_CRM_SEARCH_FILES` raises the count (50000 for the figure in the report);
 * timings are printed, never asserted.
 */
const count = Number(process.env.PARVIS_CRM_SEARCH_FILES ?? 2000);
let t: CrmBed;
let clients: FakeClient[];
let clientIds: string[];

beforeAll(async () => {
  t = await crmBed('search-clients');
  const started = performance.now();
  ({ clients, clientIds } = await seedClients(t.deps, { count, concurrent: 8 }));
  console.info(`search-clients: ${count} files seeded in ${Math.round(performance.now() - started)} ms`);
}, 600_000);

/** Every page of a search, following cursors. */
async function allPages(input: Parameters<typeof searchClients>[1]) {
  const pages = [];
  let cursor: string | null = null;
  do {
    const page = await searchClients(t.deps, { ...input, cursor } as Parameters<typeof searchClients>[1]);
    pages.push(page);
    cursor = page.cursor;
  } while (cursor && pages.length < 1000);
  return pages;
}

async function timed<T>(label: string, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await run();
  console.info(
    `search-clients: ${label} in ${(performance.now() - started).toFixed(1)} ms over ${count} files`,
  );
  return result;
}

describe('searchClients', () => {
  it('CRM-02 by last-name prefix: pages of 25 in name order, every match once, accents and case ignored', async () => {
    const expected = clients
      .map((c, i) => ({ c, id: clientIds[i] }))
      .filter(({ c }) => nameKey(c.lastName).startsWith('trem'));
    expect(expected.length).toBeGreaterThan(searchPageSize);
    const first = await timed('one page by name', () =>
      searchClients(t.deps, { by: 'name', lastName: 'TREM' }),
    );
    expect(first.items).toHaveLength(searchPageSize);
    const pages = await allPages({ by: 'name', lastName: 'Trem' });
    const found = pages.flatMap((p) => p.items);
    expect(pages.every((p) => p.items.length <= searchPageSize)).toBe(true);
    expect(found.map((c) => c.clientId).sort()).toEqual(expected.map((e) => e.id).sort());
    const keys = found.map((c) => `${nameKey(c.lastName)}#${nameKey(c.firstName)}`);
    expect(keys).toEqual([...keys].sort());

    const accented = (await allPages({ by: 'name', lastName: 'côté' })).flatMap((p) => p.items);
    const plain = (await allPages({ by: 'name', lastName: 'COTE' })).flatMap((p) => p.items);
    expect(accented.length).toBeGreaterThan(0);
    expect(accented.map((c) => c.clientId)).toEqual(plain.map((c) => c.clientId));
    // "Côté" is a prefix of "Côté-Lévesque": both families come back.
    expect(new Set(accented.map((c) => c.lastName))).toEqual(new Set(['Côté', 'Côté-Lévesque']));
  });

  it('CRM-02 by full last name and first-name prefix', async () => {
    const sample = clients.find((c) => c.lastName === 'Gagnon') as FakeClient;
    const prefix = nameKey(sample.firstName).slice(0, 3);
    const expected = clientIds.filter(
      (_, i) => clients[i]?.lastName === 'Gagnon' && nameKey(clients[i]?.firstName ?? '').startsWith(prefix),
    );
    const found = (
      await allPages({ by: 'name', lastName: 'GAGNON', firstName: prefix.toUpperCase() })
    ).flatMap((p) => p.items);
    expect(found.map((c) => c.clientId).sort()).toEqual(expected.sort());
    expect(found.some((c) => c.firstName === sample.firstName)).toBe(true);
  });

  it('CRM-02 by e-mail, exact and case-insensitive; by file number', async () => {
    const index = clients.findIndex((c) => c.email);
    const email = clients[index]?.email ?? '';
    const found = await timed('by e-mail', () =>
      searchClients(t.deps, { by: 'email', email: ` ${email.toUpperCase()} ` }),
    );
    expect(found.items.map((c) => c.clientId)).toEqual([clientIds[index]]);
    expect((await searchClients(t.deps, { by: 'email', email: `x${email}` })).items).toEqual([]);
    const byId = await searchClients(t.deps, { by: 'id', clientId: clientIds[index] ?? '' });
    expect(byId.items[0]).toMatchObject({ clientId: clientIds[index], email });
    expect(byId.items[0]).not.toHaveProperty('redFlag');
    expect(
      (await searchClients(t.deps, { by: 'id', clientId: '01FORGED0000000000000000000' })).items,
    ).toEqual([]);
  });

  it('CRM-04 by phone, as typed: every file sharing the number', async () => {
    const phone = clients.find((c) => c.phone?.startsWith('+1418'))?.phone ?? '';
    const expected = clientIds.filter((_, i) => clients[i]?.phone === phone);
    const typed = `(${phone.slice(2, 5)}) ${phone.slice(5, 8)}-${phone.slice(8)}`;
    const found = (await allPages({ by: 'phone', phone: typed, country: 'CA' })).flatMap((p) => p.items);
    expect(found.map((c) => c.clientId).sort()).toEqual(expected.sort());
  });

  it('CRM-02 by postal-code prefix, Canadian or French, country read from the code', async () => {
    const rimouski = clientIds.filter((_, i) =>
      postalKey(clients[i]?.address.postalCode ?? '').startsWith('G5L'),
    );
    const found = (await allPages({ by: 'postal', postalCode: 'g5l' })).flatMap((p) => p.items);
    expect(found.map((c) => c.clientId).sort()).toEqual(rimouski.sort());
    const paris = clientIds.filter((_, i) => clients[i]?.address.postalCode.startsWith('750'));
    const inParis = await timed('all pages by postal prefix', () =>
      allPages({ by: 'postal', postalCode: '750' }),
    );
    expect(
      inParis
        .flatMap((p) => p.items)
        .map((c) => c.clientId)
        .sort(),
    ).toEqual(paris.sort());
  });

  it('CRM-02 refuses bad input and forged cursors with a clear message', async () => {
    await expect(searchClients(t.deps, { by: 'name', lastName: '' })).rejects.toBeInstanceOf(ValidationError);
    await expect(searchClients(t.deps, { by: 'name', lastName: 'x'.repeat(10_000) })).rejects.toMatchObject({
      userMessage: { fr: 'Le nom de famille est trop long (100 caractères au plus).' },
    });
    await expect(searchClients(t.deps, { by: 'name', lastName: '<>' })).rejects.toMatchObject({
      userMessage: { en: 'The last name must contain at least one letter.' },
    });
    await expect(searchClients(t.deps, { by: 'postal', postalCode: 'G' })).rejects.toMatchObject({
      userMessage: { fr: 'Le code postal doit compter au moins 2 lettres.' },
    });
    await expect(searchClients(t.deps, { by: 'phone', phone: 'not a phone' })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(searchClients(t.deps, { by: 'email', email: '<script>' })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(searchClients(t.deps, { by: 'scan' } as never)).rejects.toBeInstanceOf(ValidationError);
    for (const cursor of ['garbage', Buffer.from('{"pk":"CLIENT#x"}').toString('base64'), 'x'.repeat(3000)]) {
      await expect(
        searchClients(t.deps, { by: 'name', lastName: 'tremblay', cursor }),
      ).rejects.toBeInstanceOf(ValidationError);
    }
  });

  it('CRM-02 the same index always seeds the same person (demo and bench data are repeatable)', () => {
    expect(fakeClient(7)).toEqual(fakeClient(7));
    expect(fakeClient(7, { tag: 'run1' }).email).not.toEqual(fakeClient(7, { tag: 'run2' }).email);
  });
});
