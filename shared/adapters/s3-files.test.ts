import { createHmac } from 'node:crypto';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { env } from '../../infra/wiring';
import { useTwin } from '../../tests/twin';
import type { FileStore } from '../kernel/ports';
import { awsClient } from './aws-clients';
import { attachmentDisposition, s3FileStore, signingKey, signPostPolicy } from './s3-files';

/** The FileStore port against the twin's S3 (fauxqs), used as a browser would use its links. */
let files: FileStore;
let vars: Record<string, string>;

beforeAll(() => {
  vars = useTwin();
  files = s3FileStore(vars);
});

/** Posts a file with a signed form as a browser does: the fields, then the file last. */
async function postForm(
  upload: { url: string; fields: Record<string, string> },
  body: Uint8Array,
  fileName = 'file.bin',
): Promise<Response> {
  const form = new FormData();
  for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
  form.append('file', new Blob([body as Uint8Array<ArrayBuffer>]), fileName);
  return fetch(upload.url, { method: 'POST', body: form });
}

describe('Signature Version 4 for browser POST uploads (CRM-10)', () => {
  it('CRM-10 derives the signing key of AWS’s published example', () => {
    // "Examples of how to derive a signing key for Signature Version 4" (AWS General Reference).
    expect(
      signingKey('wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', '20120215', 'us-east-1', 'iam').toString('hex'),
    ).toBe('f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d');
  });

  it('CRM-10 signs a policy that names the bucket, key, type, credential and a content-length-range', () => {
    const fields = signPostPolicy({
      bucket: 'uploads',
      key: 'clients/C1/docs/D1',
      contentType: 'application/pdf',
      maxBytes: 10 * 1024 * 1024,
      expiresInSeconds: 900,
      region: 'ca-central-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'session-token' },
      now: new Date('2026-11-24T15:00:00.000Z'),
    });
    expect(fields).toMatchObject({
      key: 'clients/C1/docs/D1',
      'Content-Type': 'application/pdf',
      'x-amz-algorithm': 'AWS4-HMAC-SHA256',
      'x-amz-credential': 'AKIDEXAMPLE/20261124/ca-central-1/s3/aws4_request',
      'x-amz-date': '20261124T150000Z',
      'x-amz-security-token': 'session-token',
    });
    const policy = JSON.parse(Buffer.from(fields.policy ?? '', 'base64').toString('utf8'));
    expect(policy.expiration).toBe('2026-11-24T15:15:00.000Z');
    expect(policy.conditions).toEqual(
      expect.arrayContaining([
        { bucket: 'uploads' },
        { key: 'clients/C1/docs/D1' },
        { 'Content-Type': 'application/pdf' },
        ['content-length-range', 1, 10 * 1024 * 1024],
        { 'x-amz-security-token': 'session-token' },
      ]),
    );
    // The signature is the HMAC of the base64 policy under the day's key.
    const expected = createHmac('sha256', signingKey('secret', '20261124', 'ca-central-1', 's3'))
      .update(fields.policy ?? '')
      .digest('hex');
    expect(fields['x-amz-signature']).toBe(expected);
  });
});

describe('Content-Disposition of downloads (CRM-10)', () => {
  it('CRM-10 names the file twice: an ASCII fallback and the UTF-8 name', () => {
    expect(attachmentDisposition('reçu été.pdf')).toBe(
      `attachment; filename="recu ete.pdf"; filename*=UTF-8''re%C3%A7u%20%C3%A9t%C3%A9.pdf`,
    );
    expect(attachmentDisposition('a"b\\c%.pdf')).toBe(
      `attachment; filename="a_b_c_.pdf"; filename*=UTF-8''a%22b%5Cc%25.pdf`,
    );
  });
});

