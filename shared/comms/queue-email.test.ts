import { Entity, Service } from 'electrodb';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { env } from '../../infra/wiring';
import { privateTable, useTwin } from '../../tests/twin';
import { createDeps } from '../adapters/create-deps';
import { documentClient } from '../adapters/dynamodb';
import type { Deps } from '../deps';
import { commitWithEmails } from './queue-email';

/** A stand-in for another domain's entity (identity, ticketing…), in a Service of its own. */
const noteEntity = () =>
  new Entity(
    {
      model: { entity: 'testNote', version: '1', service: 'parvis' },
      attributes: { noteId: { type: 'string', required: true }, text: { type: 'string', required: true } },
      indexes: {
        byId: {
          pk: { field: 'pk', composite: ['noteId'], template: 'TESTNOTE#${noteId}', casing: 'none' },
          sk: { field: 'sk', composite: [], template: 'NOTE', casing: 'none' },
        },
      },
    },
    {},
  );

let deps: Deps;
let other: ReturnType<typeof otherDomain>;
const published: string[] = [];

function otherDomain(vars: Record<string, string>) {
  return new Service({ note: noteEntity() }, { client: documentClient(vars), table: vars[env.tableName] });
}

beforeAll(async () => {
  useTwin();
  const vars = await privateTable('queue-email');
  other = otherDomain(vars);
  deps = {
    ...createDeps(vars, { test: 'queue-email' }),
    queues: {
      publish: async (_queue, messages) => {
        published.push(...messages.map((m) => (m as { messageId: string }).messageId));
      },
    },
  };
});

const invitation = (to: string) => ({
  templateId: 'client.invitation' as const,
  locale: 'fr' as const,
  to,
  data: { firstName: 'Léa', activationUrl: 'https://parvis.example/fr' },
});

describe('commitWithEmails across domains (COM-04)', () => {
  it('COM-04 commits another domain’s write and the e-mail it causes in one transaction, then publishes', async () => {
    const noteId = ulid();
    const { messageIds } = await commitWithEmails(deps, {
      entities: other.entities,
      writes: ({ note }) => [note.create({ noteId, text: 'bienvenue' }).commit()],
      emails: [invitation(`note+${noteId.toLowerCase()}@example.org`)],
    });
    expect((await other.entities.note.get({ noteId }).go()).data?.text).toBe('bienvenue');
    const message = (
      await deps.db.comms.entities.outboundMessage.get({ messageId: messageIds[0] ?? '' }).go()
    ).data;
    expect(message?.status).toBe('queued');
    expect(published).toContain(messageIds[0]);
  });

  it('COM-04 a refused write leaves no e-mail behind: neither is written, nothing is published', async () => {
    const noteId = ulid();
    await other.entities.note.create({ noteId, text: 'déjà là' }).go();
    const messageId = ulid();
    const before = published.length;
    await expect(
      commitWithEmails(
        { ...deps, ids: () => messageId },
        {
          entities: other.entities,
          // create() is conditioned on the item not existing: this one does.
          writes: ({ note }) => [note.create({ noteId, text: 'doublon' }).commit()],
          emails: [invitation(`refused+${noteId.toLowerCase()}@example.org`)],
        },
      ),
    ).rejects.toMatchObject({ code: 'transaction_canceled' });
    expect((await deps.db.comms.entities.outboundMessage.get({ messageId }).go()).data).toBeNull();
    expect((await other.entities.note.get({ noteId }).go()).data?.text).toBe('déjà là');
    expect(published.length).toBe(before);
  });

  it('COM-04 refuses entities that would shadow the outbox', async () => {
    await expect(
      commitWithEmails(deps, {
        entities: { outboundMessage: deps.db.comms.entities.outboundMessage },
        writes: () => [],
        emails: [invitation('shadow@example.org')],
      }),
    ).rejects.toThrow(/outbox/);
  });
});

describe('attachments by reference (TIX-10, decision 0018)', () => {
  const receipt = {
    key: 'orders/01JORDER/receipt.pdf',
    filename: 'Reçu 1042.pdf',
    contentType: 'application/pdf' as const,
  };

  it('TIX-10 keeps the references of the PDFs on the outbox item, never their bytes', async () => {
    const to = `pdf+${ulid().toLowerCase()}@example.org`;
    const tickets = { ...receipt, key: 'orders/01JORDER/tickets.pdf', filename: 'Billets.pdf' };
    const { messageIds } = await commitWithEmails(deps, {
      emails: [{ ...invitation(to), attachments: [receipt, tickets] }],
    });
    const message = (
      await deps.db.comms.entities.outboundMessage.get({ messageId: messageIds[0] ?? '' }).go()
    ).data;
    expect(message?.attachments).toEqual([receipt, tickets]);
  });

  it.each([
    [
      'a key outside orders/',
      { key: 'clients/01J/file.pdf' },
      'attachments.0.key',
      'must start with orders/',
    ],
    ['a key climbing out', { key: 'orders/../clients/01J/file.pdf' }, 'attachments.0.key', 'no ".."'],
    ['an empty key segment', { key: 'orders//x.pdf' }, 'attachments.0.key', 'no empty segment'],
    ['a folder, not an object', { key: 'orders/01J/' }, 'attachments.0.key', 'no empty segment'],
    ['odd characters in the key', { key: 'orders/01J/a b?.pdf' }, 'attachments.0.key', 'may hold only'],
    [
      'a path in the file name',
      { filename: '../../etc/passwd.pdf' },
      'attachments.0.filename',
      'without a path',
    ],
    ['a Windows path', { filename: 'C:\\temp\\recu.pdf' }, 'attachments.0.filename', 'without a path'],
    [
      'a header injection',
      { filename: 'recu.pdf\r\nBcc: x@y.z' },
      'attachments.0.filename',
      'control characters',
    ],
    ['a hidden file', { filename: '.recu.pdf' }, 'attachments.0.filename', 'without a path'],
    ['another extension', { filename: 'recu.pdf.exe' }, 'attachments.0.filename', 'end with .pdf'],
    ['a name too long', { filename: `${'a'.repeat(117)}.pdf` }, 'attachments.0.filename', 'longer than 120'],
    ['a type not allowed', { contentType: 'text/html' }, 'attachments.0.contentType', 'application/pdf'],
  ])('TIX-10 refuses %s, naming the field and why', async (_what, change, path, message) => {
    // Hostile input arrives untyped: the schema, not the type, must refuse it.
    const hostile = { ...receipt, ...change } as typeof receipt;
    const attempt = commitWithEmails(deps, {
      emails: [{ ...invitation('hostile@example.org'), attachments: [hostile] }],
    });
    await expect(attempt).rejects.toMatchObject({
      code: 'validation_failed',
      issues: expect.arrayContaining([
        expect.objectContaining({ path, message: expect.stringContaining(message) }),
      ]),
    });
  });

  it('TIX-10 refuses more than 10 attachments; 10 pass', async () => {
    const many = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        ...receipt,
        key: `orders/01J/${i}.pdf`,
        filename: `billet-${i}.pdf`,
      }));
    await expect(
      commitWithEmails(deps, { emails: [{ ...invitation('many@example.org'), attachments: many(11) }] }),
    ).rejects.toMatchObject({
      issues: [{ path: 'attachments', message: 'at most 10 attachments' }],
    });
    const to = `ten+${ulid().toLowerCase()}@example.org`;
    await expect(
      commitWithEmails(deps, { emails: [{ ...invitation(to), attachments: many(10) }] }),
    ).resolves.toMatchObject({ messageIds: [expect.any(String)] });
  });
});
