import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { documentClient } from '../adapters/dynamodb';
import { createDatabases } from '../db/databases';
import { logIn, startSession } from '../identity/log-in';
import { resolveSession } from '../identity/sessions';
import { NotFoundError, ValidationError } from '../kernel/errors';
import { addClientNote } from './add-client-note';
import { requestDocumentUpload } from './client-documents';
import { type ClientHistory, judgeErasure } from './client-history';
import { createClientByStaff } from './create-client-by-staff';
import { uniqueLastName } from './crm.test-support';
import { erasureMessages, requestClientErasure } from './erase-client';
import {
  auditOf,
  type ErasureBed,
  erasureBed,
  invoiceItem,
  orderItems,
  registrationItem,
  signUp,
} from './erasure.test-support';
import { recordConsent } from './record-consent';
import { findNamePostalMatches } from './search-clients';

/** Deletion requests (CRM-07) against DynamoDB Local in a table of this file's own, and the twin's S3. */
let t: ErasureBed;
const start = '2026-11-24T15:00:00.000Z';
const past = '2026-09-10T13:00:00.000Z';
const future = '2027-02-10T13:00:00.000Z';

beforeAll(async () => {
  t = await erasureBed('erase-client', start);
});

/** Writes an item as another entity (or an issue not built yet) would, below ElectroDB. */
const putRaw = async (item: Record<string, unknown>) => {
  await t.bed.raw.send(new PutCommand({ TableName: t.bed.tableName, Item: item }));
};

beforeEach(() => t.clock.set(start));

const profileOf = async (clientId: string) =>
  (await t.deps.db.crm.entities.clientProfile.get({ clientId }).go({ consistent: true })).data;

const asClient = (file: { clientId: string; userId: string }) => ({
  clientId: file.clientId,
  actor: { userId: file.userId, kind: 'client' as const },
});
const staff = { userId: ulid(), kind: 'staff' as const };

/** A file with a consent record and a note, so a refusal can be seen to change nothing. */
async function fileWithContent() {
  const file = await signUp(t);
  await recordConsent(t.deps, {
    clientId: file.clientId,
    channel: 'email',
    value: 'granted',
    method: 'portal',
    actorUserId: file.userId,
  });
  await addClientNote(t.deps, {
    clientId: file.clientId,
    kind: 'general',
    text: 'Préfère les ateliers du soir.',
    authorUserId: staff.userId,
  });
  return file;
}

/** Every item of the file's partition, by sort key. */
async function sortKeysOf(clientId: string): Promise<string[]> {
  const { data } = await t.deps.db.crm.entities.clientFileItem.query
    .byClient({ clientId })
    .go({ ignoreOwnership: true, data: 'includeKeys', pages: 'all' });
  return data.map((item) => String((item as unknown as { sk: string }).sk)).sort();
}

