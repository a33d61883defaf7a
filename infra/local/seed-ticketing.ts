import type { CalendarEvent } from '../../shared/calendar/event';
import { listOrganizationEvents } from '../../shared/calendar/staff-flags';
import { fakeClient } from '../../shared/crm/client.fixtures';
import { markHandledOnce, wasHandled } from '../../shared/db/dedupe';
import type { Deps, PaymentDeps } from '../../shared/deps';
import { listOrganizations } from '../../shared/identity/members';
import { platformOrgId } from '../../shared/identity/membership';
import { syncOrderPayment } from '../../shared/orders/confirm-order';
import { savePromoCode } from '../../shared/orders/promo-codes';
import { type StartCheckoutInput, startCheckout } from '../../shared/orders/start-checkout';
import { AlreadyWaitingError, joinWaitingList } from '../../shared/orders/waiting-list';
import { createCustomCheckbox, listCustomCheckboxes } from '../../shared/organizations/custom-checkboxes';
import { activatePaymentAccount, savePaymentAccount } from '../../shared/payments/payment-accounts';
import type { PaymentProviderName } from '../../shared/payments/payment-provider';
import { maxPassEvents } from '../../shared/ticketing/pass';
import { listPasses, savePass } from '../../shared/ticketing/passes';
import { listTicketTypes, saveTicketType, type TicketTypeFields } from '../../shared/ticketing/ticket-types';
import {
  readTicketingSettings,
  saveTicketingSettings,
  type TicketingSettingsFields,
} from '../../shared/ticketing/ticketing-settings';
import { fakeDemoAccounts } from './fake-payments';

/**
 * The ticketing of the demo (`npm start`, TIX-01..09, TIX-15): the three demo organizations sell on
 * Parvis with active Stripe and PayPal accounts holding the fake provider's demo keys, about ten
 * upcoming events sell tickets in Québec prices (taxes included, one with taxes added), three take
 * free registrations, one promo code, one custom checkbox, the organizers' texts, a small event
 * sold out with its waiting list, and a festival pass (TIX-08) over the festival's concerts. A few
 * orders fill the organizers' « Commandes » and dashboard: free registrations confirmed at once,
 * paid ones paid on the fake provider's hosted page (« Payer ») and confirmed by `syncOrderPayment`,
 * the path of the buyer's return page, as a lost webhook leaves it. All through the use cases the
 * portals and the checkout call.
 *
 * Events are found in the demo calendar by organization and title (the earliest upcoming one that
 * sells nowhere else), so this runs on a calendar seeded on an earlier day too.
 *
 * Idempotent: a marker says the ticketing demo is complete; until then every step finds what an
 * interrupted run left (an account, a category by its French name, saved settings, the code, the
 * box by its label, the pass by its title), and each order is placed with a checkout key made from
 * its event and its number, so a second run finds the first order (start-checkout.ts `resume`)
 * instead of placing another.
 */

/** Bump when the demo ticketing changes, so existing data folders receive it once. */
export const ticketingDemoVersion = 'ticketing-demo-v1';

export type TicketingSeedDeps = Deps & PaymentDeps;

/** Who the seed acts as, and the demo's people (seed.ts). */
export interface TicketingSeedOptions {
  /** A staff member: activates the accounts, adds the box, makes the pass and its tiers (ORG-09). */
  staffUserId: string;
  /** The demo organizations' names with their « Organisme », who set up their own ticketing. */
  organizations: readonly { name: string; organisme: { email: string } }[];
  /** Marie Tremblay, who buys one order herself (her tickets reach the mail viewer). */
  client: { firstName: string; lastName: string; email: string; address: { postalCode: string } };
}

type Category = Pick<
  TicketTypeFields,
  'nameFr' | 'nameEn' | 'priceCents' | 'taxes' | 'quantity' | 'perPersonMax'
>;

const theatre = 'Théâtre des Grèves';
const festival = 'Festival du Fleuve';
const gallery = 'Galerie Boréale';

/** How each demo organization takes payments (the fake provider's demo keys, TIX-01). */
export const demoPaymentProviders: Record<string, PaymentProviderName[]> = {
  [theatre]: ['stripe', 'paypal'],
  [festival]: ['stripe', 'paypal'],
  [gallery]: ['stripe'],
};