describe('S3 file store (CRM-10)', () => {
  it('CRM-10 a browser form upload lands under the signed key with the signed type; its start, size and ETag read back', async () => {
    const key = `test/files/${ulid()}`;
    const upload = await files.presignUpload({
      bucket: 'uploads',
      key,
      contentType: 'application/pdf',
      maxBytes: 1024,
      expiresInSeconds: 600,
    });
    const body = new TextEncoder().encode('%PDF-1.7\n% a small test file\n');
    const posted = await postForm(upload, body, 'ignored-name.pdf');
    expect(posted.status).toBe(204);

    const start = await files.readStart({ bucket: 'uploads', key, length: 5 });
    expect(start && new TextDecoder().decode(start.bytes)).toBe('%PDF-');
    expect(start?.size).toBe(body.byteLength);
    expect(start?.etag).toBeTruthy();
    const head = await files.head({ bucket: 'uploads', key });
    expect(head).toEqual({ size: body.byteLength, etag: start?.etag });

    const { url } = await files.presignDownload({
      bucket: 'uploads',
      key,
      fileName: 'reçu.pdf',
      contentType: 'application/pdf',
      expiresInSeconds: 300,
    });
    const query = new URL(url).searchParams;
    expect(query.get('X-Amz-Expires')).toBe('300');
    expect(query.get('response-content-disposition')).toBe(attachmentDisposition('reçu.pdf'));
    expect(query.get('response-content-type')).toBe('application/pdf');
    const got = await fetch(url);
    expect(got.status).toBe(200);
    expect(new Uint8Array(await got.arrayBuffer())).toEqual(body);
  });

  it('CRM-10 reads a file shorter than the asked length whole, and an absent one as undefined', async () => {
    const key = `test/files/${ulid()}`;
    const upload = await files.presignUpload({
      bucket: 'uploads',
      key,
      contentType: 'image/png',
      maxBytes: 1024,
      expiresInSeconds: 600,
    });
    await postForm(upload, new Uint8Array([0x89, 0x50]));
    expect(await files.readStart({ bucket: 'uploads', key, length: 16 })).toMatchObject({
      bytes: new Uint8Array([0x89, 0x50]),
      size: 2,
    });
    await files.delete({ bucket: 'uploads', key });
    expect(await files.readStart({ bucket: 'uploads', key, length: 16 })).toBeUndefined();
    expect(await files.head({ bucket: 'uploads', key })).toBeUndefined();
    // Deleting what is not there is not an error.
    await expect(files.delete({ bucket: 'uploads', key })).resolves.toBeUndefined();
  });
});

describe('Upload forms that come back to the site (CRM-10, forms without JavaScript)', () => {
  it('CRM-10 signs success_action_redirect into the policy; the upload answers 303 to it with the key', async () => {
    const key = `test/files/${ulid()}`;
    const back = 'http://localhost:4517/fr/mon-dossier/documents/recu?doc=D1&at=2026-11-24T15%3A00%3A00.000Z';
    const upload = await files.presignUpload({
      bucket: 'uploads',
      key,
      contentType: 'application/pdf',
      maxBytes: 1024,
      expiresInSeconds: 600,
      successRedirect: back,
    });
    expect(upload.fields.success_action_redirect).toBe(back);
    const policy = JSON.parse(Buffer.from(upload.fields.policy ?? '', 'base64').toString('utf8'));
    expect(policy.conditions).toContainEqual({ success_action_redirect: back });

    const form = new FormData();
    for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
    form.append('file', new Blob([new TextEncoder().encode('%PDF-1.7\n')]), 'a.pdf');
    const posted = await fetch(upload.url, { method: 'POST', body: form, redirect: 'manual' });
    expect(posted.status).toBe(303);
    const location = new URL(posted.headers.get('location') ?? '');
    expect(location.origin + location.pathname).toBe('http://localhost:4517/fr/mon-dossier/documents/recu');
    expect(location.searchParams.get('doc')).toBe('D1');
    expect(location.searchParams.get('at')).toBe('2026-11-24T15:00:00.000Z');
    expect(location.searchParams.get('key')).toBe(key);
    await files.delete({ bucket: 'uploads', key });
  });

  it('CRM-10 a form without a redirect has no such field, so S3 answers 204 as before', async () => {
    const upload = await files.presignUpload({
      bucket: 'uploads',
      key: `test/files/${ulid()}`,
      contentType: 'application/pdf',
      maxBytes: 1024,
      expiresInSeconds: 600,
    });
    expect(upload.fields).not.toHaveProperty('success_action_redirect');
  });
});

describe('Objects the server writes itself (ORG-06 image renditions)', () => {
  it('ORG-06 put stores the bytes with their type and Cache-Control; without one, none is set', async () => {
    const key = `test/images/${ulid()}/calendar-240-0123456789abcdef.webp`;
    const body = new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 not really a picture');
    const { etag } = await files.put({
      bucket: 'images',
      key,
      body,
      contentType: 'image/webp',
      cacheControl: 'public, max-age=31536000, immutable',
    });
    expect(etag).toBeTruthy();
    expect(await files.head({ bucket: 'images', key })).toEqual({ size: body.byteLength, etag });
    const start = await files.readStart({ bucket: 'images', key, length: 1024 });
    expect(start?.bytes).toEqual(body);

    const s3 = awsClient(S3Client, 's3', vars, { forcePathStyle: true });
    const bucket = vars[env.bucketName('images')];
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    expect(head.ContentType).toBe('image/webp');
    expect(head.CacheControl).toBe('public, max-age=31536000, immutable');

    const plainKey = `test/images/${ulid()}/plain.jpg`;
    await files.put({ bucket: 'images', key: plainKey, body, contentType: 'image/jpeg' });
    const plain = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: plainKey }));
    expect(plain.ContentType).toBe('image/jpeg');
    expect(plain.CacheControl).toBeUndefined();
    await files.delete({ bucket: 'images', key });
    await files.delete({ bucket: 'images', key: plainKey });
  });
});
