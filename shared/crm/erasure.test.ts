/**
 * THE erasure test (CRM-07, docs/data-model.md §5 "The test"): a file holding everything a file
 * can hold today — account, sessions, link tokens, consent records, notes of the three kinds,
 * documents in S3 (and an upload never confirmed), a staff request, e-mails sent through the
 * pipeline with send logs keyed by the client and by the address, a suppression, a phone lookup —
 * is erased; then the WHOLE private table is scanned and every object of the buckets involved is
 * read, and no trace of the address, the phone or the street is left. After a deactivation only
 * the last name, first name and postal code (and country) remain, on the profile alone.
 */
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { sesNotificationMessage } from '../../events/ses-notification';
import { env } from '../../infra/wiring';
import { useTwin } from '../../tests/twin';
import { commitWithEmails } from '../comms/queue-email';
import { recordSesNotification } from '../comms/record-ses-notification';
import { sendQueuedEmail } from '../comms/send-queued-email';
import { issueAccountToken } from '../identity/account-tokens';
import { logIn } from '../identity/log-in';
import { requestPasswordReset } from '../identity/request-password-reset';
import type { FileBucket } from '../kernel/ports';
import { addClientNote } from './add-client-note';
import { confirmDocumentUpload, requestDocumentUpload } from './client-documents';
import { signUpAttemptEmail } from './client-emails';
import { noPacing, uniqueEmail, uniqueLastName } from './crm.test-support';
import { requestClientErasure } from './erase-client';
import {
  auditOf,
  type ErasureBed,
  erasureBed,
  invoiceItem,
  registrationItem,
  signUp,
} from './erasure.test-support';
import { recordConsent } from './record-consent';
import { signUpClient } from './sign-up-client';

let t: ErasureBed;
let s3: S3Client;
let vars: Record<string, string>;
const start = '2026-11-24T15:00:00.000Z';
const buckets: FileBucket[] = ['uploads', 'documents'];

beforeAll(async () => {
  vars = useTwin();
  t = await erasureBed('erasure', start);
  s3 = new S3Client({ endpoint: vars[env.endpoint('s3')], region: vars.AWS_REGION, forcePathStyle: true });
});

/** Writes an item as another entity (or an issue not built yet) would, below ElectroDB. */
const putRaw = async (item: Record<string, unknown>) => {
  await t.bed.raw.send(new PutCommand({ TableName: t.bed.tableName, Item: item }));
};

/** Every item of the private table: a Scan, which only a test may do. */
async function wholeTable(): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let from: Record<string, unknown> | undefined;
  do {
    const page = await t.bed.raw.send(
      new ScanCommand({ TableName: t.bed.tableName, ExclusiveStartKey: from, ConsistentRead: true }),
    );
    items.push(...(page.Items ?? []));
    from = page.LastEvaluatedKey;
  } while (from);
  return items;
}

/** Every object of the buckets, with its content (objects other test files delete meanwhile are skipped). */
async function everyObject(): Promise<{ bucket: string; key: string; body: string }[]> {
  const objects: { bucket: string; key: string; body: string }[] = [];
  for (const bucket of buckets) {
    const name = vars[env.bucketName(bucket)] ?? '';
    let token: string | undefined;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: name, ContinuationToken: token }));
      for (const object of page.Contents ?? []) {
        if (!object.Key) continue;
        try {
          const got = await s3.send(new GetObjectCommand({ Bucket: name, Key: object.Key }));
          objects.push({
            bucket,
            key: object.Key,
            body: (await got.Body?.transformToString('latin1')) ?? '',
          });
        } catch {
          // Removed by another test file between the listing and the read.
        }
      }
      token = page.NextContinuationToken;
    } while (token);
  }
  return objects;
}

/** Items whose stored form mentions `text` anywhere (keys, attributes, nested data). */
const mentioning = (items: Record<string, unknown>[], text: string) =>
  items.filter((item) => JSON.stringify(item).toLowerCase().includes(text.toLowerCase()));

const keysOf = (items: Record<string, unknown>[]) => items.map((item) => `${item.pk} · ${item.sk}`).sort();

