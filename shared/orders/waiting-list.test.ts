import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueuePublisher } from '../kernel/ports';
import { releaseHold, sweepExpiredHolds } from '../ticketing/settle-hold';
import { listTicketTypes } from '../ticketing/ticket-types';
import { saveTicketingSettings } from '../ticketing/ticketing-settings';
import { cancelRegistration } from './cancel-order';
import { expireOrder } from './confirm-order';
import { readOrder } from './order-support';
import {
  activeStripeAccount,
  checkoutForm,
  deliver,
  type OrdersBed,
  ordersBed,
  organizerA,
  pay,
  queuedEmails,
  sellingEvent,
} from './orders.test-support';
import { startCheckout } from './start-checkout';
import {
  AlreadyWaitingError,
  joinWaitingList,
  leaveWaitingList,
  NotSoldOutError,
  OfferGoneError,
  OfferMismatchError,
  offerCategories,
  offerFreedSeats,
  offerHours,
  offerLapsed,
  offerTo,
  offerWaitingLists,
  readWaitingListLink,
  WaitingListClosedError,
  waitingCounts,
} from './waiting-list';

let env: OrdersBed;

beforeAll(async () => {
  env = await ordersBed('orders-waitlist');
  await activeStripeAccount(env, organizerA.orgId);
});
afterAll(async () => {
  await env?.stop();
});

const hour = 3_600_000;

/** A selling event whose organizer turned the waiting list on (TIX-15 settings). */
async function waitingEvent(category: { quantity: number; priceCents?: number; perPersonMax?: number }) {
  const made = await sellingEvent(env.deps, organizerA.orgId, [
    { priceCents: 0, perPersonMax: 4, ...category },
  ]);
  await saveTicketingSettings(env.deps, {
    actor: organizerA,
    eventId: made.eventId,
    expectedVersion: 1,
    fields: { enabled: true, pickUpAtVenue: false, waitingList: true },
  });
  return { eventId: made.eventId, ticketTypeId: made.ticketTypeIds[0] as string };
}

/** A free registration of `quantity` seats (confirmed at once). */
async function register(eventId: string, ticketTypeId: string, quantity: number) {
  const started = await startCheckout(env.deps, checkoutForm(eventId, [{ ticketTypeId, quantity }]));
  expect(started.status).toBe('paid');
  return started;
}

let people = 0;
function person(quantity: number) {
  people += 1;
  return { name: `Personne ${people}`, email: `attente.${people}.${Date.now()}@example.org`, quantity };
}

async function join(eventId: string, ticketTypeId: string, who: ReturnType<typeof person>) {
  return joinWaitingList(env.deps, { eventId, ticketTypeId, ...who, locale: 'fr' });
}

async function counts(eventId: string, ticketTypeId: string) {
  const { ticketTypes } = await listTicketTypes(env.deps, { eventId, consistent: true });
  const type = ticketTypes.find((candidate) => candidate.ticketTypeId === ticketTypeId);
  return { remaining: type?.remaining, held: type?.held, sold: type?.sold };
}

async function entryOf(ticketTypeId: string, email: string) {
  const { data } = await env.deps.db.orders.entities.waitingListEntry.query
    .byCategory({ ticketTypeId })
    .go({ consistent: true, pages: 'all' });
  return data.find((entry) => entry.email === email);
}

/** The token at the end of the link of the last e-mail of `templateId` sent to `email`. */
async function linkToken(email: string, templateId: 'waitlist.offer' | 'waitlist.joined') {
  const mails = (await queuedEmails(env.deps, email)).filter((mail) => mail.templateId === templateId);
  const data = mails.at(-1)?.data as { offerUrl?: string; leaveUrl?: string } | undefined;
  const url = data?.offerUrl ?? data?.leaveUrl ?? '';
  return { token: url.split('/').at(-1) ?? '', url, count: mails.length };
}

