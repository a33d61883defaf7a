import { ulid } from 'ulid';
import { freePort, loopback } from '../../infra/local/ports';
import { startTwin } from '../../infra/local/twin';
import { startWeb } from '../../infra/local/web-server';
import { env } from '../../infra/wiring';
import { createDeps } from '../../shared/adapters/create-deps';
import { ticketSignerFromEnv } from '../../shared/adapters/secrets-manager';
import { writeTicket } from '../../shared/entry/ticket-fixtures.test-support';
import { createAccount, rolesOf, startSession } from '../../shared/identity/log-in';
import { createOrganization } from '../../shared/identity/members';
import { verifyTicketToken } from '../../shared/ticketing/ticket-token';
import { saveTicketType } from '../../shared/ticketing/ticket-types';
import type { Figure } from '../figure';
import { measureRequests, ms, quantile } from '../latency';
import { ensureSiteBuild } from '../site-build';

/**
 * Issue #13, TIX-12 (decision 0019): a door's answer within p95 50 ms. Measured two ways:
 * - through the site: a member's phone posting a valid ticket to the door's JSON endpoint
 *   (`/fr/organisme/portes/<event>/lecture`) of the built site on loopback, over an in-memory twin:
 *   session, the event's organization, the offline signature check, the admission transaction
 *   (ticket + scan + nonce) and the category read; every ticket a different one, so each scan is a
 *   real admission (a `valid` answer is required, anything else fails the measure);
 * - on the phone's side: the signature check alone (`verifyTicketToken`, the same Ed25519 check
 *   the app runs with WebCrypto), many times.
 */
const budgetMs = 50;
/**
 * Scans before the measured ones: DynamoDB Local's JIT compiles its transaction path only after
 * several hundred of them (after 200, the p95 read 50–90 ms; after 1,000, 32–37 ms on this
 * machine), and DynamoDB has no such warm-up to copy.
 */
const warmUp = 1000;
const scans = 300;
/** Two doors scanning at once. */
const concurrency = 2;
const verifications = 5000;

export async function measure(): Promise<Figure[]> {
  ensureSiteBuild();
  const twin = await startTwin({ timers: false, log: false, env: { [env.logLevel]: 'warn' } });
  let web: Awaited<ReturnType<typeof startWeb>> | undefined;
  try {
    const port = await freePort();
    const origin = `http://${loopback}:${port}`;
    web = await startWeb({ env: { ...twin.env, [env.siteUrl]: origin }, port, siteUrl: origin });
    const deps = createDeps(twin.env, { component: 'bench' });
    const signer = ticketSignerFromEnv(twin.env);

    const email = `portes+${ulid().toLowerCase()}@example.org`;
    await createAccount(deps, { email, password: 'Un mot de passe de démonstration 2026' });
    const org = await createOrganization(deps, {
      name: `Banc portes ${ulid()}`,
      firstMember: { email, displayName: 'Banc', locale: 'fr' },
      actorUserId: 'bench',
    });
    const account = (await deps.db.identity.entities.account.get({ userId: org.userId }).go()).data;
    if (!account) throw new Error('the bench account was not created');
    const { token: session } = await startSession(deps, {
      account,
      roles: await rolesOf(deps, org.userId),
      stage: 'full',
      idleSeconds: 3600,
      absoluteSeconds: 7200,
    });
    const eventId = ulid();
    const now = new Date();
    await deps.db.calendar.entities.event
      .create({
        eventId,
        orgId: org.orgId,
        presenterOrgId: org.orgId,
        status: 'draft',
        version: 1,
        title: 'Banc des portes',
        slug: `banc-portes-${eventId.toLowerCase()}`,
        venueIds: [],
        categoryIds: [],
        audienceIds: [],
        startsAt: new Date(now.getTime() + 3_600_000).toISOString(),
        endsAt: new Date(now.getTime() + 7_200_000).toISOString(),
        showTime: true,
        timeZone: 'America/Toronto',
        createdAt: now.toISOString(),
        createdBy: org.userId,
        updatedAt: now.toISOString(),
        updatedBy: org.userId,
      })
      .go();
    const { ticketTypeId } = await saveTicketType(deps, {
      actor: { userId: org.userId, orgId: org.orgId },
      eventId,
      fields: {
        nameFr: 'Régulier',
        nameEn: 'Regular',
        priceCents: 2500,
        taxes: 'included',
        quantity: 1000,
        perPersonMax: 20,
      },
    });
    const tickets: string[] = [];
    for (let index = 0; index < warmUp + scans; index++) {
      tickets.push((await writeTicket(deps, signer, { eventId, ticketTypeId })).token);
    }

    const url = `${origin}/fr/organisme/portes/${eventId}/lecture`;
    const scan = (offset: number) => async (index: number) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          cookie: `parvis_session=${session}`,
          origin,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: JSON.stringify({
          scanId: ulid(),
          token: tickets[offset + index],
          scannedAt: new Date().toISOString(),
          deviceId: 'bench-door',
        }),
      });
      const body = (await response.json().catch(() => null)) as { result?: string } | null;
      if (response.status !== 200 || body?.result !== 'valid') {
        throw new Error(`a scan answered ${response.status} ${JSON.stringify(body)} instead of valid`);
      }
    };
    await measureRequests(warmUp, concurrency, scan(0));
    const durations = await measureRequests(scans, concurrency, scan(warmUp));

    // The phone's side: the signature check alone.
    const keys = await signer.verifyingKeys();
    const token = tickets[0] ?? '';
    const checks: number[] = [];
    for (let index = 0; index < verifications; index++) {
      const start = performance.now();
      const check = verifyTicketToken(token, keys);
      checks.push(performance.now() - start);
      if (!check.ok) throw new Error(`the bench token does not verify: ${check.reason}`);
    }

    return [
      {
        name: 'scanner: scan of a valid ticket through the site, p95',
        value: ms(quantile(durations, 0.95)),
        unit: 'ms',
        budget: budgetMs,
      },
      {
        name: 'scanner: scan through the site, median',
        value: ms(quantile(durations, 0.5)),
        unit: 'ms',
        budget: 'reference',
      },
      {
        name: 'scanner: offline signature check, p95',
        value: quantile(checks, 0.95),
        unit: 'ms',
        budget: budgetMs,
        decimals: 3,
      },
    ];
  } finally {
    await web?.stop();
    await twin.stop();
  }
}
