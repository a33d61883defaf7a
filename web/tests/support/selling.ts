import { ulid } from 'ulid';
import { fakeDemoAccounts } from '../../../infra/local/fake-payments';
import { createPaymentDeps } from '../../../shared/adapters/payment-deps';
import { createAccount } from '../../../shared/identity/log-in';
import { createOrganization } from '../../../shared/identity/members';
import { createCustomCheckbox } from '../../../shared/organizations/custom-checkboxes';
import { activatePaymentAccount, savePaymentAccount } from '../../../shared/payments/payment-accounts';
import { savePass } from '../../../shared/ticketing/passes';
import { saveTicketType } from '../../../shared/ticketing/ticket-types';
import { saveTicketingSettings } from '../../../shared/ticketing/ticketing-settings';
import { e2eTwin, twinDeps } from './twin';

/**
 * Selling events for the buying tests (checkout.spec.ts, checkout.load.spec.ts): an organization
 * with its active payment accounts (the fake provider's demo keys) and a published event with its
 * categories and ticketing settings, written through the use cases over the test server's twin.
 */
export const staff = { userId: 'U-STAFF-E2E', orgId: 'platform', staff: true };

export function paymentDeps() {
  return { ...twinDeps(), ...createPaymentDeps(e2eTwin().env) };
}

export interface Category {
  nameFr: string;
  nameEn: string;
  priceCents: number;
  taxes?: 'included' | 'added';
  quantity?: number;
  perPersonMax?: number;
  salesStartAt?: string;
}

/** An organization with its active accounts, a published event selling `categories`, its settings. */
export async function sellingEvent(options: {
  providers?: ('stripe' | 'paypal')[];
  categories: Category[];
  pickUpAtVenue?: boolean;
  messages?: { beforeSale?: string; soldOut?: string; confirmation?: string };
  box?: { labelFr: string; labelEn: string; priceCents?: number };
}) {
  const deps = twinDeps();
  const tag = ulid().slice(-8);
  const email = `caisse+${ulid().toLowerCase()}@example.org`;
  await createAccount(deps, { email, password: 'correct horse battery staple' });
  const org = await createOrganization(deps, {
    name: `Théâtre ${tag}`,
    firstMember: { email, displayName: `Caisse ${tag}`, locale: 'fr' },
    actorUserId: 'staff-e2e',
  });
  const contactEmail = `avis+${ulid().toLowerCase()}@example.org`;
  await deps.db.identity.entities.organization.patch({ orgId: org.orgId }).set({ contactEmail }).go();
  const organizer = { userId: org.userId, orgId: org.orgId, staff: false };
  for (const provider of options.providers ?? []) {
    const keys =
      provider === 'stripe'
        ? { provider, ...fakeDemoAccounts.stripe }
        : { provider, ...fakeDemoAccounts.paypal, payeeEmail: `caisse@${tag.toLowerCase()}.example.org` };
    await savePaymentAccount(paymentDeps(), { actor: organizer, orgId: org.orgId, keys });
    await activatePaymentAccount(deps, { actor: staff, orgId: org.orgId, provider });
  }
  const { eventId, slug } = await publishedEventOf(org, `La Nuit des rois ${tag}`, 20, 'piece');
  const ticketTypeIds: string[] = [];
  for (const [position, category] of options.categories.entries()) {
    const saved = await saveTicketType(deps, {
      actor: organizer,
      eventId,
      fields: {
        taxes: 'included',
        quantity: 100,
        perPersonMax: 6,
        position,
        ...category,
      },
    });
    ticketTypeIds.push(saved.ticketTypeId);
  }
  const texts = options.messages ?? {};
  await saveTicketingSettings(deps, {
    actor: organizer,
    eventId,
    expectedVersion: 0,
    fields: {
      enabled: true,
      pickUpAtVenue: options.pickUpAtVenue ?? false,
      messages: Object.fromEntries(Object.entries(texts).map(([kind, fr]) => [kind, { fr, en: fr }])),
    },
  });
  const box = options.box
    ? await createCustomCheckbox(deps, {
        actor: staff,
        orgId: org.orgId,
        fields: { ...options.box, taxes: 'included' },
      })
    : undefined;
  return { ...org, organizer, eventId, slug, ticketTypeIds, contactEmail, box };
}

/** Every order of an organization, read by key (g3 `ORG#<orgId>`). */
export const ordersOf = async (orgId: string) =>
  (await twinDeps().db.orders.entities.order.query.byOrg({ orgId }).go({ hydrate: true, pages: 'all' })).data;