const regular = (dollars: number, quantity = 250, taxes: 'included' | 'added' = 'included'): Category => ({
  nameFr: 'Régulier',
  nameEn: 'Regular',
  priceCents: dollars * 100,
  taxes,
  quantity,
  perPersonMax: 8,
});
const student = (dollars: number, quantity = 60, taxes: 'included' | 'added' = 'included'): Category => ({
  nameFr: 'Étudiant',
  nameEn: 'Student',
  priceCents: dollars * 100,
  taxes,
  quantity,
  perPersonMax: 4,
});
const senior = (dollars: number, quantity = 80): Category => ({
  nameFr: '65 ans et +',
  nameEn: 'Seniors (65+)',
  priceCents: dollars * 100,
  taxes: 'included',
  quantity,
  perPersonMax: 6,
});
const freeRegistration = (quantity: number): Category => ({
  nameFr: 'Inscription gratuite',
  nameEn: 'Free registration',
  priceCents: 0,
  taxes: 'included',
  quantity,
  perPersonMax: 4,
});

const doorsOpen = {
  fr: 'Les portes ouvrent 45 minutes avant le spectacle. Présentez vos billets sur votre téléphone ou imprimés.',
  en: 'Doors open 45 minutes before the show. Show your tickets on your phone or printed.',
};

/** One event that sells (or registers) on Parvis: found by organization and title. */
export interface DemoSelling {
  /** A stable name for the orders below, the tests and the README. */
  key: string;
  organization: string;
  title: string;
  categories: Category[];
  settings?: Omit<TicketingSettingsFields, 'enabled'>;
}

/** The ticketing of about a dozen upcoming events: nine that sell, three free registrations. */
export const demoSelling: DemoSelling[] = [
  {
    key: 'orchestre',
    organization: theatre,
    title: 'Orchestre symphonique de l’Estuaire : Beethoven',
    categories: [regular(55), student(25), senior(45)],
    settings: {
      pickUpAtVenue: true,
      messages: {
        beforeSale: {
          fr: 'Code DECOUVERTE : 15 % de rabais sur votre première soirée au Théâtre des Grèves.',
          en: 'Code DECOUVERTE: 15% off your first evening at the Théâtre des Grèves.',
        },
        confirmation: doorsOpen,
      },
    },
  },
  {
    key: 'danse',
    organization: theatre,
    title: 'Danse contemporaine : Marées',
    categories: [regular(38, 180), student(25, 40)],
    settings: { messages: { confirmation: doorsOpen } },
  },
  {
    // TIX-03: prices before taxes; the checkout adds the TPS and the TVQ.
    key: 'humour',
    organization: theatre,
    title: 'Humour : la relève de l’Est',
    categories: [regular(28, 300, 'added'), student(22, 50, 'added')],
    settings: {
      messages: {
        beforeSale: {
          fr: 'Prix avant taxes : la TPS et la TVQ s’ajoutent au paiement. Spectacle pour adultes (16 ans et +).',
          en: 'Prices before taxes: GST and QST are added at checkout. Adult show (16 and over).',
        },
      },
    },
  },
  {
    key: 'chorale',
    organization: theatre,
    title: 'Chorale du Bas-Saint-Laurent : chants de Noël',
    categories: [freeRegistration(150)],
    settings: {
      messages: {
        beforeSale: {
          fr: 'Entrée libre, sur inscription : une contribution volontaire pour la guignolée sera recueillie à l’entrée.',
          en: 'Free admission with registration: a voluntary contribution to the food drive is collected at the door.',
        },
      },
    },
  },
  {
    key: 'trio',
    organization: festival,
    title: 'Trio Estuaire — Festi Jazz',
    categories: [regular(35, 200), student(25), senior(30)],
    settings: { messages: { confirmation: doorsOpen } },
  },
  {
    key: 'big-band',
    organization: festival,
    title: 'Big Band du Cégep — Festi Jazz',
    categories: [regular(40, 200), student(25)],
    settings: { messages: { confirmation: doorsOpen } },
  },
  {
    key: 'nuit-blanche',
    organization: festival,
    title: 'Nuit blanche jazz — Festi Jazz',
    categories: [regular(45, 150), student(30, 40)],
  },
  {
    key: 'jazz-manouche',
    organization: festival,
    title: 'Jazz manouche au parc — Festi Jazz',
    categories: [freeRegistration(400)],
    settings: {
      messages: {
        beforeSale: {
          fr: 'En plein air au parc Beauséjour : en cas de pluie, le concert a lieu au Paradis.',
          en: 'Outdoors at Parc Beauséjour: if it rains, the concert moves to Le Paradis.',
        },
      },
    },
  },
  {
    key: 'slam',
    organization: festival,
    title: 'Soirée slam au Paradis',
    categories: [regular(10, 80)],
  },
  {
    // TIX-15: ten seats, filled by the demo orders below; the waiting list is open.
    key: 'cine-club',
    organization: festival,
    title: 'Ciné-club : Les Ordres',
    categories: [{ ...regular(8, 10), perPersonMax: 4 }],
    settings: {
      waitingList: true,
      messages: {
        soldOut: {
          fr: 'La petite salle du Paradis est comble. Inscrivez-vous à la liste d’attente : les places libérées sont offertes dans l’ordre d’inscription.',
          en: 'The small room at Le Paradis is full. Join the waiting list: freed seats are offered in the order people joined.',
        },
      },
    },
  },
  {
    key: 'phare',
    organization: gallery,
    title: 'Visite nocturne du phare de Pointe-au-Père',
    categories: [regular(18, 40), student(12, 15)],
  },
  {
    key: 'conte',
    organization: gallery,
    title: 'Heure du conte en pyjama',
    categories: [freeRegistration(30)],
    settings: {
      messages: {
        confirmation: {
          fr: 'Apportez une doudou et un coussin ! L’heure du conte commence à l’heure précise.',
          en: 'Bring a cuddly toy and a cushion! Story time starts on time.',
        },
      },
    },
  },
];

