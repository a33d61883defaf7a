import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

test('GET /health answers JSON with the package version, uncached', async ({ request }) => {
  const response = await request.get('/health');
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toContain('application/json');
  expect(response.headers()['cache-control']).toBe('no-store');
  expect(response.headers()['x-frame-options']).toBe('DENY');
  const body = (await response.json()) as { status: string; version: string; time: string };
  expect(body).toEqual({ status: 'ok', version, time: expect.any(String) });
  expect(Math.abs(Date.parse(body.time) - Date.now())).toBeLessThan(60_000);
});