/** What functions/schedule/sweep-expired-holds.ts does, with this bed's deps and clock. */
async function sweepAsTheFunction() {
  const report = await sweepExpiredHolds(env.deps, {
    onReleased: async (hold) => {
      if (hold.subject.kind === 'order') {
        await expireOrder(env.deps, { orderId: hold.subject.id });
        await offerCategories(env.deps, hold.taken);
      } else if (hold.subject.kind === 'waitlist') {
        await offerLapsed(env.deps, hold, { closeOrder: (orderId) => expireOrder(env.deps, { orderId }) });
      }
    },
  });
  const lists = await offerWaitingLists(env.deps);
  return { ...report, ...lists };
}

describe('TIX-15 joining the waiting list', () => {
  it('TIX-15 a sold-out category takes one entry per address, with a confirmation e-mail and its leave link', async () => {
    const { eventId, ticketTypeId } = await waitingEvent({ quantity: 2 });
    const early = person(1);
    await expect(join(eventId, ticketTypeId, early)).rejects.toBeInstanceOf(NotSoldOutError);
    await register(eventId, ticketTypeId, 2);

    const joined = await join(eventId, ticketTypeId, early);
    expect(joined).toMatchObject({ email: early.email, quantity: 1 });
    const mails = await queuedEmails(env.deps, early.email);
    expect(mails.map((mail) => mail.templateId)).toEqual(['waitlist.joined']);
    expect(mails[0]?.data).toMatchObject({ quantity: 1, offerHours: 24 });
    expect(String(mails[0]?.data.leaveUrl)).toMatch(/\/fr\/liste-attente\/quitter\/[A-Za-z0-9_-]{43}$/);

    const again = join(eventId, ticketTypeId, { ...early, email: early.email.toUpperCase(), quantity: 2 });
    await expect(again).rejects.toBeInstanceOf(AlreadyWaitingError);
    await expect(again).rejects.toMatchObject({ status: 409 });
    expect((await queuedEmails(env.deps, early.email)).length).toBe(1);
    expect((await waitingCounts(env.deps, eventId)).get(ticketTypeId)).toBe(1);

    await expect(join(eventId, ticketTypeId, person(5))).rejects.toMatchObject({
      code: 'validation_failed',
      userMessage: { fr: expect.stringContaining('de 1 à 4') },
    });
    await expect(
      join(eventId, ticketTypeId, { ...person(1), email: 'pas-une-adresse' }),
    ).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });

  it('TIX-15 no waiting list unless the organizer turned it on', async () => {
    const made = await sellingEvent(env.deps, organizerA.orgId, [{ priceCents: 0, quantity: 1 }]);
    const ticketTypeId = made.ticketTypeIds[0] as string;
    await register(made.eventId, ticketTypeId, 1);
    await expect(join(made.eventId, ticketTypeId, person(1))).rejects.toBeInstanceOf(WaitingListClosedError);
  });
});