describe('judgeErasure (data-model §5)', () => {
  const none: ClientHistory = { invoices: [], orders: [], registrations: [], other: [] };
  const key = { pk: 'CLIENT#C', sk: 'X' };
  const now = new Date(start);

  it('CRM-07 decides in the seed’s order: balance, then workshops to come, then history', () => {
    expect(judgeErasure(none, now)).toBe('deleted');
    expect(judgeErasure({ ...none, invoices: [{ key, balanceCents: 1 }] }, now)).toBe('refusedBalance');
    expect(judgeErasure({ ...none, invoices: [{ key, balanceCents: 0 }] }, now)).toBe('deactivated');
    expect(judgeErasure({ ...none, orders: [{ key, status: 'pendingPayment' }] }, now)).toBe(
      'refusedBalance',
    );
    expect(judgeErasure({ ...none, orders: [{ key, status: 'expired' }] }, now)).toBe('deleted');
    expect(judgeErasure({ ...none, orders: [{ key, status: 'paid' }] }, now)).toBe('deactivated');
    expect(judgeErasure({ ...none, orders: [{ key, status: 'cancelled' }] }, now)).toBe('deactivated');
    const row = (status: string, startsAt?: string) => ({ key, status, ...(startsAt ? { startsAt } : {}) });
    expect(judgeErasure({ ...none, registrations: [row('toSchedule')] }, now)).toBe('refusedToSchedule');
    expect(judgeErasure({ ...none, registrations: [row('registered', future)] }, now)).toBe(
      'refusedToSchedule',
    );
    expect(judgeErasure({ ...none, registrations: [row('cancelRequested', future)] }, now)).toBe(
      'refusedToSchedule',
    );
    // A dated row whose date is unknown is taken as to come: never delete on a guess.
    expect(judgeErasure({ ...none, registrations: [row('registered')] }, now)).toBe('refusedToSchedule');
    expect(judgeErasure({ ...none, registrations: [row('registered', past)] }, now)).toBe('deactivated');
    expect(judgeErasure({ ...none, registrations: [row('attended', past)] }, now)).toBe('deactivated');
    expect(judgeErasure({ ...none, registrations: [row('cancelled', future)] }, now)).toBe('deactivated');
    expect(judgeErasure({ ...none, other: [key] }, now)).toBe('deactivated');
    // Both a balance and a workshop to come: the balance is named first.
    expect(
      judgeErasure(
        { ...none, invoices: [{ key, balanceCents: 500 }], registrations: [row('toSchedule')] },
        now,
      ),
    ).toBe('refusedBalance');
  });
});