async function post(upload: { url: string; fields: Record<string, string> }, body: string) {
  const form = new FormData();
  for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
  form.append('file', new Blob([body]), 'upload.pdf');
  expect((await fetch(upload.url, { method: 'POST', body: form })).status).toBe(204);
}

async function send(messageId: string) {
  return sendQueuedEmail(t.deps, { messageId, pacers: noPacing });
}

/** A permanent bounce from SES for one of our sent messages, as the ses-notifications queue carries it. */
async function bounce(messageId: string) {
  const message = (await t.deps.db.comms.entities.outboundMessage.get({ messageId }).go({ consistent: true }))
    .data;
  const at = t.clock.now().toISOString();
  const notification = {
    eventType: 'Bounce',
    mail: {
      timestamp: at,
      messageId: message?.sesMessageId ?? '',
      destination: [message?.to ?? ''],
      tags: { messageId: [messageId] },
    },
    bounce: {
      bounceType: 'Permanent',
      bounceSubType: 'General',
      bouncedRecipients: [
        { emailAddress: message?.to ?? '', diagnosticCode: 'smtp; 550 5.1.1 user unknown' },
      ],
      timestamp: at,
      feedbackId: ulid(),
    },
  };
  await recordSesNotification(
    t.deps,
    sesNotificationMessage.parse({
      Type: 'Notification',
      MessageId: ulid(),
      TopicArn: 'arn:aws:sns:ca-central-1:000000000000:ses-events',
      Message: JSON.stringify(notification),
      Timestamp: at,
    }),
  );
}

/**
 * A file with everything a file can hold, through the real use cases; returns the person's data
 * to look for afterwards.
 */
