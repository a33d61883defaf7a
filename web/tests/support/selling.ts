import { ulid } from 'ulid';
import { fakeDemoAccounts } from '../../../infra/local/fake-payments';
import { createPaymentDeps } from '../../../shared/adapters/payment-deps';
import { createAccount } from '../../../shared/identity/log-in';
import { createOrganization } from '../../../shared/identity/members';
import { createCustomCheckbox } from '../../../shared/organizations/custom-checkboxes';
import { activatePaymentAccount, savePaymentAccount } from '../../../shared/payments/payment-accounts';
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
  const eventId = ulid();
  const now = new Date();
  const startsAt = new Date(now.getTime() + 20 * 86_400_000);
  const slug = `piece-${eventId.toLowerCase()}`;
  await deps.db.calendar.entities.event
    .create({
      eventId,
      orgId: org.orgId,
      presenterOrgId: org.orgId,
      status: 'published',
      version: 1,
      title: `La Nuit des rois ${tag}`,
      slug,
      // A venue of the demo calendar (shared/calendar/calendar.fixtures.ts), on the ticket and the order page.
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
