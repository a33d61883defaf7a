import { existsSync } from 'node:fs';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTwin } from '../../tests/twin';
import { toRequest } from './convert';
import type { HandlerOptions, Respond } from './handler';
import {
  originSecretEnv,
  originSecretMissingMessage,
  originVerifyHeader,
  runsOnLambda,
  viewerIpHeader,
} from './origin-verify';

type Handler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;
type CreateHandler = (
  respond: Respond,
  originSecret: string | undefined,
  options?: HandlerOptions,
) => Handler;

const host = 'parvis.example';
const functionUrlHost = 'abcdefghijklmnopqrstuvwxyz012345.lambda-url.ca-central-1.on.aws';

/** An event as a Function URL receives it from CloudFront (payload format 2.0). */
function event(
  method: string,
  path: string,
  options: {
    query?: string;
    headers?: Record<string, string>;
    cookies?: string[];
    body?: string;
    base64?: boolean;
  } = {},
): APIGatewayProxyEventV2 {
  const sourceIp = '15.158.0.12';
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: options.query ?? '',
    ...(options.cookies ? { cookies: options.cookies } : {}),
    headers: {
      host: functionUrlHost,
      'x-forwarded-host': host,
      'x-forwarded-proto': 'https',
      'x-forwarded-for': `203.0.113.7, ${sourceIp}`,
      'x-amz-cf-id': 'Xj0mCQ7hJmHrDLc3TPGrDHVFSkGmhmH1W2vMbRrgnRk0qjTJmTq8yQ==',
      via: '2.0 4b1f0c0e0c0e0c0e0c0e0c0e0c0e0c0e.cloudfront.net (CloudFront)',
      'user-agent':
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
      accept: 'text/html,application/xhtml+xml',
      ...options.headers,
    },
    requestContext: {
      accountId: 'anonymous',
      apiId: 'abcdefghijklmnopqrstuvwxyz012345',
      domainName: functionUrlHost,
      domainPrefix: 'abcdefghijklmnopqrstuvwxyz012345',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp, userAgent: 'Amazon CloudFront' },
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      routeKey: '$default',
      stage: '$default',
      time: '24/Nov/2026:14:30:00 +0000',
      timeEpoch: 1795530600000,
    },
    isBase64Encoded: options.base64 ?? false,
    ...(options.body !== undefined ? { body: options.body } : {}),
  };
}

const buildEntry = new URL('../build/server/index.js', import.meta.url);
let handler: Handler;
let createHandler: CreateHandler;
let kitRespond: Respond;

beforeAll(async () => {
  // The home page reads the calendar: the server's table is the shared twin's.
  useTwin();
  if (!existsSync(buildEntry)) {
    throw new Error('web/build/server/index.js is missing: run `npm run web:build` before this test.');
  }
  ({
    handler,
    createHandler,
    respond: kitRespond,
  } = (await import('./handler')) as {
    handler: Handler;
    createHandler: CreateHandler;
    respond: Respond;
  });
});