async function fullFile() {
  const tag = ulid().slice(-6);
  const email = uniqueEmail('erasure');
  const otherEmail = uniqueEmail('autre-adresse');
  const street = `742, rue des Érables-${tag}`;
  const city = `Saint-Ulric-${tag}`;
  const lastName = uniqueLastName('Bérubé');
  const phone = '418 555-0199';
  const e164 = '+14185550199';

  // 1. Mail to the address before any file exists: logged under RCPT#email:<address>.
  const before = await commitWithEmails(t.deps, {
    emails: [signUpAttemptEmail(t.deps, { email, locale: 'fr' })],
  });
  expect(await send(before.messageIds[0] ?? '')).toBe('sent');

  // 2. Sign-up: file, account, guard, phone lookup, verification token and e-mail (sent, then bounced).
  const published = t.published.length;
  const file = await signUp(t, {
    email,
    lastName,
    phone,
    address: { street, city, region: 'QC', postalCode: 'g5l 1a1', country: 'CA' },
  });
  const [signUpMessage] = t.published.slice(published);
  expect(await send(signUpMessage ?? '')).toBe('sent');
  await bounce(signUpMessage ?? '');
  expect(await t.bed.item(`SUPPRESSION#${email}`, 'SUPPRESSION')).toBeDefined();

  // 3. Sessions and link tokens; a reset e-mail still queued.
  const password = file.form.password;
  await logIn(t.deps, { email, password, address: '127.0.0.1' });
  await logIn(t.deps, { email, password, address: '10.0.0.7' });
  await issueAccountToken(t.deps, { userId: file.userId, purpose: 'reset-password' });
  await requestPasswordReset(t.deps, { email, locale: 'fr' });

  // 4. Consent records, notes of the three kinds (free text naming the phone and the street).
  const consent = { clientId: file.clientId, actorUserId: file.userId };
  await recordConsent(t.deps, { ...consent, channel: 'email', value: 'granted', method: 'portal' });
  t.clock.advance(1000);
  await recordConsent(t.deps, {
    ...consent,
    channel: 'phone',
    value: 'withdrawn',
    method: 'phone',
    source: `appel de la cliente au ${phone}`,
  });
  const staffId = ulid();
  for (const [kind, text] of [
    ['accounting', `Solde réglé par chèque, rappeler au ${phone}`],
    ['trainer', `Allergie au latex. Courriel : ${email}`],
    ['general', `A déménagé au ${street}, ${city}`],
  ] as const) {
    t.clock.advance(1000);
    await addClientNote(t.deps, { clientId: file.clientId, kind, text, authorUserId: staffId });
  }

  // 5. Two documents in S3 (their content names the address), and an upload never confirmed whose
  //    item is already gone (TTL), leaving only the object under the client's folder.
  const owner = { userId: file.userId, clientId: file.clientId, staff: false };
  const staffActor = { userId: staffId, staff: true };
  for (const actor of [owner, staffActor]) {
    const requested = await requestDocumentUpload(t.erase, {
      actor,
      clientId: file.clientId,
      contentType: 'application/pdf',
      fileName: `preuve ${email}.pdf`,
    });
    await post(requested.upload, `%PDF-1.7\n% ${email} ${street}\n%%EOF\n`);
    await confirmDocumentUpload(t.erase, {
      actor,
      clientId: file.clientId,
      docId: requested.document.docId,
      at: requested.document.at,
    });
  }
  const orphan = await requestDocumentUpload(t.erase, {
    actor: owner,
    clientId: file.clientId,
    contentType: 'application/pdf',
    fileName: 'jamais-confirme.pdf',
  });
  await post(orphan.upload, `%PDF-1.7\n% ${email}\n%%EOF\n`);
  await t.deps.db.crm.entities.clientDocument
    .delete({ clientId: file.clientId, at: orphan.document.at, docId: orphan.document.docId })
    .go();

  // 6. A staff request: the same person signs up again under another address (« Déjà client ? »).
  const again = await signUpClient(t.deps, {
    ...file.form,
    email: otherEmail,
    phone: '418 555-0198',
  });
  expect(again).toEqual({ outcome: 'alreadyClient' });

  // What the file now holds, so the test would fail if a step above silently did nothing.
  const table = await wholeTable();
  expect(mentioning(table, email).length).toBeGreaterThanOrEqual(10);
  expect(mentioning(table, `RCPT#${file.clientId}`).length).toBeGreaterThanOrEqual(2);
  expect(mentioning(table, `RCPT#email:${email}`)).toHaveLength(1);
  expect(mentioning(table, otherEmail)).toHaveLength(1);
  expect(mentioning(table, e164).length).toBeGreaterThanOrEqual(2);
  expect(mentioning(table, street).length).toBeGreaterThanOrEqual(2);
  expect(mentioning(table, `SESSION#`).filter((item) => item.userId === file.userId)).toHaveLength(2);
  const objects = (await everyObject()).filter((object) => object.key.includes(file.clientId));
  expect(objects).toHaveLength(3);
  expect(objects.every((object) => object.body.includes(email))).toBe(true);

  return {
    ...file,
    lastName,
    street,
    city,
    phone,
    e164,
    otherEmail,
    traces: [email, otherEmail, e164, phone, street, city],
  };
}