/** TIX-07: the promo code of the demo, on the Beethoven concert. */
export const demoPromoCode = {
  selling: 'orchestre',
  code: 'DECOUVERTE',
  percentOff: 15,
  usageLimit: 100,
} as const;

/** TIX-05: the Théâtre's box offered at checkout. */
export const demoCheckbox = {
  organization: theatre,
  labelFr: 'Ajouter le programme souvenir de la saison (5 $)',
  labelEn: 'Add the season’s souvenir programme ($5)',
  priceCents: 500,
} as const;

/** TIX-08: the festival's pass over its paid concerts, with two tiers. */
export const demoPass = {
  organization: festival,
  festivalTitle: 'Festi Jazz international de Rimouski',
  description:
    'Tous les concerts en salle du Festi Jazz international de Rimouski avec un seul achat : un billet par concert, chacun avec son code QR.',
  tiers: [
    { nameFr: 'Passe Adulte', nameEn: 'Adult pass', priceCents: 12_000, quantity: 200, perPersonMax: 6 },
    { nameFr: 'Passe Étudiant', nameEn: 'Student pass', priceCents: 8500, quantity: 60, perPersonMax: 4 },
  ],
} as const;

/** The pass's title, from how many concerts it admits to. */
export const demoPassTitle = (concerts: number) => `Passe Festi Jazz — ${concerts} concerts`;

/** A demo order: on a selling event (`key`) or the pass, by the demo client or a person of the fixtures. */
interface DemoOrder {
  on: string | 'pass';
  /** `client`: Marie Tremblay; a number: `fakeClient`'s person (one with an e-mail). */
  buyer: 'client' | number;
  lines: [category: string, quantity: number][];
  provider?: PaymentProviderName;
  promoCode?: string;
  checkbox?: boolean;
  pickUpAtVenue?: boolean;
}