describe('web Lambda handler', () => {
  it('PLAT-01 renders the French home page with lang fr-CA', async () => {
    const result = await handler(event('GET', '/fr'));
    expect(result.statusCode).toBe(200);
    expect(result.headers?.['content-type']).toMatch(/^text\/html/);
    expect(result.isBase64Encoded).toBe(false);
    expect(result.body).toContain('<html lang="fr-CA">');
    expect(result.body).toContain('La vie culturelle de la région, au même endroit');
  });

  it('PLAT-01 renders the English home page with lang en-CA', async () => {
    const result = await handler(event('GET', '/en'));
    expect(result.statusCode).toBe(200);
    expect(result.body).toContain('<html lang="en-CA">');
    expect(result.body).toContain('The region’s cultural life, in one place');
  });

  it('PLAT-01 returns the locale cookie of the language switch in `cookies`, and `/` follows it back (303)', async () => {
    // Pages set no cookie (decision 0013): the switch does.
    expect((await handler(event('GET', '/en'))).cookies ?? []).toEqual([]);
    const english = await handler(event('GET', '/langue', { query: 'page=%2Fen' }));
    expect(english.statusCode).toBe(303);
    const cookie = english.cookies?.find((c) => c.startsWith('parvis_locale='));
    expect(cookie).toMatch(/^parvis_locale=en;.*HttpOnly/);
    expect(english.headers?.['set-cookie']).toBeUndefined();

    const root = await handler(event('GET', '/', { cookies: ['other=1', cookie?.split(';')[0] ?? ''] }));
    expect(root.statusCode).toBe(303);
    expect(root.headers?.location).toBe('/en');
  });

  it('PLAT-01 redirects `/` by Accept-Language without a cookie, French by default, keeping the query', async () => {
    const english = await handler(event('GET', '/', { headers: { 'accept-language': 'en-CA,en;q=0.9' } }));
    expect(english.headers?.location).toBe('/en');
    const plain = await handler(event('GET', '/', { query: 'utm_source=affiche' }));
    expect(plain.statusCode).toBe(303);
    expect(plain.headers?.location).toBe('/fr?utm_source=affiche');
  });

  it('passes a same-origin POST with its body through SvelteKit’s CSRF check', async () => {
    const result = await handler(
      event('POST', '/fr', {
        headers: {
          origin: `https://${host}`,
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': String(Buffer.byteLength('nom=Côté')),
        },
        body: Buffer.from('nom=Côté').toString('base64'),
        base64: true,
      }),
    );
    // The page has no form action: reaching the router proves the public origin was rebuilt.
    expect(result.statusCode).toBe(405);
  });

  it('rejects a cross-site form POST (SvelteKit’s default CSRF origin check)', async () => {
    const result = await handler(
      event('POST', '/fr', {
        headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
        body: 'nom=x',
      }),
    );
    expect(result.statusCode).toBe(403);
  });

  it('answers GET /health with JSON, the version and no-store', async () => {
    const result = await handler(event('GET', '/health'));
    expect(result.statusCode).toBe(200);
    expect(result.headers?.['cache-control']).toBe('no-store');
    const body = JSON.parse(result.body ?? '') as { status: string; version: string; time: string };
    expect(body.status).toBe('ok');
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(new Date(body.time).toString()).not.toBe('Invalid Date');
  });

  it('PLAT-01 answers an unknown path with a 404 page in French', async () => {
    for (const path of ['/nulle-part', '/fr/nulle-part', '/de']) {
      const result = await handler(event('GET', path));
      expect(result.statusCode, path).toBe(404);
      expect(result.body, path).toContain('Page introuvable');
      expect(result.body, path).toContain('<html lang="fr-CA">');
    }
  });

  it('sets the security headers on pages, JSON and redirects', async () => {
    for (const path of ['/fr', '/health', '/', '/nulle-part']) {
      const headers = (await handler(event('GET', path))).headers ?? {};
      expect(headers['strict-transport-security'], path).toBe('max-age=63072000; includeSubDomains');
      expect(headers['x-content-type-options'], path).toBe('nosniff');
      expect(headers['referrer-policy'], path).toBe('strict-origin-when-cross-origin');
      expect(headers['permissions-policy'], path).toBe('camera=(self), microphone=(), geolocation=()');
      expect(headers['x-frame-options'], path).toBe('DENY');
      expect(headers['content-security-policy'], path).toContain("frame-ancestors 'none'");
    }
    // The home page ships no application (decision 0013): no inline script to allow at all.
    const home = (await handler(event('GET', '/fr'))).headers?.['content-security-policy'] ?? '';
    expect(home).toContain("script-src 'self';");
    // A hydrated page allows its inline start-up script by hash, never by a per-request nonce.
    const csp = (await handler(event('GET', '/nulle-part'))).headers?.['content-security-policy'] ?? '';
    expect(csp).toMatch(/script-src 'self' 'sha256-[^']+'/);
    for (const policy of [home, csp]) {
      expect(policy).not.toContain("'nonce-");
      expect(policy).not.toContain("'unsafe-inline'");
      expect(policy).toContain("style-src 'self'");
      expect(policy).toContain("object-src 'none'");
    }
  });
});