describe('TIX-15 offers', () => {
  it('TIX-15 a cancelled registration goes to the first waiting entry that fits, held 24 h, with the offer e-mail', async () => {
    const { eventId, ticketTypeId } = await waitingEvent({ quantity: 3 });
    const first = await register(eventId, ticketTypeId, 2);
    await register(eventId, ticketTypeId, 1);
    const wantsThree = person(3);
    const wantsTwo = person(2);
    const wantsOne = person(1);
    for (const who of [wantsThree, wantsTwo, wantsOne]) {
      await join(eventId, ticketTypeId, who);
      env.clock.advance(1000);
    }

    await cancelRegistration(env.deps, { orderId: first.orderId, accessToken: first.accessToken ?? '' });

    // Two seats came back: the first entry wants three (does not fit), the second wants two.
    expect(await counts(eventId, ticketTypeId)).toEqual({ remaining: 0, held: 2, sold: 1 });
    expect((await entryOf(ticketTypeId, wantsThree.email))?.status).toBe('waiting');
    const offered = await entryOf(ticketTypeId, wantsTwo.email);
    expect(offered).toMatchObject({ status: 'offered', offers: 1, offerHoldId: `${offered?.entryId}.1` });
    expect(Date.parse(offered?.offerExpiresAt ?? '')).toBe(env.clock.now().getTime() + offerHours * hour);
    expect((await entryOf(ticketTypeId, wantsOne.email))?.status).toBe('waiting');
    const offer = await linkToken(wantsTwo.email, 'waitlist.offer');
    expect(offer.count).toBe(1);
    expect(offer.url).toMatch(/\/fr\/liste-attente\/offre\/[A-Za-z0-9_-]{43}$/);
    const link = await readWaitingListLink(env.deps, { token: offer.token, kind: 'offer' });
    expect(link).toMatchObject({
      offerOpen: true,
      hold: { status: 'active', subject: { kind: 'waitlist' } },
    });
    expect((await waitingCounts(env.deps, eventId)).get(ticketTypeId)).toBe(2);
  });

  it('TIX-15 a lapsed offer passes to the next entry; when nobody fits, the seats return to sale', async () => {
    const { eventId, ticketTypeId } = await waitingEvent({ quantity: 2 });
    const order = await register(eventId, ticketTypeId, 2);
    const a = person(2);
    const b = person(1);
    await join(eventId, ticketTypeId, a);
    env.clock.advance(1000);
    await join(eventId, ticketTypeId, b);
    await cancelRegistration(env.deps, { orderId: order.orderId, accessToken: order.accessToken ?? '' });
    expect((await entryOf(ticketTypeId, a.email))?.status).toBe('offered');

    env.clock.advance(offerHours * hour + 60_000);
    const swept = await sweepAsTheFunction();
    expect(swept.released).toBeGreaterThanOrEqual(1);
    expect((await entryOf(ticketTypeId, a.email))?.status).toBe('lapsed');
    expect((await entryOf(ticketTypeId, b.email))?.status).toBe('offered');
    // b holds one seat; nobody else waits: the other is on sale again.
    expect(await counts(eventId, ticketTypeId)).toEqual({ remaining: 1, held: 1, sold: 0 });
    // The lapsed person may join again (their guard went with the entry).
    await expect(join(eventId, ticketTypeId, { ...a, quantity: 1 })).rejects.toBeInstanceOf(NotSoldOutError);

    env.clock.advance(offerHours * hour + 60_000);
    await sweepAsTheFunction();
    expect((await entryOf(ticketTypeId, b.email))?.status).toBe('lapsed');
    expect(await counts(eventId, ticketTypeId)).toEqual({ remaining: 2, held: 0, sold: 0 });
  });

  it('TIX-15 leaving: a waiting entry leaves the count; an offered one gives its seats to the next at once', async () => {
    const { eventId, ticketTypeId } = await waitingEvent({ quantity: 1 });
    const order = await register(eventId, ticketTypeId, 1);
    const a = person(1);
    const b = person(1);
    const c = person(1);
    for (const who of [a, b, c]) {
      await join(eventId, ticketTypeId, who);
      env.clock.advance(1000);
    }
    const cLeave = await linkToken(c.email, 'waitlist.joined');
    expect(await leaveWaitingList(env.deps, { token: cLeave.token })).toEqual({ changed: true });
    expect(await leaveWaitingList(env.deps, { token: cLeave.token })).toEqual({ changed: false });
    expect((await waitingCounts(env.deps, eventId)).get(ticketTypeId)).toBe(2);

    await cancelRegistration(env.deps, { orderId: order.orderId, accessToken: order.accessToken ?? '' });
    expect((await entryOf(ticketTypeId, a.email))?.status).toBe('offered');
    const aLeave = await linkToken(a.email, 'waitlist.joined');
    expect(await leaveWaitingList(env.deps, { token: aLeave.token })).toEqual({ changed: true });
    expect((await entryOf(ticketTypeId, a.email))?.status).toBe('left');
    expect((await entryOf(ticketTypeId, b.email))?.status).toBe('offered');
    expect(await counts(eventId, ticketTypeId)).toEqual({ remaining: 0, held: 1, sold: 0 });
    const aOffer = await linkToken(a.email, 'waitlist.offer');
    await expect(
      startCheckout(
        env.deps,
        checkoutForm(eventId, [{ ticketTypeId, quantity: 1 }], { offerToken: aOffer.token }),
      ),
    ).rejects.toBeInstanceOf(OfferGoneError);
  });
});

