import { randomUUID } from 'node:crypto';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPaymentDeps } from '../../shared/adapters/payment-deps';
import { getClientFileForStaff } from '../../shared/crm/get-client-file';
import { searchClients } from '../../shared/crm/search-clients';
import type { Deps } from '../../shared/deps';
import { InvalidCredentialsError, logIn } from '../../shared/identity/log-in';
import { listMembers, listOrganizations } from '../../shared/identity/members';
import { platformOrgId } from '../../shared/identity/membership';
import { completeSecondFactor } from '../../shared/identity/second-factor';
import { fixedClock } from '../../shared/kernel/ports';
import { orderDocumentsQueue, syncOrderPayment } from '../../shared/orders/confirm-order';
import { startCheckout } from '../../shared/orders/start-checkout';
import { waitingCounts } from '../../shared/orders/waiting-list';
import { offeredCustomCheckboxes } from '../../shared/organizations/custom-checkboxes';
import { listPaymentAccounts } from '../../shared/payments/payment-accounts';
import { listPasses, passesOfEvent, publicPass } from '../../shared/ticketing/passes';
import { listTicketTypes } from '../../shared/ticketing/ticket-types';
import { readTicketingSettings } from '../../shared/ticketing/ticketing-settings';
import { type PrivateTestBed, privateTestBed, twin, useTwin } from '../../tests/twin';
import { env } from '../wiring';
import { type FakePayments, startFakePayments } from './fake-payments';
import {
  type DemoDeps,
  demoClient,
  demoClientCount,
  demoOrganizations,
  demoPassword,
  demoStaff,
  demoTotpCode,
  demoTrainers,
  seedDemo,
  seedDemoData,
} from './seed';
import {
  demoCheckbox,
  demoOrders,
  demoPass,
  demoPaymentProviders,
  demoPromoCode,
  demoSelling,
  seedTicketingDemo,
  ticketingDemoVersion,
} from './seed-ticketing';

/**
 * The demo data of `npm start` (infra/local/seed.ts) in private tables of the shared twin: what it
 * holds, that every demo log-in works (staff only with their second factor), and that a seed run
 * again or interrupted half-way ends with the same data, never twice.
 */
const clock = fixedClock('2026-11-24T15:00:00.000Z');

interface Bed {
  bed: PrivateTestBed;
  deps: DemoDeps;
  /** Message ids the seed put on the e-mail queues (nothing reads them: the runner never sees them). */
  published: string[];
  /** Orders whose `order.confirmed` the seed published (their PDFs and e-mail, TIX-10). */
  confirmed: string[];
}

/**
 * The file's own fake Stripe and PayPal (demo keys, no webhook URL): the twin's would post the
 * seed's payments to the runner's webhook function, which reads the shared table, not the bed's.
 * The seed confirms its orders by asking the provider (the return page's path) anyway.
 */
let payments: FakePayments | undefined;

async function demoBed(prefix: string): Promise<Bed> {
  payments ??= await startFakePayments({ sweepMs: 0 });
  const bed = await privateTestBed(prefix, clock);
  const published: string[] = [];
  const confirmed: string[] = [];
  const deps: DemoDeps = {
    ...bed.deps,
    // The fake Stripe and PayPal above, and the twin's directory of keys.
    ...createPaymentDeps({ ...twin().env, [env.paymentsApiUrl]: payments.origin }),
    queues: {
      publish: async (queue, messages) => {
        // The e-mails' messages; the search file's rebuild requests (CAL-10) carry no message id.
        if (queue === 'publicIndexes') return;
        if (queue === orderDocumentsQueue) {
          for (const message of messages) confirmed.push((message as { orderId: string }).orderId);
          return;
        }
        for (const message of messages) published.push((message as { messageId: string }).messageId);
      },
    },
  };
  return { bed, deps, published, confirmed };
}

const clientProfiles = async (deps: Deps) =>
  (await deps.db.crm.entities.clientProfile.scan.go({ pages: 'all' })).data;
const consentRecords = async (deps: Deps) =>
  (await deps.db.crm.entities.consentRecord.scan.go({ pages: 'all' })).data;
const notes = async (deps: Deps) => (await deps.db.crm.entities.clientNote.scan.go({ pages: 'all' })).data;

