import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { httpFunctionFor, httpFunctions } from '../wiring';
import { freePort } from './ports';
import { type Runner, startRunner } from './runner';
import { localHttpFunctions, startFront } from './web-server';

// The front server sends a webhook path to the runner, which invokes the HTTP function with a
// Function URL event, as CloudFront's `/webhooks/*` behaviour and the function's URL do on AWS.
// The function here is a fixture standing under the wiring's name and path.

const twin = inject('twin');
let runner: Runner;
let front: Awaited<ReturnType<typeof startFront>>;
let origin: string;

beforeAll(async () => {
  const [webhook] = httpFunctions;
  if (!webhook) throw new Error('wiring has no HTTP function');
  runner = await startRunner({
    env: twin.env,
    consumers: [],
    schedules: [],
    httpFunctions: [
      { name: webhook.name, entry: 'infra/local/fixtures/echo-http.ts', timeoutSeconds: 5, memoryMb: 128 },
    ],
    timers: false,
    log: false,
  });
  const port = await freePort();
  front = await startFront({
    port,
    upstreamPort: 9, // nothing listens: a request reaching the site would fail
    images: async () => {
      throw new Error('not an image request');
    },
    functions: localHttpFunctions(runner.controlUrl),
  });
  origin = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  front?.closeAllConnections();
  await new Promise((resolve) => front?.close(resolve));
  await runner?.stop();
});

describe('HTTP functions locally (wiring httpFunctions)', () => {
  it('TIX-09 routes /webhooks/* and nothing else to the payment webhook function', () => {
    expect(httpFunctionFor('/webhooks/stripe')?.name).toBe('payment-webhook');
    expect(httpFunctionFor('/webhooks/paypal?x=1')?.name).toBe('payment-webhook');
    expect(httpFunctionFor('/webhooks')).toBeUndefined();
    expect(httpFunctionFor('/fr/webhooks/stripe')).toBeUndefined();
  });

  it('TIX-09 hands the raw body and headers to the function as a Function URL event and answers its result', async () => {
    const raw = '{"id":"evt_1","data":{"object":{"amount":2500}}}';
    const response = await fetch(`${origin}/webhooks/stripe?attempt=2`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=abc' },
      body: raw,
    });
    expect(response.status).toBe(202);
    expect(response.headers.get('x-echo')).toBe('yes');
    const seen = await response.json();
    expect(seen).toMatchObject({
      method: 'POST',
      path: '/webhooks/stripe',
      query: 'attempt=2',
      signature: 't=1,v1=abc',
      contentType: 'application/json',
      body: raw,
      isBase64Encoded: false,
    });
    expect(seen.sourceIp).toMatch(/127\.0\.0\.1/);
    expect(runner.invocations().at(-1)).toMatchObject({
      function: 'payment-webhook',
      trigger: 'http:POST /webhooks/stripe',
      outcome: 'ok',
    });
  });

  it('passes a binary body base64-encoded both ways, and answers 502 when the function throws', async () => {
    const bytes = await fetch(`${origin}/webhooks/bytes`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: new Uint8Array([9, 8, 7]),
    });
    expect(new Uint8Array(await bytes.arrayBuffer())).toEqual(new Uint8Array([0, 1, 2, 255]));
    const boom = await fetch(`${origin}/webhooks/boom`, { method: 'POST', body: '{}' });
    expect(boom.status).toBe(502);
    expect(runner.invocations().at(-1)).toMatchObject({ function: 'payment-webhook', outcome: 'error' });
  });
});