describe('Function URL event conversion', () => {
  it('rebuilds the public URL, query and cookies from the event', async () => {
    const request = toRequest(
      event('GET', '/fr/billets', { query: 'date=2026-12-01&q=th%C3%A9%C3%A2tre', cookies: ['a=1', 'b=2'] }),
    );
    expect(request.url).toBe(`https://${host}/fr/billets?date=2026-12-01&q=th%C3%A9%C3%A2tre`);
    expect(request.headers.get('cookie')).toBe('a=1; b=2');
    expect(request.body).toBeNull();
  });

  it('decodes a base64 body and keeps a plain one', async () => {
    const payload = new Uint8Array([0, 1, 2, 250, 255]);
    const binary = toRequest(
      event('POST', '/upload', { body: Buffer.from(payload).toString('base64'), base64: true }),
    );
    expect(new Uint8Array(await binary.arrayBuffer())).toEqual(payload);
    const text = toRequest(event('POST', '/form', { body: 'nom=C%C3%B4t%C3%A9' }));
    expect(await text.text()).toBe('nom=C%C3%B4t%C3%A9');
  });
});

describe('origin secret (CloudFront → Function URL)', () => {
  const secret = 'Kq3vX9mTz2LwR8bN4cYh6JpD1sFgA7eU0oViQ5nMxWlCtZrE';
  const fromCloudFront = { [originVerifyHeader]: secret, [viewerIpHeader]: '203.0.113.7' };
  const form = 'nom=Côté&courriel=a%40example.org';
  const formPost = (headers: Record<string, string>) =>
    event('POST', '/fr', {
      headers: {
        origin: `https://${host}`,
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': String(Buffer.byteLength(form)),
        ...headers,
      },
      body: Buffer.from(form).toString('base64'),
      base64: true,
    });

  /** A SvelteKit stand-in that answers with what it received. */
  const echo: Respond = async (request, { getClientAddress }) =>
    Response.json({
      method: request.method,
      body: await request.text(),
      verifyHeader: request.headers.get(originVerifyHeader),
      clientAddress: getClientAddress(),
    });
  const echoed = (result: APIGatewayProxyStructuredResultV2) =>
    JSON.parse(result.body ?? '') as {
      method: string;
      body: string;
      verifyHeader: string | null;
      clientAddress: string;
    };

  it('lets a form POST with its body through to SvelteKit when the header matches, header removed', async () => {
    const seen = echoed(await createHandler(echo, secret)(formPost(fromCloudFront)));
    expect(seen).toMatchObject({ method: 'POST', body: form, verifyHeader: null });

    // And the real server routes it (no action on /fr: 405, not the wrapper's 403).
    const result = await createHandler(kitRespond, secret)(formPost(fromCloudFront));
    expect(result.statusCode).toBe(405);
  });

  it('answers 403 with bilingual plain text and no details when the header is wrong or missing', async () => {
    let reached = 0;
    const counting: Respond = async (request, options) => {
      reached += 1;
      return kitRespond(request, options);
    };
    const guarded = createHandler(counting, secret);
    const attempts = [
      formPost({}),
      formPost({ [originVerifyHeader]: 'wrong' }),
      formPost({ [originVerifyHeader]: `${secret}x` }),
      formPost({ [originVerifyHeader]: secret.toUpperCase() }),
      formPost({ [originVerifyHeader]: '' }),
      event('GET', '/fr'),
    ];
    for (const attempt of attempts) {
      const result = await guarded(attempt);
      expect(result.statusCode).toBe(403);
      expect(result.headers?.['content-type']).toBe('text/plain; charset=utf-8');
      expect(result.body).toBe('Accès refusé / Access denied');
      expect(result.isBase64Encoded).toBe(false);
      expect(result.cookies).toBeUndefined();
    }
    expect(reached).toBe(0);
  });

  it('refuses everything when the secret is set but empty (fail closed)', async () => {
    const result = await createHandler(echo, '', { write: () => {} })(formPost({ [originVerifyHeader]: '' }));
    expect(result.statusCode).toBe(403);
  });

  it('on Lambda, refuses every request when the secret is missing or empty, and says so once', async () => {
    for (const missing of [undefined, '']) {
      const lines: string[] = [];
      let reached = 0;
      const counting: Respond = async (request, options) => {
        reached += 1;
        return echo(request, options);
      };
      const guarded = createHandler(counting, missing, { onLambda: true, write: (l) => lines.push(l) });
      for (const attempt of [
        formPost(fromCloudFront),
        formPost({}),
        formPost({ [originVerifyHeader]: '' }),
        event('GET', '/health'),
      ]) {
        const result = await guarded(attempt);
        expect(result.statusCode, String(missing)).toBe(403);
        expect(result.body).toBe('Accès refusé / Access denied');
      }
      expect(reached).toBe(0);
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0] ?? '')).toMatchObject({
        level: 'error',
        message: originSecretMissingMessage,
        variable: originSecretEnv,
      });
    }
  });

  it('takes "on Lambda" from the Lambda runtime’s variables by default', async () => {
    expect(runsOnLambda({})).toBe(false);
    expect(runsOnLambda({ AWS_LAMBDA_FUNCTION_NAME: 'parvis-prod-web' })).toBe(true);
    expect(runsOnLambda({ LAMBDA_TASK_ROOT: '/var/task' })).toBe(true);
    expect(runsOnLambda({ AWS_LAMBDA_FUNCTION_NAME: '', LAMBDA_TASK_ROOT: '' })).toBe(false);

    const saved = process.env.AWS_LAMBDA_FUNCTION_NAME;
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'parvis-prod-web';
    try {
      const lines: string[] = [];
      const onLambda = createHandler(echo, undefined, { write: (l) => lines.push(l) });
      expect((await onLambda(formPost(fromCloudFront))).statusCode).toBe(403);
      expect(lines).toHaveLength(1);
    } finally {
      if (saved === undefined) delete process.env.AWS_LAMBDA_FUNCTION_NAME;
      else process.env.AWS_LAMBDA_FUNCTION_NAME = saved;
    }
  });

  it('on Lambda with its secret, checks as everywhere: the header opens, its absence refuses', async () => {
    const guarded = createHandler(echo, secret, { onLambda: true, write: () => {} });
    expect((await guarded(formPost(fromCloudFront))).statusCode).toBe(200);
    expect((await guarded(formPost({}))).statusCode).toBe(403);
  });

  it('checks nothing without a secret (local runs), still removing the header', async () => {
    const open = createHandler(echo, undefined, { onLambda: false });
    expect(echoed(await open(formPost({}))).body).toBe(form);
    expect(echoed(await open(formPost({ [originVerifyHeader]: 'anything' }))).verifyHeader).toBeNull();
  });

  it('takes the client address from x-parvis-viewer-ip only when the secret matched', async () => {
    const sourceIp = event('GET', '/').requestContext.http.sourceIp;
    const verified = echoed(await createHandler(echo, secret)(formPost(fromCloudFront)));
    expect(verified.clientAddress).toBe('203.0.113.7');

    // Without a secret the header proves nothing: anyone reaching the URL directly could set it.
    const local = echoed(
      await createHandler(echo, undefined)(formPost({ [viewerIpHeader]: '198.51.100.9' })),
    );
    expect(local.clientAddress).toBe(sourceIp);

    // Verified but without the header: the connection's address.
    const noViewerIp = echoed(await createHandler(echo, secret)(formPost({ [originVerifyHeader]: secret })));
    expect(noViewerIp.clientAddress).toBe(sourceIp);
  });
});