/** Everything the demo counts, to compare two runs. */
async function census(deps: Deps) {
  const organizations = await listOrganizations(deps);
  const members = await Promise.all(
    [platformOrgId, ...organizations.map((organization) => organization.orgId)].map((orgId) =>
      listMembers(deps, { orgId }),
    ),
  );
  return {
    organizations: organizations.map((organization) => organization.name).sort(),
    members: members
      .flat()
      .map((member) => `${member.email} ${member.role} ${member.status}`)
      .sort(),
    clients: (await clientProfiles(deps)).length,
    consentRecords: (await consentRecords(deps)).length,
    notes: (await notes(deps)).length,
    ticketing: await ticketingCensus(deps),
  };
}

/** Every ticketing item the demo writes, counted by kind (a private table holds the demo's only). */
async function ticketingCensus(deps: Deps) {
  const { ticketing, orders, organizations } = deps.db;
  const count = async (scan: { go(options: { pages: 'all' }): Promise<{ data: unknown[] }> }) =>
    (await scan.go({ pages: 'all' })).data.length;
  return {
    ticketTypes: await count(ticketing.entities.ticketType.scan),
    settings: await count(ticketing.entities.ticketingSettings.scan),
    passes: await count(ticketing.entities.pass.scan),
    passLinks: await count(ticketing.entities.passLink.scan),
    paymentAccounts: await count(orders.entities.paymentAccount.scan),
    promoCodes: await count(orders.entities.promoCode.scan),
    checkboxes: await count(organizations.entities.customCheckbox.scan),
    orders: await count(orders.entities.order.scan),
    tickets: await count(orders.entities.ticket.scan),
    waiting: await count(orders.entities.waitingListEntry.scan),
  };
}

/** The demo's selling events by their key in `demoSelling`, found as the public finds them: by title. */
async function sellingEvents(deps: Deps) {
  const { data } = await deps.db.calendar.entities.event.scan.go({ pages: 'all' });
  const onPlatform = data.filter((event) => event.onPlatformTicketing);
  return new Map(
    demoSelling.map((selling) => {
      const found = onPlatform.filter((event) => event.title === selling.title);
      expect(found, selling.title).toHaveLength(1);
      return [selling.key, found[0] as (typeof data)[number]];
    }),
  );
}

/** A buyer on the fake provider's hosted page presses « Payer »; the return page confirms. */
async function payAndReturn(deps: DemoDeps, orderId: string, redirectUrl: string) {
  const html = await (await fetch(redirectUrl)).text();
  const action = /<form method="post" action="([^"]+\/pay)"/.exec(html)?.[1];
  expect(action).toBeTruthy();
  const answer = await fetch(new URL(action ?? '', redirectUrl), { method: 'POST', redirect: 'manual' });
  expect(answer.status).toBe(303);
  return syncOrderPayment(deps, { orderId });
}

let demo: Bed;

beforeAll(async () => {
  useTwin();
  demo = await demoBed('seed');
  const started = Date.now();
  await seedDemo(demo.deps);
  console.info(`demo seed: ${((Date.now() - started) / 1000).toFixed(1)} s`);
}, 180_000);

afterAll(async () => {
  await payments?.stop();
});