export const demoOrders: DemoOrder[] = [
  {
    on: 'orchestre',
    buyer: 'client',
    lines: [
      ['Régulier', 2],
      ['Étudiant', 1],
    ],
    provider: 'stripe',
    promoCode: demoPromoCode.code,
    checkbox: true,
  },
  { on: 'orchestre', buyer: 1, lines: [['65 ans et +', 2]], provider: 'paypal', pickUpAtVenue: true },
  { on: 'humour', buyer: 2, lines: [['Régulier', 2]], provider: 'stripe' },
  {
    on: 'trio',
    buyer: 3,
    lines: [
      ['Régulier', 1],
      ['Étudiant', 1],
    ],
    provider: 'stripe',
  },
  { on: 'cine-club', buyer: 4, lines: [['Régulier', 4]], provider: 'stripe' },
  { on: 'cine-club', buyer: 5, lines: [['Régulier', 2]], provider: 'paypal' },
  { on: 'cine-club', buyer: 6, lines: [['Régulier', 2]], provider: 'stripe' },
  { on: 'cine-club', buyer: 7, lines: [['Régulier', 2]], provider: 'stripe' },
  {
    on: 'phare',
    buyer: 8,
    lines: [
      ['Régulier', 2],
      ['Étudiant', 1],
    ],
    provider: 'stripe',
  },
  { on: 'pass', buyer: 9, lines: [['Passe Adulte', 1]], provider: 'stripe' },
  { on: 'chorale', buyer: 10, lines: [['Inscription gratuite', 2]] },
  { on: 'chorale', buyer: 11, lines: [['Inscription gratuite', 4]] },
  { on: 'jazz-manouche', buyer: 12, lines: [['Inscription gratuite', 3]] },
  { on: 'conte', buyer: 13, lines: [['Inscription gratuite', 2]] },
];

/** TIX-15: someone already waiting for a seat of the sold-out ciné-club. */
const demoWaiting = { on: 'cine-club', buyer: 14, quantity: 2 } as const;

export interface TicketingDemoSummary {
  /** False when the marker said an earlier run completed it (the counts are then 0). */
  written: boolean;
  /** Events selling tickets or taking registrations on Parvis. */
  sellingEvents: number;
  /** Passes on sale. */
  passes: number;
  /** Demo orders confirmed (this run or an interrupted earlier one). */
  orders: number;
  /** Demo orders left out: their event was not found, or they could not be paid (see the log). */
  skippedOrders: number;
}