describe('TIX-15 taking an offer (startCheckout offerToken)', () => {
  it('TIX-15 a free offer: the order converts the offer’s hold, no new seats are taken, the link works once', async () => {
    const { eventId, ticketTypeId } = await waitingEvent({ quantity: 2 });
    const order = await register(eventId, ticketTypeId, 2);
    const a = person(2);
    await join(eventId, ticketTypeId, a);
    await cancelRegistration(env.deps, { orderId: order.orderId, accessToken: order.accessToken ?? '' });
    const { token } = await linkToken(a.email, 'waitlist.offer');

    await expect(
      startCheckout(env.deps, checkoutForm(eventId, [{ ticketTypeId, quantity: 1 }], { offerToken: token })),
    ).rejects.toBeInstanceOf(OfferMismatchError);
    const entry = await entryOf(ticketTypeId, a.email);
    const taken = await startCheckout(
      env.deps,
      checkoutForm(eventId, [{ ticketTypeId, quantity: 2 }], { offerToken: token }),
    );
    expect(taken.status).toBe('paid');
    const placed = await readOrder(env.deps, taken.orderId);
    expect(placed?.holdId).toBe(entry?.offerHoldId);
    expect(await counts(eventId, ticketTypeId)).toEqual({ remaining: 0, held: 0, sold: 2 });
    expect(await entryOf(ticketTypeId, a.email)).toMatchObject({ status: 'taken', orderId: taken.orderId });

    await expect(
      startCheckout(env.deps, checkoutForm(eventId, [{ ticketTypeId, quantity: 2 }], { offerToken: token })),
    ).rejects.toBeInstanceOf(OfferGoneError);
    await expect(
      startCheckout(
        env.deps,
        checkoutForm(eventId, [{ ticketTypeId, quantity: 2 }], { offerToken: 'x'.repeat(43) }),
      ),
    ).rejects.toMatchObject({ code: 'bad_link', status: 404 });
  });

  it('TIX-15 a paid offer: Stripe checkout for the held seats, paid by webhook; an offer near its end is kept for the checkout', async () => {
    const { eventId, ticketTypeId } = await waitingEvent({ quantity: 1, priceCents: 2000 });
    // The seat is sold, then freed by a checkout that never pays (swept).
    const abandoned = await startCheckout(env.deps, checkoutForm(eventId, [{ ticketTypeId, quantity: 1 }]));
    const a = person(1);
    await join(eventId, ticketTypeId, a);
    env.clock.advance(36 * 60_000);
    await sweepAsTheFunction();
    expect((await readOrder(env.deps, abandoned.orderId))?.status).toBe('expired');
    expect((await entryOf(ticketTypeId, a.email))?.status).toBe('offered');

    // Five minutes before the offer's end, the buyer starts paying: the seats stay held for the checkout.
    env.clock.advance(offerHours * hour - 5 * 60_000);
    const { token } = await linkToken(a.email, 'waitlist.offer');
    const started = await startCheckout(
      env.deps,
      checkoutForm(eventId, [{ ticketTypeId, quantity: 1 }], { offerToken: token }),
    );
    expect(started.status).toBe('pendingPayment');
    expect(Date.parse(started.heldUntil)).toBe(env.clock.now().getTime() + 35 * 60_000);
    env.clock.advance(10 * 60_000);
    await sweepAsTheFunction();
    // Past the offer's own end, the hold is still the checkout's.
    expect((await readOrder(env.deps, started.orderId))?.status).toBe('pendingPayment');
    expect(await counts(eventId, ticketTypeId)).toEqual({ remaining: 0, held: 1, sold: 0 });
    const webhook = await pay(env, started.redirectUrl ?? '');
    expect(await deliver(env.deps, webhook)).toMatchObject({
      outcome: 'confirmed',
      orderId: started.orderId,
    });
    expect(await counts(eventId, ticketTypeId)).toEqual({ remaining: 0, held: 0, sold: 1 });
  });
});

