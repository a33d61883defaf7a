import { expect, test } from '@playwright/test';
import { env } from '../../infra/wiring';
import { readShards } from '../../shared/ticketing/ticket-types';
import { e2e } from './support/e2e';
import { ordersOf, sellingEvent } from './support/selling';
import { e2eTwin, twinDeps } from './support/twin';

// Run by the `load` project, after every other browser test (playwright.config.ts): 5,000
// requests would slow the shared test server for the tests beside it.

/**
 * "What must hold" 2, through the site: 500 buyers at once, each trying 10 times to buy one ticket
 * with the form as a browser without JavaScript posts it, for 100 seats. Exactly 100 checkouts reach
 * the provider's page, none fails, and the counters hold 100; then every buyer abandons: the sweep
 * (the real scheduled function, fired 40 minutes on) gives every seat back and closes every order.
 */
test('TIX-09 never oversells through the site: 5,000 checkouts by 500 buyers at once for 100 seats reach the provider exactly 100 times; every abandoned seat returns', async () => {
  test.setTimeout(600_000);
  const event = await sellingEvent({
    providers: ['stripe'],
    categories: [{ nameFr: 'Parterre', nameEn: 'Floor', priceCents: 3000, quantity: 100, perPersonMax: 10 }],
  });
  const ticketTypeId = event.ticketTypeIds[0] ?? '';
  const url = `${e2e.origin}/fr/evenements/${event.slug}/billets`;
  const fake = new URL(e2eTwin().env[env.paymentsApiUrl] ?? 'http://invalid').origin;
  const outcomes = { provider: 0, refused: 0, failed: [] as string[] };
  const buyers = 500;
  const attempts = 10;
  const buy = async (buyer: number) => {
    for (let attempt = 0; attempt < attempts; attempt++) {
      const response = await fetch(url, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          origin: e2e.origin,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'text/html',
        },
        body: new URLSearchParams({
          [`qty-${ticketTypeId}`]: '1',
          name: `Acheteur ${buyer}`,
          email: `acheteur.${buyer}.${event.eventId.toLowerCase()}@example.org`,
          language: 'fr',
          provider: 'stripe',
          checkoutKey: crypto.randomUUID(),
        }).toString(),
      });
      await response.arrayBuffer();
      const location = response.headers.get('location') ?? '';
      if (response.status === 303 && location.startsWith(fake)) outcomes.provider++;
      else if (response.status >= 400 && response.status < 500) outcomes.refused++;
      else outcomes.failed.push(`${response.status} ${location}`);
    }
  };
  await Promise.all(Array.from({ length: buyers }, (_, buyer) => buy(buyer)));
  expect(outcomes.failed).toEqual([]);
  expect(outcomes.provider).toBe(100);
  expect(outcomes.refused).toBe(buyers * attempts - 100);
  const deps = twinDeps();
  const seats = async () =>
    (await readShards(deps, event.eventId, ticketTypeId)).reduce(
      (sum, shard) => ({
        remaining: sum.remaining + shard.remaining,
        held: sum.held + shard.held,
        sold: sum.sold + shard.sold,
      }),
      { remaining: 0, held: 0, sold: 0 },
    );
  expect(await seats()).toEqual({ remaining: 0, held: 100, sold: 0 });
  const pending = await ordersOf(event.orgId);
  expect(pending.filter((order) => order.status === 'pendingPayment')).toHaveLength(100);

  // Everyone leaves the provider's page: 40 minutes on, the sweep returns every seat.
  const at = new Date(Date.now() + 40 * 60_000).toISOString();
  const fired = await fetch(
    `${e2eTwin().controlUrl}/schedules/sweep-expired-holds/fire?at=${encodeURIComponent(at)}`,
    { method: 'POST' },
  );
  expect(fired.status, await fired.text()).toBe(200);
  expect(await seats()).toEqual({ remaining: 100, held: 0, sold: 0 });
  const closed = await ordersOf(event.orgId);
  expect(closed.filter((order) => order.status === 'expired')).toHaveLength(100);
});