export async function seedTicketingDemo(
  deps: TicketingSeedDeps,
  options: TicketingSeedOptions,
): Promise<TicketingDemoSummary> {
  const marker = { scope: 'seed', key: ticketingDemoVersion };
  const byName = new Map((await listOrganizations(deps)).map((org) => [org.name, org.orgId]));
  if (await wasHandled(deps.db.comms, marker)) {
    return { written: false, sellingEvents: 0, passes: 0, orders: 0, skippedOrders: 0 };
  }
  const staff = { userId: options.staffUserId, orgId: platformOrgId, staff: true };
  const organizers = new Map<string, { userId: string; orgId: string; staff: boolean }>();
  for (const organization of options.organizations) {
    const orgId = byName.get(organization.name);
    if (!orgId)
      throw new Error(`The demo organization ${organization.name} is missing: seed the demo first.`);
    const guard = (
      await deps.db.identity.entities.emailGuard
        .get({ email: organization.organisme.email })
        .go({ consistent: true })
    ).data;
    if (!guard?.userId) throw new Error(`No account for ${organization.organisme.email}`);
    organizers.set(organization.name, { userId: guard.userId, orgId, staff: false });
  }
  const organizer = (name: string) => {
    const found = organizers.get(name);
    if (!found) throw new Error(`No demo organizer for ${name}`);
    return found;
  };

  // TIX-01: the organizer enters the keys, staff activate the account.
  for (const [name, providers] of Object.entries(demoPaymentProviders)) {
    const actor = organizer(name);
    for (const provider of providers) await paymentAccount(deps, actor, staff, provider);
  }

  const events = new Map<string, CalendarEvent>();
  for (const name of new Set(demoSelling.map((selling) => selling.organization))) {
    const candidates = await sellable(deps, organizer(name).orgId);
    for (const selling of demoSelling.filter((entry) => entry.organization === name)) {
      const event = candidates.find((candidate) => candidate.title === selling.title);
      if (!event) {
        deps.log.warn('demo ticketing: no upcoming event of that title', { title: selling.title });
        continue;
      }
      events.set(selling.key, event);
      await sellOn(deps, organizer(name), event.eventId, selling);
    }
  }

  const promoEvent = events.get(demoPromoCode.selling);
  if (promoEvent) {
    const existing = (
      await deps.db.orders.entities.promoCode
        .get({ eventId: promoEvent.eventId, code: demoPromoCode.code })
        .go({ consistent: true })
    ).data;
    if (!existing) {
      await savePromoCode(deps, {
        actor: organizer(theatre),
        eventId: promoEvent.eventId,
        code: demoPromoCode.code,
        fields: {
          kind: 'percent',
          percentOff: demoPromoCode.percentOff,
          usageLimit: demoPromoCode.usageLimit,
          validUntil: promoEvent.startsAt,
        },
      });
    }
  }

  const checkboxOrg = organizer(demoCheckbox.organization).orgId;
  let checkboxId = (await listCustomCheckboxes(deps, { orgId: checkboxOrg })).find(
    (candidate) => candidate.labelFr === demoCheckbox.labelFr,
  )?.checkboxId;
  if (!checkboxId) {
    ({ checkboxId } = await createCustomCheckbox(deps, {
      actor: staff,
      orgId: checkboxOrg,
      fields: {
        labelFr: demoCheckbox.labelFr,
        labelEn: demoCheckbox.labelEn,
        priceCents: demoCheckbox.priceCents,
        taxes: 'included',
      },
    }));
  }

  const passId = await seedPass(deps, organizer(demoPass.organization).orgId, staff);

  // The orders, one after the other: the sold-out event's seats are taken in this order.
  const people = buyers(demoOrders.length + 2);
  let orders = 0;
  let skippedOrders = 0;
  for (const [index, order] of demoOrders.entries()) {
    const eventId = order.on === 'pass' ? passId : events.get(order.on)?.eventId;
    const buyer = order.buyer === 'client' ? clientBuyer(options.client) : people[order.buyer];
    if (!buyer) throw new Error(`No demo buyer number ${order.buyer}`);
    let placed = false;
    if (eventId) {
      const input = {
        eventId,
        order,
        buyer,
        checkboxIds: order.checkbox ? [checkboxId] : [],
        checkoutKey: `demo-seed-${eventId}-${index + 1}`,
      };
      if (order.on !== 'pass') placed = await placeOrder(deps, input);
      else {
        // A pass's checkout is the newest path: if it refuses, the demo goes on without a pass order.
        placed = await placeOrder(deps, input).catch((error: unknown) => {
          deps.log.warn('demo ticketing: the pass order failed', {
            error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
          });
          return false;
        });
      }
    }
    if (placed) orders += 1;
    else skippedOrders += 1;
  }

  const waitingEvent = events.get(demoWaiting.on);
  const waitingBuyer = people[demoWaiting.buyer];
  if (waitingEvent && waitingBuyer) {
    const { ticketTypes } = await listTicketTypes(deps, { eventId: waitingEvent.eventId, consistent: true });
    const category = ticketTypes[0];
    if (category && category.remaining === 0) {
      try {
        await joinWaitingList(deps, {
          eventId: waitingEvent.eventId,
          ticketTypeId: category.ticketTypeId,
          name: waitingBuyer.name,
          email: waitingBuyer.email,
          quantity: demoWaiting.quantity,
          locale: 'fr',
        });
      } catch (error) {
        if (!(error instanceof AlreadyWaitingError)) throw error;
      }
    }
  }

  await markHandledOnce(deps.db.comms, { ...marker, now: deps.clock.now(), keepDays: 36_500 });
  return { written: true, sellingEvents: events.size, passes: passId ? 1 : 0, orders, skippedOrders };
}

/** Saves the fake provider's demo keys as the organizer would, then staff activate the account. */
async function paymentAccount(
  deps: TicketingSeedDeps,
  organizer: { userId: string; orgId: string; staff: boolean },
  staff: { userId: string; orgId: string; staff: boolean },
  provider: PaymentProviderName,
): Promise<void> {
  const { orgId } = organizer;
  const current = (
    await deps.db.orders.entities.paymentAccount.get({ orgId, provider }).go({ consistent: true })
  ).data;
  if (current?.status === 'active') return;
  if (!current) {
    const keys =
      provider === 'stripe'
        ? { provider, ...fakeDemoAccounts.stripe }
        : { provider, ...fakeDemoAccounts.paypal, payeeEmail: await payeeOf(deps, orgId) };
    await savePaymentAccount(deps, { actor: organizer, orgId, keys });
  }
  await activatePaymentAccount(deps, { actor: staff, orgId, provider });
}

/** The PayPal payee: the organization's contact address. */
async function payeeOf(deps: Pick<Deps, 'db'>, orgId: string): Promise<string> {
  const organization = (await deps.db.identity.entities.organization.get({ orgId }).go()).data;
  return organization?.contactEmail ?? `caisse@${orgId.toLowerCase()}.example`;
}

