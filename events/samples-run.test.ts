import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type QueueKey, queues } from '../infra/wiring';
import { createDeps } from '../shared/adapters/create-deps';
import { s3FileStore } from '../shared/adapters/s3-files';
import { arrangeImageMessage } from '../shared/calendar/event-images.test-support';
import type { Deps } from '../shared/deps';
import { arrangeConfirmedOrder } from '../shared/orders/order-documents.test-support';
import { searchIndexKey } from '../shared/search/index-file';
import { fireSchedule, publishRaw, sentMail, useTwin, waitFor, waitIdle } from '../tests/twin';

/**
 * Every sample payload, put where AWS would put it (its queue, or its schedule fired), goes
 * through its real consumer in the local runner and has its effect.
 */
const dir = join(import.meta.dirname, 'samples');
const read = (file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8'));

let deps: Deps;
const started = Date.now();
/** The buyer of the order the order-documents sample names. */
const sampleBuyer = `echantillon.commande.${started}@example.org`;

beforeAll(() => {
  deps = createDeps(useTwin(), { test: 'samples' });
});

function queueOf(file: string): QueueKey {
  const name = file.split('.')[0];
  const key = (Object.keys(queues) as QueueKey[]).find((k) => queues[k].name === name);
  if (!key) throw new Error(`${file}: no queue named ${name}`);
  return key;
}

async function publish(file: string, body: unknown) {
  await publishRaw(queueOf(file), JSON.stringify(body));
}

/** What each sample must have done once consumed. */
const effects: Record<string, (body: ReturnType<typeof read>) => Promise<unknown>> = {
  'outbound-email.v1.json': sentLogged,
  'mass-email.v1.json': sentLogged,
  'ses-notifications.bounce-permanent.json': async () =>
    (await deps.db.comms.entities.suppression.get({ email: 'bounce@simulator.amazonses.com' }).go()).data
      ?.reason === 'bounce',
  'ses-notifications.complaint.json': async () =>
    (await deps.db.comms.entities.suppression.get({ email: 'complaint@simulator.amazonses.com' }).go()).data
      ?.reason === 'complaint',
  'ses-notifications.bounce-transient.json': async () => {
    const log = await deps.db.comms.entities.sendLog.query
      .byRecipient({ recipientKey: 'email:boite.pleine@example.org' })
      .go();
    const suppressed = await deps.db.comms.entities.suppression
      .get({ email: 'boite.pleine@example.org' })
      .go();
    return log.data.some((e) => e.event === 'bounced') && !suppressed.data;
  },
  // ORG-06: the confirmed upload inspected, the chosen crops rendered.
  'process-image.inspect.json': async (body) => (await imageOf(body.imageId))?.status === 'ready',
  'process-image.crop.json': async (body) => (await imageOf(body.imageId))?.status === 'cropped',
  // CAL-10: the search file rebuilt (the sample's request is dated after any build, so never dropped).
  'public-indexes.v1.json': async () => {
    const build = (
      await deps.db.calendar.entities.publicIndexBuild.get({ name: searchIndexKey }).go({ consistent: true })
    ).data;
    return build !== null && Date.parse(build.finishedAt) >= started;
  },
  // TIX-10: the confirmed order's e-mail reached SES with its receipt and tickets.
  'order-documents.v1.json': async () =>
    (await sentMail({ to: sampleBuyer })).some(
      (mail) =>
        mail.attachments.filter((attachment) => attachment.contentType === 'application/pdf').length === 2,
    ),
  'ses-notifications.delivery.json': async (body) =>
    (await deps.db.comms.entities.dedupeMarker.get({ scope: 'ses-notification', key: body.MessageId }).go())
      .data,
  // The Send event settles the message it is tagged with, whose outcome the sender could not record.
  'ses-notifications.send.json': async (body) => {
    const ses = JSON.parse(body.Message);
    const message = (
      await deps.db.comms.entities.outboundMessage.get({ messageId: ses.mail.tags.messageId[0] }).go()
    ).data;
    return message?.status === 'sent' && message.sesMessageId === ses.mail.messageId;
  },
};

async function imageOf(imageId: string) {
  return (await deps.db.calendar.entities.image.get({ imageId }).go({ consistent: true })).data;
}

/**
 * What the outbox (and, for the Send event, a sender that died after its SES call) left in the
 * table; for an image message, the image and its original as the web server left them; for the
 * order documents, the sample's order paid and confirmed, its message not yet published.
 */
async function arrange(file: string, body: ReturnType<typeof read>) {
  if (file.startsWith(`${queues.orderDocuments.name}.`)) {
    await arrangeConfirmedOrder(deps, process.env, { orderId: body.orderId, email: sampleBuyer });
    return;
  }
  if (file.startsWith(`${queues.processImage.name}.`)) {
    await arrangeImageMessage(deps, s3FileStore(process.env), body);
    return;
  }
  const outbound =
    file.startsWith(`${queues.outboundEmail.name}.`) || file.startsWith(`${queues.massEmail.name}.`);
  const send = file === 'ses-notifications.send.json';
  if (!outbound && !send) return;
  const now = Date.now();
  const at = (ms: number) => new Date(now + ms).toISOString();
  const to = send ? 'envoi@example.org' : 'echantillon@example.org';
  await deps.db.comms.entities.outboundMessage
    .put({
      messageId: send ? JSON.parse(body.Message).mail.tags.messageId[0] : body.messageId,
      kind: file.startsWith(queues.massEmail.name) ? 'mass' : 'service',
      account: 'samples',
      templateId: 'client.invitation',
      locale: 'fr',
      to,
      recipientKey: `email:${to}`,
      data: { firstName: 'Échantillon', activationUrl: 'https://parvis.example/fr' },
      createdAt: at(0),
      ...(send
        ? {
            status: 'sending',
            attempts: 1,
            attemptAt: at(-120_000),
            leaseUntil: at(-1),
            notBefore: at(780_000),
          }
        : { status: 'queued', attempts: 0, notBefore: at(900_000) }),
    })
    .go();
}

async function sentLogged(body: { messageId: string }) {
  const message = (await deps.db.comms.entities.outboundMessage.get({ messageId: body.messageId }).go()).data;
  return message?.status === 'sent';
}

describe('event samples through their consumers', () => {
  const samples = readdirSync(dir).filter((f) => f.endsWith('.json'));

  it('PLAT-03 every sample has a known effect', () => {
    for (const file of samples) {
      if (!file.startsWith('schedule.')) expect(effects[file], file).toBeDefined();
    }
  });

  it.each(samples.filter((f) => !f.startsWith('schedule.')))(
    'COM-08 %s runs through its consumer',
    async (file) => {
      const body = read(file);
      await arrange(file, body);
      await publish(file, body);
      const effect = effects[file];
      if (!effect) throw new Error(`no effect declared for ${file}`);
      await waitFor(() => effect(body), 20_000);
    },
  );

  it.each(samples.filter((f) => f.startsWith('schedule.')))('COM-04 %s runs its job', async (file) => {
    const body = read(file);
    await fireSchedule(file.split('.')[1] ?? '', new Date(body.time));
    await waitIdle();
  });
});