describe('erasure leaves no trace (CRM-07, data-model §5 "The test")', () => {
  it('CRM-07 full deletion: no address, phone, street or name anywhere in the table or the buckets', async () => {
    const file = await fullFile();
    expect(
      (
        await requestClientErasure(t.erase, {
          clientId: file.clientId,
          actor: { userId: file.userId, kind: 'client' },
        })
      ).outcome,
    ).toBe('deleted');

    const table = await wholeTable();
    for (const trace of [...file.traces, file.lastName]) {
      expect(keysOf(mentioning(table, trace)), trace).toEqual([]);
    }
    // Ids only remain: the audit entry names the file; link tokens name the (deleted) user and are inert.
    expect(keysOf(mentioning(table, file.clientId))).toEqual(
      keysOf(table.filter((item) => item.pk === `AUDIT#CLIENT#${file.clientId}`)),
    );
    expect(mentioning(table, file.clientId)).toHaveLength(1);
    for (const item of mentioning(table, file.userId)) {
      expect(String(item.pk)).toMatch(/^(AUDIT#CLIENT#|TOKEN#)/);
    }
    // §5's own checks: the file's partition and g4 are empty, RCPT#<clientId> too, the derived keys gone.
    expect(table.filter((item) => item.pk === `CLIENT#${file.clientId}`)).toEqual([]);
    expect(table.filter((item) => String(item.gsi4pk ?? '').startsWith(`CLIENT#${file.clientId}`))).toEqual(
      [],
    );
    expect(table.filter((item) => item.pk === `RCPT#${file.clientId}`)).toEqual([]);
    expect(await t.bed.item(`EMAIL#${file.email}`, 'EMAIL')).toBeUndefined();
    expect(await t.bed.item(`PHONE#${file.e164}`, `CLIENT#${file.clientId}`)).toBeUndefined();
    expect(await t.bed.item(`SUPPRESSION#${file.email}`, 'SUPPRESSION')).toBeUndefined();

    const objects = await everyObject();
    expect(objects.filter((object) => object.key.includes(file.clientId))).toEqual([]);
    for (const trace of file.traces) {
      expect(objects.filter((object) => object.body.includes(trace)).map((o) => o.key)).toEqual([]);
    }
    expect(await auditOf(t, file.clientId)).toMatchObject([{ action: 'client.delete' }]);
  });

  it('CRM-07 deactivation: only last name, first name and postal code (and country) remain, on the profile', async () => {
    const file = await fullFile();
    const registration = registrationItem(file.clientId, 'attended', '2026-06-01T13:00:00.000Z');
    const invoice = invoiceItem(file.clientId, 0);
    await putRaw(registration);
    await putRaw(invoice);
    expect(
      (
        await requestClientErasure(t.erase, {
          clientId: file.clientId,
          actor: { userId: ulid(), kind: 'staff' },
        })
      ).outcome,
    ).toBe('deactivated');

    const table = await wholeTable();
    for (const trace of file.traces) {
      expect(keysOf(mentioning(table, trace)), trace).toEqual([]);
    }
    const profileKey = `CLIENT#${file.clientId} · PROFILE`;
    expect(keysOf(mentioning(table, file.lastName))).toEqual([profileKey]);
    expect(keysOf(mentioning(table, 'G5L 1A1'))).toEqual([profileKey]);
    expect(keysOf(mentioning(table, file.clientId))).toEqual(
      [
        profileKey,
        `CLIENT#${file.clientId} · ${registration.sk}`,
        `CLIENT#${file.clientId} · ${invoice.sk}`,
        ...keysOf(table.filter((item) => item.pk === `AUDIT#CLIENT#${file.clientId}`)),
      ].sort(),
    );
    const profile = table.find((item) => item.pk === `CLIENT#${file.clientId}` && item.sk === 'PROFILE');
    expect(Object.keys(profile ?? {}).sort()).toEqual(
      [
        // Keys and ElectroDB's tags; the name and postal index entries stay (« Déjà client ? », restore).
        'pk',
        'sk',
        'gsi2pk',
        'gsi2sk',
        'gsi3pk',
        'gsi3sk',
        '__edb_e__',
        '__edb_v__',
        'clientId',
        'firstName',
        'lastName',
        'firstNameKey',
        'lastNameKey',
        'namePrefix',
        'postalCode',
        'postalKey',
        'postalPrefix',
        'country',
        // Required by the model, none of them personal: neutral values.
        'salutation',
        'locale',
        'status',
        'noEmail',
        'consentEmail',
        'consentPhone',
        'consentMail',
        'emailStatus',
        'hasTrainerNote',
        'createdAt',
        'createdBy',
        'updatedAt',
        'version',
      ].sort(),
    );
    expect(profile).toMatchObject({
      status: 'deactivated',
      salutation: 'x',
      consentEmail: 'unknown',
      consentPhone: 'unknown',
      consentMail: 'unknown',
      emailStatus: 'ok',
      hasTrainerNote: false,
      postalCode: 'G5L 1A1',
      country: 'CA',
    });

    const objects = await everyObject();
    expect(objects.filter((object) => object.key.includes(file.clientId))).toEqual([]);
    for (const trace of file.traces) {
      expect(objects.filter((object) => object.body.includes(trace)).map((o) => o.key)).toEqual([]);
    }
  });
});