/** Longer than this from start to end: an event with several dates, or one over weeks. */
const oneDateMs = 12 * 3_600_000;

/**
 * The organization's upcoming published events that may sell on Parvis, earliest first: one date
 * (not the festival itself, an exhibition or a show with extra dates), not online, and neither sold
 * elsewhere nor marked sold out by the organizer.
 */
async function sellable(deps: TicketingSeedDeps, orgId: string): Promise<CalendarEvent[]> {
  const now = deps.clock.now().toISOString();
  const events: CalendarEvent[] = [];
  let cursor: string | undefined;
  do {
    const page = await listOrganizationEvents(deps, { orgId, cursor });
    events.push(...page.events);
    cursor = page.cursor;
  } while (cursor);
  return events
    .filter(
      (event) =>
        event.status === 'published' &&
        event.startsAt > now &&
        !event.bigEvent &&
        Date.parse(event.endsAt) - Date.parse(event.startsAt) <= oneDateMs &&
        !event.online &&
        !event.soldOut &&
        !event.externalTicketingUrl,
    )
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.eventId.localeCompare(b.eventId));
}

/** TIX-02, TIX-01, TIX-06: the event's categories (those missing), then its settings once. */
async function sellOn(
  deps: TicketingSeedDeps,
  actor: { userId: string; orgId: string; staff: boolean },
  eventId: string,
  selling: DemoSelling,
): Promise<void> {
  await categoriesOn(deps, actor, eventId, selling.categories);
  const settings = await readTicketingSettings(deps, eventId, { consistent: true });
  if (settings.version > 0) return;
  await saveTicketingSettings(deps, {
    actor,
    eventId,
    expectedVersion: 0,
    fields: { ...selling.settings, enabled: true },
  });
}

/** The categories not there yet (by French name), in their order. */
async function categoriesOn(
  deps: TicketingSeedDeps,
  actor: { userId: string; orgId: string; staff: boolean },
  eventId: string,
  categories: readonly Category[],
): Promise<void> {
  const { ticketTypes } = await listTicketTypes(deps, { eventId, consistent: true });
  const names = new Set(ticketTypes.map((type) => type.nameFr));
  for (const [position, category] of categories.entries()) {
    if (names.has(category.nameFr)) continue;
    await saveTicketType(deps, { actor, eventId, fields: { ...category, position } });
  }
}

/**
 * TIX-08: the festival's pass over its paid concerts (published, of the festival's organization),
 * on sale from now to the festival's end, with its two tiers; found again by its title.
 */
async function seedPass(
  deps: TicketingSeedDeps,
  orgId: string,
  staff: { userId: string; orgId: string; staff: boolean },
): Promise<string | undefined> {
  const events: CalendarEvent[] = [];
  let cursor: string | undefined;
  do {
    const page = await listOrganizationEvents(deps, { orgId, cursor });
    events.push(...page.events);
    cursor = page.cursor;
  } while (cursor);
  const now = deps.clock.now().toISOString();
  const festivalEvent = events.find(
    (event) => event.title === demoPass.festivalTitle && event.status === 'published' && event.bigEvent,
  );
  if (!festivalEvent || festivalEvent.endsAt <= now) {
    deps.log.warn('demo ticketing: no festival still to come, no pass', { title: demoPass.festivalTitle });
    return undefined;
  }
  const concerts = events
    .filter(
      (event) =>
        event.parentEventId === festivalEvent.eventId &&
        event.status === 'published' &&
        !event.free &&
        event.startsAt > now,
    )
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.eventId.localeCompare(b.eventId))
    .slice(0, maxPassEvents);
  if (concerts.length < 2) return undefined;
  const title = demoPassTitle(concerts.length);
  let passId = (await listPasses(deps)).find((pass) => pass.orgId === orgId && pass.title === title)?.passId;
  if (!passId) {
    ({ passId } = await savePass(deps, {
      actor: { userId: staff.userId },
      fields: {
        orgId,
        title,
        description: demoPass.description,
        eventIds: concerts.map((event) => event.eventId),
        status: 'active',
        salesStartAt: now,
        salesEndAt: festivalEvent.endsAt,
      },
    }));
  }
  await categoriesOn(
    deps,
    { ...staff, orgId },
    passId,
    demoPass.tiers.map((tier) => ({ ...tier, taxes: 'included' as const })),
  );
  return passId;
}

