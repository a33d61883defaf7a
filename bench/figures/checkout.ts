import { randomUUID } from 'node:crypto';
import { ulid } from 'ulid';
import { fakeDemoAccounts } from '../../infra/local/fake-payments';
import { freePort, loopback } from '../../infra/local/ports';
import { startTwin } from '../../infra/local/twin';
import { startWeb } from '../../infra/local/web-server';
import { env } from '../../infra/wiring';
import { createDeps } from '../../shared/adapters/create-deps';
import { createPaymentDeps } from '../../shared/adapters/payment-deps';
import { createAccount } from '../../shared/identity/log-in';
import { createOrganization } from '../../shared/identity/members';
import { activatePaymentAccount, savePaymentAccount } from '../../shared/payments/payment-accounts';
import { saveTicketType } from '../../shared/ticketing/ticket-types';
import { saveTicketingSettings } from '../../shared/ticketing/ticketing-settings';
import type { Figure } from '../figure';
import { measureRequests, ms, quantile } from '../latency';
import { ensureSiteBuild } from '../site-build';

/**
 * Issue #13 point 5: the checkout answers within p95 300 ms through the web server, without the
 * provider's page (the buyer's time there is theirs): the form posted as a browser without
 * JavaScript posts it, the server recomputes the price, holds the seat (counter shards, decision
 * 0014), writes the order, creates the checkout at the provider (the twin's fake Stripe, over
 * loopback: on AWS Stripe's own latency adds to this) and answers its 303 to the provider's page.
 * 5 buyers at once, each request a new buyer taking one ticket of a category large enough never to
 * sell out; 100 measured after 200 for warm-up (DynamoDB Local's JIT, as in identity-web.ts).
 */
const p95Budget = 300;
const concurrency = 5;
const requests = 100;
const warmUp = 200;

export async function measure(): Promise<Figure[]> {
  ensureSiteBuild();
  const twin = await startTwin({ timers: false, log: false, env: { [env.logLevel]: 'warn' } });
  const lines: string[] = [];
  let web: Awaited<ReturnType<typeof startWeb>> | undefined;
  try {
    const port = await freePort();
    const origin = `http://${loopback}:${port}`;
    web = await startWeb({
      env: { ...twin.env, [env.siteUrl]: origin },
      port,
      siteUrl: origin,
      onLine: (line) => lines.push(line),
    });
    const deps = createDeps(twin.env, { component: 'bench' });
    const { slug, ticketTypeId } = await sellingEvent({ ...deps, ...createPaymentDeps(twin.env) });
    const fake = new URL(twin.env[env.paymentsApiUrl] ?? 'http://invalid').origin;
    const run = ulid().toLowerCase();

    const checkout = async (index: number) => {
      const response = await fetch(`${origin}/fr/evenements/${slug}/billets`, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          origin,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'text/html',
        },
        body: new URLSearchParams({
          [`qty-${ticketTypeId}`]: '1',
          name: `Acheteuse ${index}`,
          email: `banc+${run}-${index}@example.org`,
          language: 'fr',
          provider: 'stripe',
          checkoutKey: randomUUID(),
        }).toString(),
      });
      const body = await response.text();
      const location = response.headers.get('location') ?? '';
      if (response.status !== 303 || !location.startsWith(fake)) {
        throw new Error(
          `checkout answered ${response.status} ${location} instead of its 303 to the provider (a stale web/build? run npm run web:build): ${body.slice(0, 300)}`,
        );
      }
    };
    await measureRequests(warmUp, concurrency, checkout);
    const measured = await measureRequests(requests, concurrency, (index) => checkout(warmUp + index));
    return [
      {
        name: `checkout through the web server to the provider's page p95, ${concurrency} buyers`,
        value: ms(quantile(measured, 0.95)),
        unit: 'ms',
        budget: p95Budget,
      },
      {
        name: `checkout through the web server to the provider's page median, ${concurrency} buyers`,
        value: ms(quantile(measured, 0.5)),
        unit: 'ms',
        budget: 'reference',
      },
    ];
  } catch (error) {
    if (lines.length > 0) console.error(`web server's last lines:\n${lines.slice(-20).join('\n')}`);
    throw error;
  } finally {
    await web?.stop();
    await twin.stop();
  }
}

/** An organization with its active Stripe account (the fake's demo keys) and a published event selling 5,000 seats. */
async function sellingEvent(
  deps: ReturnType<typeof createDeps> & ReturnType<typeof createPaymentDeps>,
): Promise<{ slug: string; ticketTypeId: string }> {
  const tag = ulid().toLowerCase();
  const email = `caisse+${tag}@example.org`;
  await createAccount(deps, { email, password: 'Un mot de passe de banc 2026' });
  const org = await createOrganization(deps, {
    name: `Théâtre du banc ${tag.slice(-6)}`,
    firstMember: { email, displayName: 'Caisse', locale: 'fr' },
    actorUserId: 'bench',
  });
  const organizer = { userId: org.userId, orgId: org.orgId, staff: false };
  await savePaymentAccount(deps, {
    actor: organizer,
    orgId: org.orgId,
    keys: { provider: 'stripe', ...fakeDemoAccounts.stripe },
  });
  await activatePaymentAccount(deps, {
    actor: { userId: 'bench-staff', orgId: 'platform', staff: true },
    orgId: org.orgId,
    provider: 'stripe',
  });
  const eventId = ulid();
  const now = new Date();
  const startsAt = new Date(now.getTime() + 20 * 86_400_000);
  const slug = `banc-${eventId.toLowerCase()}`;
  await deps.db.calendar.entities.event
    .create({
      eventId,
      orgId: org.orgId,
      presenterOrgId: org.orgId,
      status: 'published',
      version: 1,
      title: 'Concert du banc',
      slug,
      venueIds: [],
      categoryIds: [],
      audienceIds: [],
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 2 * 3_600_000).toISOString(),
      showTime: true,
      timeZone: 'America/Toronto',
      publishedAt: now.toISOString(),
      createdAt: now.toISOString(),
      createdBy: org.userId,
      updatedAt: now.toISOString(),
      updatedBy: org.userId,
    })
    .go();
  await deps.db.calendar.entities.slugGuard.create({ slug, eventId, at: now.toISOString() }).go();
  const { ticketTypeId } = await saveTicketType(deps, {
    actor: organizer,
    eventId,
    fields: {
      nameFr: 'Parterre',
      nameEn: 'Floor',
      priceCents: 3500,
      taxes: 'added',
      quantity: 5000,
      perPersonMax: 10,
    },
  });
  await saveTicketingSettings(deps, {
    actor: organizer,
    eventId,
    expectedVersion: 0,
    fields: { enabled: true },
  });
  return { slug, ticketTypeId };
}