describe('TIX-15 exactly once, with faults injected', () => {
  it('TIX-15 a duplicate release and concurrent offer runs offer the freed seats once', async () => {
    const { eventId, ticketTypeId } = await waitingEvent({ quantity: 2 });
    const order = await register(eventId, ticketTypeId, 2);
    const waiting = [person(1), person(1), person(1)];
    for (const who of waiting) {
      await join(eventId, ticketTypeId, who);
      env.clock.advance(1000);
    }
    // The cancellation is delivered twice (a double click, a retried request)...
    await Promise.all([
      cancelRegistration(env.deps, { orderId: order.orderId, accessToken: order.accessToken ?? '' }),
      cancelRegistration(env.deps, { orderId: order.orderId, accessToken: order.accessToken ?? '' }),
    ]);
    // ...and the follow-up runs again, four at once, plus the sweep's pass.
    await Promise.all([1, 2, 3, 4].map(() => offerFreedSeats(env.deps, { eventId, ticketTypeId })));
    await sweepAsTheFunction();

    const statuses = await Promise.all(
      waiting.map(async (who) => (await entryOf(ticketTypeId, who.email))?.status),
    );
    expect(statuses).toEqual(['offered', 'offered', 'waiting']);
    expect(await counts(eventId, ticketTypeId)).toEqual({ remaining: 0, held: 2, sold: 0 });
    // Two holds of one seat each, no more: \`held\` counts every hold of the category.
    const holds = await Promise.all(
      waiting.slice(0, 2).map(async (who) => {
        const entry = await entryOf(ticketTypeId, who.email);
        return (await env.deps.db.ticketing.entities.hold.get({ holdId: entry?.offerHoldId ?? '' }).go())
          .data;
      }),
    );
    expect(holds.map((hold) => [hold?.status, hold?.subject.kind, hold?.taken[0]?.quantity])).toEqual([
      ['active', 'waitlist', 1],
      ['active', 'waitlist', 1],
    ]);
    for (const who of waiting.slice(0, 2))
      expect((await linkToken(who.email, 'waitlist.offer')).count).toBe(1);
    expect((await linkToken(waiting[2]?.email ?? '', 'waitlist.offer')).count).toBe(0);
    expect((await waitingCounts(env.deps, eventId)).get(ticketTypeId)).toBe(1);
  });

  it('TIX-15 one entry offered from the same stale snapshot by three runs gets one hold and one e-mail', async () => {
    const { eventId, ticketTypeId } = await waitingEvent({ quantity: 3 });
    const order = await register(eventId, ticketTypeId, 3);
    const a = person(1);
    await join(eventId, ticketTypeId, a);
    const snapshot = await entryOf(ticketTypeId, a.email);
    const type = (await env.deps.db.ticketing.entities.ticketType.get({ eventId, ticketTypeId }).go()).data;
    if (!snapshot || !type) throw new Error('no entry');
    // Seats come back and the cancellation's follow-up offers them to `a`...
    await cancelRegistration(env.deps, { orderId: order.orderId, accessToken: order.accessToken ?? '' });
    // ...the follow-up offered `a` already; now the same decision is delivered again, three times.
    const outcomes = await Promise.all([1, 2, 3].map(() => offerTo(env.deps, snapshot, type)));
    expect(outcomes.filter((outcome) => outcome === 'offered')).toHaveLength(0);
    expect(await entryOf(ticketTypeId, a.email)).toMatchObject({ status: 'offered', offers: 1 });
    expect((await linkToken(a.email, 'waitlist.offer')).count).toBe(1);
    // One seat held for `a`, the two others on sale (nobody else waits).
    expect(await counts(eventId, ticketTypeId)).toEqual({ remaining: 2, held: 1, sold: 0 });
  });

  it('TIX-15 a crash between the release and its offer loses nothing: the sweep’s pass offers the seats', async () => {
    const { eventId, ticketTypeId } = await waitingEvent({ quantity: 1, priceCents: 1500 });
    const pending = await startCheckout(env.deps, checkoutForm(eventId, [{ ticketTypeId, quantity: 1 }]));
    const a = person(1);
    await join(eventId, ticketTypeId, a);
    const order = await readOrder(env.deps, pending.orderId);
    // The hold is released and the process dies before any follow-up (no onReleased, no offer).
    await releaseHold(env.deps, { holdId: order?.holdId ?? '' });
    expect(await counts(eventId, ticketTypeId)).toEqual({ remaining: 1, held: 0, sold: 0 });
    expect((await entryOf(ticketTypeId, a.email))?.status).toBe('waiting');

    const pass = await offerWaitingLists(env.deps);
    expect(pass.offered).toBeGreaterThanOrEqual(1);
    expect((await entryOf(ticketTypeId, a.email))?.status).toBe('offered');
    expect(await counts(eventId, ticketTypeId)).toEqual({ remaining: 0, held: 1, sold: 0 });
    await offerWaitingLists(env.deps);
    expect((await linkToken(a.email, 'waitlist.offer')).count).toBe(1);
  });

  it('TIX-15 a crash after the offer’s commit, before its e-mail is published: the outbox keeps it, no second offer', async () => {
    const { eventId, ticketTypeId } = await waitingEvent({ quantity: 1 });
    const order = await register(eventId, ticketTypeId, 1);
    const a = person(1);
    await join(eventId, ticketTypeId, a);
    const inner = env.deps.queues;
    const crashing: QueuePublisher = {
      async publish(queue, messages, options) {
        if (queue === 'outboundEmail')
          throw Object.assign(new Error('injected crash'), { name: 'InjectedCrash' });
        return inner.publish(queue, messages, options);
      },
    };
    await cancelRegistration(
      { ...env.deps, queues: crashing },
      { orderId: order.orderId, accessToken: order.accessToken ?? '' },
    );
    const entry = await entryOf(ticketTypeId, a.email);
    expect(entry?.status).toBe('offered');
    const outbox = await env.deps.db.comms.entities.outboundMessage
      .get({ messageId: entry?.offerMessageId ?? '' })
      .go({ consistent: true });
    // Committed with the offer and still `queued`: the release schedule publishes it again.
    expect(outbox.data).toMatchObject({ templateId: 'waitlist.offer', status: 'queued', to: a.email });
    await offerWaitingLists(env.deps);
    expect(await entryOf(ticketTypeId, a.email)).toMatchObject({ status: 'offered', offers: 1 });
    expect((await linkToken(a.email, 'waitlist.offer')).count).toBe(1);
  });

  it('TIX-15 a lapse handled twice (the sweep and a retried follow-up) passes the seats on once', async () => {
    const { eventId, ticketTypeId } = await waitingEvent({ quantity: 1 });
    const order = await register(eventId, ticketTypeId, 1);
    const a = person(1);
    const b = person(1);
    await join(eventId, ticketTypeId, a);
    env.clock.advance(1000);
    await join(eventId, ticketTypeId, b);
    await cancelRegistration(env.deps, { orderId: order.orderId, accessToken: order.accessToken ?? '' });
    const offered = await entryOf(ticketTypeId, a.email);
    env.clock.advance(offerHours * hour + 60_000);
    await sweepAsTheFunction();
    const hold = (await env.deps.db.ticketing.entities.hold.get({ holdId: offered?.offerHoldId ?? '' }).go())
      .data;
    if (!hold) throw new Error('no hold');
    await Promise.all([offerLapsed(env.deps, hold), offerLapsed(env.deps, hold)]);
    expect((await entryOf(ticketTypeId, b.email))?.status).toBe('offered');
    expect((await linkToken(b.email, 'waitlist.offer')).count).toBe(1);
    expect(await counts(eventId, ticketTypeId)).toEqual({ remaining: 0, held: 1, sold: 0 });
  });
});