describe('requestClientErasure: the four outcomes (seed)', () => {
  it('CRM-07 a file without history is completely deleted, with the seed’s message and an audit entry', async () => {
    const file = await fileWithContent();
    const result = await requestClientErasure(t.erase, asClient(file));
    expect(result).toEqual({ outcome: 'deleted', message: erasureMessages.deleted });
    expect(result.message.fr).toBe('Votre dossier a été complètement supprimé.');

    expect(await profileOf(file.clientId)).toBeNull();
    expect(await sortKeysOf(file.clientId)).toEqual([]);
    expect(await t.bed.item(`EMAIL#${file.email}`, 'EMAIL')).toBeUndefined();
    expect(await t.bed.item('PHONE#+14185550142', `CLIENT#${file.clientId}`)).toBeUndefined();
    expect(await t.bed.item(`USER#${file.userId}`, 'PROFILE')).toBeUndefined();
    const audit = await auditOf(t, file.clientId);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'client.delete',
      targetType: 'CLIENT',
      targetId: file.clientId,
      actorUserId: file.userId,
      refs: { userId: file.userId },
    });
  });

  it('CRM-07 a balance due refuses, with the seed’s message, and changes nothing', async () => {
    const file = await fileWithContent();
    await putRaw(invoiceItem(file.clientId, 12_500));
    const before = await sortKeysOf(file.clientId);
    const result = await requestClientErasure(t.erase, asClient(file));
    expect(result).toEqual({ outcome: 'refusedBalance', message: erasureMessages.refusedBalance });
    expect(result.message.fr).toBe(
      'Votre dossier n’a pas pu être supprimé, car vous avez un solde à votre dossier. Veuillez communiquer avec nous.',
    );
    expect(await profileOf(file.clientId)).toMatchObject({ status: 'active', email: file.email });
    expect(await sortKeysOf(file.clientId)).toEqual(before);
    expect(await t.bed.item(`EMAIL#${file.email}`, 'EMAIL')).toBeDefined();
    expect(await t.bed.item(`USER#${file.userId}`, 'PROFILE')).toBeDefined();
    expect(await auditOf(t, file.clientId)).toEqual([]);
  });

  it('CRM-07 an order awaiting payment counts as a balance', async () => {
    const file = await signUp(t);
    for (const item of orderItems(file.clientId, 'pendingPayment')) await putRaw(item);
    expect((await requestClientErasure(t.erase, asClient(file))).outcome).toBe('refusedBalance');
    expect(await profileOf(file.clientId)).toMatchObject({ status: 'active' });
  });

  it('CRM-07 a registration « À PLANIFIER » or at a date to come refuses, with the seed’s message', async () => {
    const toSchedule = await signUp(t);
    await putRaw(registrationItem(toSchedule.clientId, 'toSchedule'));
    const result = await requestClientErasure(t.erase, asClient(toSchedule));
    expect(result).toEqual({ outcome: 'refusedToSchedule', message: erasureMessages.refusedToSchedule });
    expect(result.message.fr).toBe(
      'Votre dossier n’a pas pu être supprimé, car vous êtes inscrit/e à un ou plusieurs ateliers. Veuillez les annuler ou communiquer avec nous.',
    );
    expect(await profileOf(toSchedule.clientId)).toMatchObject({ status: 'active' });

    const upcoming = await signUp(t);
    await putRaw(registrationItem(upcoming.clientId, 'attended', past));
    await putRaw(registrationItem(upcoming.clientId, 'registered', future));
    expect((await requestClientErasure(t.erase, asClient(upcoming))).outcome).toBe('refusedToSchedule');
    // Once the workshop is over, the same file is deactivated.
    t.clock.set('2027-03-01T00:00:00.000Z');
    expect((await requestClientErasure(t.erase, asClient(upcoming))).outcome).toBe('deactivated');
  });

  it('CRM-07 history deactivates: only names and postal code stay, history rows stay, the rest goes', async () => {
    const file = await fileWithContent();
    const registration = registrationItem(file.clientId, 'attended', past);
    const invoice = invoiceItem(file.clientId, 0);
    await putRaw(registration);
    await putRaw(invoice);
    const paid = orderItems(file.clientId, 'paid');
    for (const item of paid) await putRaw(item);
    const paidOrder = paid[0];

    const result = await requestClientErasure(t.erase, {
      clientId: file.clientId,
      actor: staff,
    });
    expect(result).toEqual({ outcome: 'deactivated', message: erasureMessages.deactivated });
    expect(result.message.fr).toContain('Nous avons uniquement conservé votre nom et votre code postal');

    const profile = await profileOf(file.clientId);
    expect(profile).toMatchObject({
      status: 'deactivated',
      firstName: file.form.firstName,
      lastName: file.form.lastName,
      postalCode: 'G1R 4P5',
      country: 'CA',
      salutation: 'x',
      noEmail: true,
      consentEmail: 'unknown',
    });
    for (const gone of [
      'email',
      'phone',
      'street',
      'city',
      'region',
      'userId',
      'consentEmailAt',
      'consentAskedAt',
    ]) {
      expect(profile, gone).not.toHaveProperty(gone);
    }
    expect(await sortKeysOf(file.clientId)).toEqual([invoice.sk, 'PROFILE', registration.sk].sort());
    if (paidOrder) expect(await t.bed.item(paidOrder.pk, 'ORDER')).toMatchObject({ status: 'paid' });
    expect(await t.bed.item(`EMAIL#${file.email}`, 'EMAIL')).toBeUndefined();
    expect(await t.bed.item('PHONE#+14185550142', `CLIENT#${file.clientId}`)).toBeUndefined();
    expect(await t.bed.item(`USER#${file.userId}`, 'PROFILE')).toBeUndefined();
    // « Déjà client ? » still recognises the person by name and postal code.
    const matches = await findNamePostalMatches(t.deps, {
      namePrefix: profile?.namePrefix ?? '',
      lastNameKey: profile?.lastNameKey ?? '',
      firstNameKey: profile?.firstNameKey ?? '',
      postalKey: 'G1R4P5',
    });
    expect(matches.map((m) => m.clientId)).toContain(file.clientId);
    expect(await auditOf(t, file.clientId)).toMatchObject([
      { action: 'client.deactivate', actorUserId: staff.userId },
    ]);

    // Asking again answers the same, without a second entry.
    expect((await requestClientErasure(t.erase, { clientId: file.clientId, actor: staff })).outcome).toBe(
      'deactivated',
    );
    expect(await auditOf(t, file.clientId)).toHaveLength(1);
  });

  it('CRM-07 CRM-04 a phone-only file staff created (no address, no account) is deleted with its phone lookup', async () => {
    const created = await createClientByStaff(t.deps, {
      actorUserId: staff.userId,
      salutation: 'm',
      firstName: 'Réjean',
      lastName: uniqueLastName('Gagnon'),
      phone: '418 555-0123',
      address: { country: 'CA' },
      locale: 'fr',
      confirmDuplicate: true,
    });
    if (created.outcome !== 'created') throw new Error(created.outcome);
    expect(await t.bed.item('PHONE#+14185550123', `CLIENT#${created.clientId}`)).toBeDefined();
    const result = await requestClientErasure(t.erase, { clientId: created.clientId, actor: staff });
    expect(result.outcome).toBe('deleted');
    expect(await profileOf(created.clientId)).toBeNull();
    expect(await t.bed.item('PHONE#+14185550123', `CLIENT#${created.clientId}`)).toBeUndefined();
  });

  it('CRM-07 an order that expired unpaid is not history: it is deleted with its lines', async () => {
    const file = await signUp(t);
    const [head, line] = orderItems(file.clientId, 'expired');
    for (const item of [head, line]) if (item) await putRaw(item);
    expect((await requestClientErasure(t.erase, asClient(file))).outcome).toBe('deleted');
    expect(await t.bed.item(head?.pk ?? '', 'ORDER')).toBeUndefined();
    expect(await t.bed.item(line?.pk ?? '', 'LINE#1')).toBeUndefined();
  });
});