describe('demo data for npm start (infra/local/seed.ts)', () => {
  it('ROLE-04 ROLE-05 ORG-01 ORG-08 2 staff, 2 trainers, 3 organizations each with its « Organisme », one chat moderator, all active', async () => {
    const platform = await listMembers(demo.deps, { orgId: platformOrgId });
    expect(platform.map((member) => [member.email, member.role, member.status]).sort()).toEqual(
      [
        ...demoStaff.map((person) => [person.email, 'staff', 'active']),
        ...demoTrainers.map((person) => [person.email, 'trainer', 'active']),
      ].sort(),
    );
    const organizations = await listOrganizations(demo.deps);
    expect(organizations.map((organization) => organization.name).sort()).toEqual(
      demoOrganizations.map((organization) => organization.name).sort(),
    );
    const roles = await Promise.all(
      organizations.map(async (organization) =>
        (await listMembers(demo.deps, { orgId: organization.orgId })).map((m) => `${m.role} ${m.status}`),
      ),
    );
    expect(roles.map((list) => list.filter((role) => role === 'organisme active'))).toEqual([
      ['organisme active'],
      ['organisme active'],
      ['organisme active'],
    ]);
    expect(roles.flat().filter((role) => role === 'moderator active')).toHaveLength(1);
    // Each member's invitation went through the outbox (links since replaced by the activation).
    const recipients = await Promise.all(
      demo.published.map(
        async (messageId) =>
          (await demo.deps.db.comms.entities.outboundMessage.get({ messageId }).go()).data?.to,
      ),
    );
    const members = [
      ...demoStaff,
      ...demoTrainers,
      ...demoOrganizations.flatMap((o): { email: string }[] =>
        'moderator' in o ? [o.organisme, o.moderator] : [o.organisme],
      ),
    ];
    expect(recipients).toEqual(
      expect.arrayContaining([
        ...members.map((person) => person.email),
        demoClient.email,
        'jean.gagnon@example.com',
      ]),
    );
  });

  it('CRM-01 CRM-04 CRM-05 CRM-08 CRM-11 100 client files in Québec and France, with consent, notes, a phone-only file and a bounce', async () => {
    const profiles = await clientProfiles(demo.deps);
    expect(profiles).toHaveLength(demoClientCount);
    const countries = new Set(profiles.map((profile) => profile.country));
    expect(countries).toEqual(new Set(['CA', 'FR']));
    expect(profiles.filter((profile) => profile.noEmail).length).toBeGreaterThan(0);
    expect(profiles.filter((profile) => profile.redFlag)).toHaveLength(1);
    expect(profiles.filter((profile) => profile.hasTrainerNote)).toHaveLength(1);
    expect(profiles.filter((profile) => profile.emailStatus === 'bounced')).toHaveLength(1);
    const records = await consentRecords(demo.deps);
    expect(records.length).toBeGreaterThan(50);
    expect(new Set(records.map((record) => record.method))).toEqual(
      new Set(['portal', 'paper', 'staff', 'phone', 'email']),
    );

    // Found the way staff look for them.
    const phoneOnly = (await searchClients(demo.deps, { by: 'phone', phone: '418 555-0199' })).items.find(
      (summary) => summary.lastName === 'Bérubé',
    );
    const phoneFile = await getClientFileForStaff(demo.deps, { clientId: phoneOnly?.clientId ?? '' });
    expect(phoneFile.profile).toMatchObject({ noEmail: true, consent: { phone: { value: 'granted' } } });
    expect(phoneFile.consent).toMatchObject([{ channel: 'phone', value: 'granted', method: 'phone' }]);
    const [marie] = (await searchClients(demo.deps, { by: 'email', email: demoClient.email })).items;
    const marieFile = await getClientFileForStaff(demo.deps, { clientId: marie?.clientId ?? '' });
    expect(marieFile.profile).toMatchObject({ consent: { email: { value: 'granted' } } });
    expect(marieFile.consent.map((entry) => entry.method)).toEqual(['portal', 'portal']);
    expect(marieFile.profile.userId).toBeTruthy();
    const [fortin] = (await searchClients(demo.deps, { by: 'name', lastName: 'Fortin', firstName: 'Lucie' }))
      .items;
    const fortinFile = await getClientFileForStaff(demo.deps, { clientId: fortin?.clientId ?? '' });
    expect(fortinFile.profile.redFlag).toMatch(/Solde impayé/);
    expect(fortinFile.notes).toMatchObject([{ kind: 'accounting' }]);
  });

  it('ROLE-02 ROLE-03 ROLE-04 every demo log-in works with the demo password, and only with it', async () => {
    const expected = [
      ...demoTrainers.map((person) => ({ email: person.email, role: 'trainer' })),
      ...demoOrganizations.map((o) => ({ email: o.organisme.email, role: 'organisme' })),
      ...demoOrganizations.flatMap((o) =>
        'moderator' in o ? [{ email: o.moderator.email, role: 'moderator' }] : [],
      ),
    ];
    for (const { email, role } of expected) {
      const loggedIn = await logIn(demo.deps, { email, password: demoPassword, address: `test-${ulid()}` });
      expect(loggedIn.session.stage).toBe('full');
      expect(loggedIn.session.roles.map((entry) => entry.role)).toEqual([role]);
    }
    const client = await logIn(demo.deps, {
      email: demoClient.email,
      password: demoPassword,
      address: `test-${ulid()}`,
    });
    expect(client.session).toMatchObject({ stage: 'full', roles: [] });
    expect(client.session.clientId).toBeTruthy();
    await expect(
      logIn(demo.deps, { email: demoClient.email, password: 'parvis-demo-2025', address: `test-${ulid()}` }),
    ).rejects.toBeInstanceOf(InvalidCredentialsError);
  });

  it('ROLE-05 staff log in with the demo password, then need the code of their README secret', async () => {
    clock.advance(60_000); // the enrollment used the current step: a code works once
    for (const person of demoStaff) {
      const pending = await logIn(demo.deps, {
        email: person.email,
        password: demoPassword,
        address: `test-${ulid()}`,
      });
      expect(pending.session.stage).toBe('second-factor');
      await expect(
        completeSecondFactor(demo.deps, { token: pending.token, code: '000000' }),
      ).rejects.toMatchObject({ code: 'invalid_code' });
      const full = await completeSecondFactor(demo.deps, {
        token: pending.token,
        code: demoTotpCode(person.totpSecret, clock.now()),
      });
      expect(full.session).toMatchObject({ stage: 'full', roles: [{ orgId: platformOrgId, role: 'staff' }] });
    }
  });

  it('a seed run again finds everything there and adds nothing', async () => {
    const before = await census(demo.deps);
    const again = await seedDemo(demo.deps);
    expect(again).toMatchObject({
      clients: demoClientCount,
      createdClients: 0,
      ticketing: { written: false },
    });
    expect(await census(demo.deps)).toEqual(before);
  }, 120_000);

  it('the ticketing seed run again without its marker finds every piece and adds nothing', async () => {
    const before = await ticketingCensus(demo.deps);
    expect(before.orders).toBeGreaterThan(0);
    await demo.deps.db.comms.entities.dedupeMarker.delete({ scope: 'seed', key: ticketingDemoVersion }).go();
    const staff = await demo.deps.db.identity.entities.emailGuard.get({ email: demoStaff[0].email }).go();
    const again = await seedTicketingDemo(demo.deps, {
      staffUserId: staff.data?.userId ?? '',
      organizations: demoOrganizations,
      client: demoClient,
    });
    expect(again).toMatchObject({ written: true, orders: demoOrders.length, skippedOrders: 0 });
    expect(await ticketingCensus(demo.deps)).toEqual(before);
  }, 120_000);

  it('a seed interrupted half-way completes at the next run, without duplicates', async () => {
    const crashed = await demoBed('seed-crash');
    let ids = 0;
    // The id generator fails once the client files have begun: a crash in the middle of the seed.
    const failing: DemoDeps = {
      ...crashed.deps,
      ids: () => {
        if (++ids > 60) throw new Error('simulated crash');
        return ulid();
      },
    };
    await expect(seedDemo(failing)).rejects.toThrow('simulated crash');
    const half = (await clientProfiles(crashed.deps)).length;
    expect(half).toBeGreaterThan(0);
    expect(half).toBeLessThan(demoClientCount);

    await seedDemo(crashed.deps);
    const after = await census(crashed.deps);
    expect(after.clients).toBe(demoClientCount);
    expect(after.organizations).toHaveLength(demoOrganizations.length);
    expect(after.members).toEqual((await census(demo.deps)).members);
    const emails = (await clientProfiles(crashed.deps)).flatMap((profile) => profile.email ?? []);
    expect(new Set(emails).size).toBe(emails.length);
  }, 180_000);

  it('npm start seeds a data folder once: the marker is written when the demo is complete', async () => {
    const vars = { ...twin().env, [env.tableName]: demo.bed.tableName };
    const overrides = { clock, queues: demo.deps.queues, log: demo.deps.log };
    const first = await seedDemoData(vars, overrides);
    expect(first[0]).toMatch(/^Demo data written \(demo-v3\)/);
    expect(await seedDemoData(vars, overrides)).toEqual([
      'Demo data already present (demo-v3); delete .data/ to start afresh.',
    ]);
  }, 120_000);
});