/**
 * A published event of the organization, `days` ahead, two hours long, at a venue of the demo
 * calendar (shared/calendar/calendar.fixtures.ts, shown on tickets and order pages), with its slug
 * guard: no categories (the callers add theirs).
 */
async function publishedEventOf(
  org: { orgId: string; userId: string },
  title: string,
  days: number,
  slugPrefix = 'spectacle',
) {
  const deps = twinDeps();
  const eventId = ulid();
  const now = new Date();
  const startsAt = new Date(now.getTime() + days * 86_400_000);
  const slug = `${slugPrefix}-${eventId.toLowerCase()}`;
  await deps.db.calendar.entities.event
    .create({
      eventId,
      orgId: org.orgId,
      presenterOrgId: org.orgId,
      status: 'published',
      version: 1,
      title,
      slug,
      venueIds: ['VEN-SALLE-DESJARDINS'],
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
  return { eventId, slug, title, startsAt: startsAt.toISOString() };
}

/**
 * TIX-08: a pass of a selling organization (sellingEvent's, with its accounts and its event selling
 * « Régulier ») over that event and `events - 1` more of its published events, saved by staff with
 * its tiers (ticket types under the pass's id), on sale now unless a period is given.
 */
export async function sellingPass(options: {
  providers?: ('stripe' | 'paypal')[];
  tiers: Category[];
  events?: number;
  title?: string;
  description?: string;
  status?: 'draft' | 'active' | 'withdrawn';
  salesStartAt?: string;
  salesEndAt?: string;
  box?: { labelFr: string; labelEn: string; priceCents?: number };
}) {
  const selling = await sellingEvent({
    providers: options.providers,
    categories: [{ nameFr: 'Régulier', nameEn: 'Regular', priceCents: 3000 }],
    box: options.box,
  });
  const deps = twinDeps();
  const tag = ulid().slice(-8);
  const first = (await deps.db.calendar.entities.event.get({ eventId: selling.eventId }).go()).data;
  const events = [{ eventId: selling.eventId, slug: selling.slug, title: first?.title ?? '' }];
  for (let index = 1; index < (options.events ?? 2); index += 1) {
    events.push(await publishedEventOf(selling, `Le Malade imaginaire ${index} ${tag}`, 20 + 7 * index));
  }
  const now = Date.now();
  const title = options.title ?? `Passe saison ${tag}`;
  const { passId } = await savePass(deps, {
    actor: staff,
    fields: {
      orgId: selling.orgId,
      title,
      ...(options.description ? { description: options.description } : {}),
      eventIds: events.map((event) => event.eventId),
      status: options.status ?? 'active',
      salesStartAt: options.salesStartAt ?? new Date(now - 86_400_000).toISOString(),
      salesEndAt: options.salesEndAt ?? new Date(now + 15 * 86_400_000).toISOString(),
    },
  });
  const tierIds: string[] = [];
  for (const [position, tier] of options.tiers.entries()) {
    const saved = await saveTicketType(deps, {
      actor: staff,
      eventId: passId,
      fields: { taxes: 'included', quantity: 100, perPersonMax: 6, position, ...tier },
    });
    tierIds.push(saved.ticketTypeId);
  }
  return { ...selling, passId, title, events, tierIds };
}

/**
 * TIX-08: an organization with its organizer and `count` published events a week apart (the first
 * in `firstInDays` days), for a pass over several of them. Written through the use cases and the
 * calendar's entities over the test server's twin, like `sellingEvent`.
 */
export async function sellingOrganizationEvents(options: {
  count: number;
  name?: string;
  firstInDays?: number;
}) {
  const deps = twinDeps();
  const tag = ulid().slice(-8);
  const email = `passes+${ulid().toLowerCase()}@example.org`;
  await createAccount(deps, { email, password: 'correct horse battery staple' });
  const name = options.name ?? `Festival ${tag}`;
  const org = await createOrganization(deps, {
    name,
    firstMember: { email, displayName: `Programmation ${tag}`, locale: 'fr' },
    actorUserId: 'staff-e2e',
  });
  const events: { eventId: string; title: string; slug: string; startsAt: string }[] = [];
  for (let index = 0; index < options.count; index += 1) {
    const days = (options.firstInDays ?? 10) + 7 * index;
    events.push(await publishedEventOf(org, `Soir ${index + 1} ${tag}`, days, 'soir'));
  }
  return { ...org, name, email, organizer: { userId: org.userId, orgId: org.orgId, staff: false }, events };
}