describe('requestClientErasure: who may ask, and bad input', () => {
  it('CRM-07 ROLE-06 a client can only ask for their own file: another file is not found', async () => {
    const mine = await signUp(t);
    const theirs = await signUp(t);
    await expect(
      requestClientErasure(t.erase, {
        clientId: theirs.clientId,
        actor: { userId: mine.userId, kind: 'client' },
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(await profileOf(theirs.clientId)).toMatchObject({ status: 'active' });
    await expect(requestClientErasure(t.erase, { clientId: ulid(), actor: staff })).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it('CRM-07 refuses forged, empty, huge and markup ids before reading anything', async () => {
    const file = await signUp(t);
    for (const clientId of [
      '',
      `${file.clientId}#PROFILE`,
      '../clients',
      'x'.repeat(10_000),
      '<script>1</script>',
    ]) {
      await expect(requestClientErasure(t.erase, { clientId, actor: staff })).rejects.toBeInstanceOf(
        ValidationError,
      );
    }
    await expect(
      requestClientErasure(t.erase, {
        clientId: file.clientId,
        actor: { userId: file.userId, kind: 'robot' },
      } as never),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(await profileOf(file.clientId)).toMatchObject({ status: 'active' });
  });

  it('CRM-07 ends every session of the client at once', async () => {
    const file = await signUp(t);
    const { token } = await logIn(t.deps, {
      email: file.email,
      password: file.form.password,
      address: '127.0.0.1',
    });
    expect(await resolveSession(t.deps, { token })).toBeDefined();
    await requestClientErasure(t.erase, asClient(file));
    expect(await resolveSession(t.deps, { token })).toBeUndefined();
    expect(
      await t.deps.db.identity.entities.session.query.byUser({ userId: file.userId }).go(),
    ).toMatchObject({
      data: [],
    });
  });

  it('CRM-07 ORG-08 an account that is also a member keeps its log-in and roles; only the file goes', async () => {
    const file = await signUp(t);
    const { membership, account } = t.deps.db.identity.entities;
    await membership
      .create({
        userId: file.userId,
        orgId: 'parvis',
        role: 'trainer',
        grantedAt: start,
        grantedBy: staff.userId,
      })
      .go();
    const holder = (await account.get({ userId: file.userId }).go({ consistent: true })).data;
    if (!holder) throw new Error('the sign-up made no account');
    const { token } = await startSession(t.deps, {
      account: holder,
      roles: [{ orgId: 'parvis', role: 'trainer' }],
      stage: 'full',
      idleSeconds: 3600,
      absoluteSeconds: 7200,
    });

    expect((await requestClientErasure(t.erase, asClient(file))).outcome).toBe('deleted');
    expect(await profileOf(file.clientId)).toBeNull();
    const kept = (await account.get({ userId: file.userId }).go({ consistent: true })).data;
    expect(kept).toMatchObject({ email: file.email, status: 'active' });
    expect(kept).not.toHaveProperty('clientId');
    expect(
      await t.deps.db.identity.entities.emailGuard.get({ email: file.email }).go({ consistent: true }),
    ).toMatchObject({ data: { email: file.email, userId: file.userId } });
    expect((await t.bed.item(`EMAIL#${file.email}`, 'EMAIL'))?.clientId).toBeUndefined();
    expect((await membership.query.byUser({ userId: file.userId }).go()).data).toHaveLength(1);
    // The session held the client id: it is over; a new log-in has no client role.
    expect(await resolveSession(t.deps, { token })).toBeUndefined();
    const again = await logIn(t.deps, {
      email: file.email,
      password: file.form.password,
      address: '127.0.0.1',
    });
    expect(again.session.clientId).toBeUndefined();
  });
});

describe('requestClientErasure: interrupted and concurrent runs', () => {
  it('CRM-07 a run that crashes midway leaves the file locked (`erasing`); the next run finishes it', async () => {
    const file = await fileWithContent();
    const { document } = await requestDocumentUpload(t.erase, {
      actor: { userId: file.userId, clientId: file.clientId, staff: false },
      clientId: file.clientId,
      contentType: 'application/pdf',
      fileName: 'preuve.pdf',
    });
    // S3 fails while the folder is being emptied: the account, guard and phone are gone already.
    const crashing = {
      ...t.erase,
      files: {
        ...t.files,
        deleteUnder: async () => {
          throw new Error('S3 is unavailable');
        },
      },
    };
    await expect(requestClientErasure(crashing, asClient(file))).rejects.toThrow(/S3 is unavailable/);
    expect(await profileOf(file.clientId)).toMatchObject({ status: 'erasing' });
    expect(await t.bed.item(`USER#${file.userId}`, 'PROFILE')).toBeUndefined();
    expect(
      await t.bed.item(`CLIENT#${file.clientId}`, `DOC#${document.at}#${document.docId}`),
    ).toBeUndefined();
    expect(await auditOf(t, file.clientId)).toEqual([]);
    // Locked: nothing new joins the file meanwhile.
    await expect(
      recordConsent(t.deps, {
        clientId: file.clientId,
        channel: 'phone',
        value: 'granted',
        method: 'staff',
        actorUserId: staff.userId,
      }),
    ).rejects.toBeInstanceOf(NotFoundError);

    // Staff run it again (the client's account is gone): it finishes.
    expect((await requestClientErasure(t.erase, { clientId: file.clientId, actor: staff })).outcome).toBe(
      'deleted',
    );
    expect(await profileOf(file.clientId)).toBeNull();
    expect(await sortKeysOf(file.clientId)).toEqual([]);
    expect(await auditOf(t, file.clientId)).toMatchObject([
      { action: 'client.delete', actorUserId: staff.userId },
    ]);
  });

  it('CRM-07 the final write failing (DynamoDB throttled) is finished by the next run, audited once', async () => {
    const file = await fileWithContent();
    await putRaw(registrationItem(file.clientId, 'attended', past));
    const real = documentClient(process.env);
    const failing = {
      ...t.erase,
      db: createDatabases(
        {
          send: (command: { constructor: { name: string } }, options?: never) => {
            if (command.constructor.name === 'TransactWriteCommand') {
              throw Object.assign(new Error('Throughput exceeds the current capacity of your table.'), {
                name: 'ThrottlingException',
                $metadata: { httpStatusCode: 400 },
              });
            }
            return real.send(command as never, options);
          },
        } as never,
        t.bed.tableName,
      ),
    };
    await expect(requestClientErasure(failing, { clientId: file.clientId, actor: staff })).rejects.toThrow();
    expect(await profileOf(file.clientId)).toMatchObject({ status: 'erasing', email: file.email });
    expect(await auditOf(t, file.clientId)).toEqual([]);

    expect((await requestClientErasure(t.erase, { clientId: file.clientId, actor: staff })).outcome).toBe(
      'deactivated',
    );
    expect(await profileOf(file.clientId)).toMatchObject({ status: 'deactivated' });
    expect(await profileOf(file.clientId)).not.toHaveProperty('email');
    expect(await auditOf(t, file.clientId)).toHaveLength(1);
  });

  it('CRM-07 a file left `erasing` that now has a workshop to come is refused and unlocked', async () => {
    const file = await signUp(t);
    await t.deps.db.crm.entities.clientProfile
      .patch({ clientId: file.clientId })
      .set({ status: 'erasing' })
      .go();
    await putRaw(registrationItem(file.clientId, 'toSchedule'));
    expect((await requestClientErasure(t.erase, { clientId: file.clientId, actor: staff })).outcome).toBe(
      'refusedToSchedule',
    );
    expect(await profileOf(file.clientId)).toMatchObject({ status: 'active', email: file.email });
  });

  it('CRM-07 two requests at once (a double click): both answer deleted, one audit entry', async () => {
    const file = await fileWithContent();
    const results = await Promise.all([
      requestClientErasure(t.erase, asClient(file)),
      requestClientErasure(t.erase, { clientId: file.clientId, actor: staff }),
    ]);
    expect(results.map((r) => r.outcome)).toEqual(['deleted', 'deleted']);
    expect(await profileOf(file.clientId)).toBeNull();
    expect(await auditOf(t, file.clientId)).toHaveLength(1);
  });
});

describe('FileStore.deleteUnder (S3 twin)', () => {
  it('CRM-07 empties one folder and nothing beside it; refuses a prefix that is not a folder', async () => {
    const mine = `clients/${ulid()}/`;
    const other = `clients/${ulid()}/`;
    const form = await t.files.presignUpload({
      bucket: 'uploads',
      key: `${other}docs/x`,
      contentType: 'application/pdf',
      maxBytes: 100,
      expiresInSeconds: 60,
    });
    const body = new FormData();
    for (const [name, value] of Object.entries(form.fields)) body.append(name, value);
    body.append('file', new Blob(['%PDF-1.7']), 'x.pdf');
    expect((await fetch(form.url, { method: 'POST', body })).status).toBe(204);
    expect(await t.files.deleteUnder({ bucket: 'uploads', prefix: mine })).toEqual({ deleted: 0 });
    expect(await t.files.head({ bucket: 'uploads', key: `${other}docs/x` })).toBeDefined();
    for (const prefix of ['', '/', 'clients', 'clients/x', '/clients/']) {
      await expect(t.files.deleteUnder({ bucket: 'uploads', prefix })).rejects.toThrow(/Not a folder/);
    }
    expect(await t.files.deleteUnder({ bucket: 'uploads', prefix: other })).toEqual({ deleted: 1 });
    expect(await t.files.head({ bucket: 'uploads', key: `${other}docs/x` })).toBeUndefined();
  });
});