describe('demo ticketing for npm start (infra/local/seed-ticketing.ts)', () => {
  const staffActor = { userId: 'U-TEST-STAFF', orgId: platformOrgId, staff: true };
  const orgIdOf = async (name: string) =>
    (await listOrganizations(demo.deps)).find((organization) => organization.name === name)?.orgId ?? '';

  it('TIX-01 TIX-02 TIX-03 TIX-05 TIX-06 TIX-07 CAL-08 the three organizations take payments; a dozen upcoming events sell in Québec prices or register for free', async () => {
    for (const [name, providers] of Object.entries(demoPaymentProviders)) {
      const accounts = await listPaymentAccounts(demo.deps, {
        actor: staffActor,
        orgId: await orgIdOf(name),
      });
      expect(accounts.map((account) => `${account.provider} ${account.status}`).sort(), name).toEqual(
        providers.map((provider) => `${provider} active`).sort(),
      );
    }
    const events = await sellingEvents(demo.deps);
    let registering = 0;
    for (const selling of demoSelling) {
      const event = events.get(selling.key);
      expect(event?.status).toBe('published');
      expect((event?.startsAt ?? '') > clock.now().toISOString()).toBe(true);
      // One date: its tickets name one evening.
      expect(Date.parse(event?.endsAt ?? '') - Date.parse(event?.startsAt ?? '')).toBeLessThanOrEqual(
        12 * 3_600_000,
      );
      expect(event?.orgId).toBe(await orgIdOf(selling.organization));
      const listed = await listTicketTypes(demo.deps, { eventId: event?.eventId ?? '' });
      expect(
        listed.ticketTypes.map((type) => [type.nameFr, type.priceCents, type.taxes, type.onSale]),
        selling.title,
      ).toEqual(
        selling.categories.map((category) => [category.nameFr, category.priceCents, category.taxes, true]),
      );
      expect(listed.action).toBe(
        selling.categories.every((category) => category.priceCents === 0) ? 'register' : 'buy',
      );
      if (listed.action === 'register') registering += 1;
      const settings = await readTicketingSettings(demo.deps, event?.eventId ?? '');
      expect(settings).toMatchObject({ enabled: true, waitingList: selling.key === 'cine-club' });
    }
    expect(registering).toBe(3);
    expect(demoSelling.length - registering).toBeGreaterThanOrEqual(9);
    const prices = demoSelling.flatMap((selling) =>
      selling.categories.map((c) => `${c.nameFr} ${c.priceCents}`),
    );
    expect(prices).toEqual(expect.arrayContaining(['Régulier 3500', 'Étudiant 2500', '65 ans et + 3000']));
    const added = demoSelling.filter((selling) => selling.categories.some((c) => c.taxes === 'added'));
    expect(added.map((selling) => selling.key)).toEqual(['humour']);

    const orchestre = events.get(demoPromoCode.selling)?.eventId ?? '';
    const promo = await demo.deps.db.orders.entities.promoCode
      .get({ eventId: orchestre, code: 'DECOUVERTE' })
      .go();
    expect(promo.data).toMatchObject({ kind: 'percent', percentOff: 15, status: 'active', used: 1 });
    const boxes = await offeredCustomCheckboxes(demo.deps, {
      orgId: await orgIdOf(demoCheckbox.organization),
    });
    expect(boxes.map((box) => [box.labelFr, box.priceCents])).toEqual([[demoCheckbox.labelFr, 500]]);
    const texts = await readTicketingSettings(demo.deps, events.get('cine-club')?.eventId ?? '');
    expect(texts.messages.soldOut?.fr).toMatch(/liste d’attente/);
    expect(texts.messages.soldOut?.en).toMatch(/waiting list/);
  });

  it('TIX-15 the small ciné-club is sold out by the demo orders, its waiting list open with one person on it', async () => {
    const eventId = (await sellingEvents(demo.deps)).get('cine-club')?.eventId ?? '';
    const [seats] = (await listTicketTypes(demo.deps, { eventId, consistent: true })).ticketTypes;
    expect(seats).toMatchObject({ capacity: 10, remaining: 0, held: 0, sold: 10 });
    expect([...(await waitingCounts(demo.deps, eventId)).values()]).toEqual([1]);
  });

  it('TIX-09 TIX-14 the demo orders are paid (Stripe, PayPal) or registered, with their tickets, and each published its confirmation', async () => {
    // Before the test below buys: every order is the seed's.
    const { data: seeded } = await demo.deps.db.orders.entities.order.scan.go({ pages: 'all' });
    expect(seeded).toHaveLength(demoOrders.length);
    expect(seeded.every((order) => order.status === 'paid')).toBe(true);
    expect(new Set(seeded.map((order) => order.provider ?? 'free'))).toEqual(
      new Set(['stripe', 'paypal', 'free']),
    );
    expect(seeded.filter((order) => order.totalCents === 0)).toHaveLength(4);
    expect(demo.confirmed).toEqual(expect.arrayContaining(seeded.map((order) => order.orderId)));
    const { data: tickets } = await demo.deps.db.orders.entities.ticket.scan.go({ pages: 'all' });
    for (const order of seeded) {
      const admits = order.passEventIds?.length ?? 1;
      expect(tickets.filter((ticket) => ticket.orderId === order.orderId)).toHaveLength(
        order.ticketCount * admits,
      );
    }
    // Marie Tremblay's: the promo code, the souvenir programme, paid on Stripe.
    const marie = seeded.find((order) => order.buyer.email === demoClient.email);
    expect(marie).toMatchObject({ provider: 'stripe', promoCode: 'DECOUVERTE' });
    expect(marie?.discountCents).toBeGreaterThan(0);
    const { data: lines } = await demo.deps.db.orders.entities.orderLine.query
      .byOrder({ orderId: marie?.orderId ?? '' })
      .go();
    expect(lines.map((line) => line.kind)).toEqual(
      expect.arrayContaining(['ticket', 'discount', 'checkbox']),
    );
  });

  it('TIX-08 the festival pass is on sale until the festival ends, over its concerts, each listing it', async () => {
    const [pass, ...others] = await listPasses(demo.deps);
    expect(others).toEqual([]);
    expect(pass?.orgId).toBe(await orgIdOf(demoPass.organization));
    const view = await publicPass(demo.deps, pass?.passId ?? '');
    expect(view?.state).toBe('onSale');
    expect(view?.tiers.map((tier) => [tier.nameFr, tier.priceCents])).toEqual([
      ['Passe Adulte', 12_000],
      ['Passe Étudiant', 8500],
    ]);
    const { data: events } = await demo.deps.db.calendar.entities.event.scan.go({ pages: 'all' });
    const festival = events.find((event) => event.title === demoPass.festivalTitle);
    const concerts = events.filter((event) => event.parentEventId === festival?.eventId && !event.free);
    expect(concerts.length).toBeGreaterThanOrEqual(2);
    expect(new Set(pass?.eventIds)).toEqual(new Set(concerts.map((event) => event.eventId)));
    expect(pass?.title).toBe(`Passe Festi Jazz — ${concerts.length} concerts`);
    expect(pass?.salesEndAt).toBe(festival?.endsAt);
    for (const concert of concerts) {
      expect(concert).toMatchObject({ status: 'published', orgId: pass?.orgId });
      expect((await passesOfEvent(demo.deps, concert.eventId)).map((link) => link.passId)).toEqual([
        pass?.passId,
      ]);
    }
  });

  it('TIX-09 a demo event sells to a new buyer through the fake PayPal page, and a free one registers at once', async () => {
    const events = await sellingEvents(demo.deps);
    const trio = events.get('trio')?.eventId ?? '';
    const [regular] = (await listTicketTypes(demo.deps, { eventId: trio })).ticketTypes;
    const buyer = { name: 'Test Acheteur', email: `acheteur.${ulid().toLowerCase()}@example.org` };
    const started = await startCheckout(demo.deps, {
      eventId: trio,
      lines: [{ ticketTypeId: regular?.ticketTypeId ?? '', quantity: 2 }],
      buyer,
      locale: 'fr',
      provider: 'paypal',
      checkoutKey: randomUUID(),
    });
    expect(started).toMatchObject({ status: 'pendingPayment', totalCents: 7000 });
    expect(await payAndReturn(demo.deps, started.orderId, started.redirectUrl ?? '')).toEqual({
      status: 'paid',
      outcome: 'confirmed',
    });

    const conte = events.get('conte')?.eventId ?? '';
    const [free] = (await listTicketTypes(demo.deps, { eventId: conte })).ticketTypes;
    const registered = await startCheckout(demo.deps, {
      eventId: conte,
      lines: [{ ticketTypeId: free?.ticketTypeId ?? '', quantity: 1 }],
      buyer,
      locale: 'fr',
      checkoutKey: randomUUID(),
    });
    expect(registered).toMatchObject({ status: 'paid', totalCents: 0 });
  });
});