interface Buyer {
  name: string;
  email: string;
  postalCode?: string;
}

function clientBuyer(client: TicketingSeedOptions['client']): Buyer {
  return {
    name: `${client.firstName} ${client.lastName}`,
    email: client.email,
    postalCode: client.address.postalCode,
  };
}

/** People of the fixtures with an e-mail (most have a client file in the demo). */
function buyers(count: number): Buyer[] {
  const people: Buyer[] = [];
  for (let index = 1; people.length < count; index++) {
    const person = fakeClient(index);
    if (!person.email) continue;
    people.push({
      name: `${person.firstName} ${person.lastName}`,
      email: person.email,
      postalCode: person.address.postalCode,
    });
  }
  return people;
}

/**
 * TIX-09: one order through the checkout; a paid one is paid on the fake provider's hosted page and
 * confirmed by asking the provider (`syncOrderPayment`, the buyer's return page). True once paid.
 */
async function placeOrder(
  deps: TicketingSeedDeps,
  input: { eventId: string; order: DemoOrder; buyer: Buyer; checkboxIds: string[]; checkoutKey: string },
): Promise<boolean> {
  const { eventId, order } = input;
  const { ticketTypes } = await listTicketTypes(deps, { eventId, consistent: true });
  const lines = order.lines.map(([name, quantity]) => {
    const type = ticketTypes.find((candidate) => candidate.nameFr === name);
    if (!type) throw new Error(`The demo category ${name} is missing on ${eventId}`);
    return { ticketTypeId: type.ticketTypeId, quantity };
  });
  const form: StartCheckoutInput = {
    eventId,
    lines,
    buyer: { name: input.buyer.name, email: input.buyer.email, postalCode: input.buyer.postalCode },
    locale: 'fr',
    checkoutKey: input.checkoutKey,
    checkboxIds: input.checkboxIds,
    pickUpAtVenue: order.pickUpAtVenue ?? false,
    ...(order.provider ? { provider: order.provider } : {}),
    ...(order.promoCode ? { promoCode: order.promoCode } : {}),
  };
  const started = await startCheckout(deps, form);
  if (started.status === 'paid') return true;
  if (started.status !== 'pendingPayment' || !started.redirectUrl) {
    deps.log.warn('demo ticketing: an order could not be completed', {
      orderId: started.orderId,
      status: started.status,
    });
    return false;
  }
  const page = await payOnFakePage(started.redirectUrl);
  if (page === 'gone') {
    // Found again from an earlier run whose provider session the fake (in memory) no longer knows.
    deps.log.warn('demo ticketing: the fake provider no longer knows this checkout', {
      orderId: started.orderId,
    });
    return false;
  }
  const synced = await syncOrderPayment(deps, { orderId: started.orderId });
  if (synced.status === 'paid') return true;
  if (page === 'paid') {
    throw new Error(`The demo order ${started.orderId} was paid but ended ${synced.status}`);
  }
  deps.log.warn('demo ticketing: an order found again could not be paid', {
    orderId: started.orderId,
    status: synced.status,
  });
  return false;
}

/**
 * What the buyer does on the fake provider's page: press « Payer » (a form POST; the fake then
 * redirects to the order page and sends its webhook). `closed`: the page offers no payment any more
 * (paid by an interrupted run, or expired); `gone`: the fake does not know it.
 */
async function payOnFakePage(redirectUrl: string): Promise<'paid' | 'closed' | 'gone'> {
  const page = await fetch(redirectUrl);
  if (page.status === 404) {
    await page.arrayBuffer();
    return 'gone';
  }
  const html = await page.text();
  const action = [...html.matchAll(/<form method="post" action="([^"]+)"/g)]
    .map((match) => match[1] ?? '')
    .find((path) => path.endsWith('/pay'));
  if (!action) return 'closed';
  const answer = await fetch(new URL(action, redirectUrl), { method: 'POST', redirect: 'manual' });
  await answer.arrayBuffer();
  if (answer.status !== 303) throw new Error(`The fake provider answered ${answer.status} to « Payer »`);
  return 'paid';
}
