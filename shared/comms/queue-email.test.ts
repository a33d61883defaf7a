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
