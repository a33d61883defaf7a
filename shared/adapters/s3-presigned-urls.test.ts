import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTwin } from '../../tests/twin';
import { ValidationError } from '../kernel/errors';
import { type PresignedUrls, s3PresignedUrls } from './s3-presigned-urls';

/** Presigned upload and download URLs against the twin's S3 (fauxqs), used as a browser would. */
let urls: PresignedUrls;

beforeAll(() => {
  urls = s3PresignedUrls(useTwin());
});

describe('S3 presigned URLs (PLAT-03)', () => {
  it('PLAT-03 a file goes up with the presigned PUT and comes back with the presigned GET', async () => {
    const body = new TextEncoder().encode('\x89PNG fake image bytes');
    const key = `test/${ulid()}.png`;
    const upload = await urls.upload({
      bucket: 'uploads',
      key,
      contentType: 'image/png',
      contentLength: body.byteLength,
      maxBytes: 1_000_000,
    });
    expect(upload.method).toBe('PUT');
    expect(upload.headers).toEqual({
      'content-type': 'image/png',
      'content-length': String(body.byteLength),
    });
    const put = await fetch(upload.url, { method: 'PUT', headers: upload.headers, body });
    expect(put.status).toBe(200);

    const { url } = await urls.download({ bucket: 'uploads', key, downloadAs: 'affiche été.png' });
    const got = await fetch(url);
    expect(got.status).toBe(200);
    expect(new Uint8Array(await got.arrayBuffer())).toEqual(body);
  });

  it('PLAT-03 signs the size and the type into the upload URL, and no checksum a browser could not send', async () => {
    const { url } = await urls.upload({
      bucket: 'uploads',
      key: `test/${ulid()}.jpg`,
      contentType: 'image/jpeg',
      contentLength: 2048,
      maxBytes: 4096,
      expiresInSeconds: 120,
    });
    const query = new URL(url).searchParams;
    expect(query.get('X-Amz-SignedHeaders')?.split(';')).toEqual(['content-length', 'content-type', 'host']);
    expect(query.get('X-Amz-Expires')).toBe('120');
    expect([...query.keys()].filter((name) => /checksum/i.test(name))).toEqual([]);
    // Path style locally: 127.0.0.1:port/<bucket>/<key>.
    expect(new URL(url).pathname).toMatch(/^\/uploads\/test\//);
  });

  it('PLAT-03 refuses to sign an upload over its limit, or of no size', async () => {
    const request = {
      bucket: 'uploads' as const,
      key: 'test/big.png',
      contentType: 'image/png',
      maxBytes: 1_000,
    };
    await expect(urls.upload({ ...request, contentLength: 1_001 })).rejects.toBeInstanceOf(ValidationError);
    await expect(urls.upload({ ...request, contentLength: 0 })).rejects.toBeInstanceOf(ValidationError);
    await expect(
      urls.upload({ ...request, contentLength: 10, contentType: 'text/html; x' }),
    ).rejects.toBeInstanceOf(ValidationError);
  });
});
