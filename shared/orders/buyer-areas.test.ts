import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../kernel/errors';
import { addDays } from '../kernel/zoned-time';
import { type BuyerAreas, buyerAreas, buyerAreasByEvent, provinceOfArea } from './buyer-areas';
import { cancelOrder, refundOrder } from './cancel-order';
import { confirmOrder } from './confirm-order';
import {
  activeStripeAccount,
  checkoutForm,
  deliver,
  type OrdersBed,
  ordersBed,
  organizerA,
  organizerB,
  passOver,
  pay,
  sellingEvent,
  staff,
} from './orders.test-support';
import { buyerAreaOf, localDateOf, reportShardOf } from './report-counter';
import { salesByEvent } from './sales-report';
import { startCheckout } from './start-checkout';

/**
 * ORG-02 against the twin: where buyers come from, counted per area (a Canadian postal code's
 * first three characters, or `?`) in the transactions that confirm and cancel orders, beside the
 * sales counters: a confirmation adds, a cancellation gives back, a partial refund changes nothing,
 * a refused confirmation writes none; shards and days are summed; another organization reads
 * nothing; no postal code is kept, only its area.
 */
let env: OrdersBed;

beforeAll(async () => {
  env = await ordersBed('buyer-areas');
  await activeStripeAccount(env, organizerA.orgId);
  await activeStripeAccount(env, organizerB.orgId);
});
afterAll(async () => {
  await env?.stop();
});

/** An order paid on the fake Stripe page by a buyer who typed `postalCode` (or none). */
async function paidOrder(eventId: string, ticketTypeId: string, quantity: number, postalCode?: string) {
  const form = checkoutForm(eventId, [{ ticketTypeId, quantity }]);
  const buyer = { name: form.buyer.name, email: form.buyer.email, ...(postalCode ? { postalCode } : {}) };
  const started = await startCheckout(env.deps, { ...form, buyer });
  const result = await deliver(env.deps, await pay(env, started.redirectUrl ?? ''));
  expect(result.outcome, `order from ${postalCode ?? 'nowhere'}`).toBe('confirmed');
  return started.orderId;
}

const today = () => localDateOf(env.clock.now(), 'America/Toronto');
/** `{ G5L: [orders, tickets, passes] }`: the areas of a report at a glance. */
const byArea = (report: BuyerAreas) =>
  Object.fromEntries(report.areas.map((item) => [item.area, [item.orders, item.tickets, item.passes]]));
/** What a day report gained between two reads, per area. */
function gained(before: BuyerAreas, after: BuyerAreas) {
  const was = byArea(before);
  const delta: Record<string, number[]> = {};
  for (const [area, figures] of Object.entries(byArea(after))) {
    const changed = figures.map((value, index) => value - (was[area]?.[index] ?? 0));
    if (changed.some((value) => value !== 0)) delta[area] = changed;
  }
  return delta;
}

describe('buyer areas', () => {
  it('ORG-02 a confirmed order counts its buyer’s area on the day and the event; a partial refund changes nothing; a cancellation gives it back', async () => {
    const { eventId, ticketTypeIds } = await sellingEvent(env.deps, organizerA.orgId, [{ priceCents: 2500 }]);
    const [category] = ticketTypeIds as [string];
    const range = { actor: organizerA, from: addDays(today(), -6), to: today() };
    const before = await buyerAreas(env.deps, range);

    const rimouski = await paidOrder(eventId, category, 2, 'g5l 1a1');
    await paidOrder(eventId, category, 1, 'G5L3B2');
    await paidOrder(eventId, category, 3, 'H2X-1Y4');
    const event = await buyerAreasByEvent(env.deps, { actor: organizerA, eventIds: [eventId] });
    expect(event).toEqual({
      areas: [
        { area: 'G5L', province: 'QC', orders: 2, tickets: 3, passes: 0 },
        { area: 'H2X', province: 'QC', orders: 1, tickets: 3, passes: 0 },
      ],
      totals: { orders: 3, tickets: 6, passes: 0 },
    });
    expect(gained(before, await buyerAreas(env.deps, range))).toEqual({ G5L: [2, 3, 0], H2X: [1, 3, 0] });

    // A partial refund takes revenue back, not a buyer.
    await refundOrder(env.deps, {
      actor: organizerA,
      orderId: rimouski,
      refundKey: `refund-${rimouski}-part`,
      amountCents: 1000,
    });
    expect(await buyerAreasByEvent(env.deps, { actor: organizerA, eventIds: [eventId] })).toEqual(event);

    // The cancellation gives the buyer and the tickets back, on the day and on the event.
    await cancelOrder(env.deps, { actor: organizerA, orderId: rimouski, refundKey: `cancel-${rimouski}` });
    expect(byArea(await buyerAreasByEvent(env.deps, { actor: organizerA, eventIds: [eventId] }))).toEqual({
      G5L: [1, 1, 0],
      H2X: [1, 3, 0],
    });
    expect(gained(before, await buyerAreas(env.deps, range))).toEqual({ G5L: [1, 1, 0], H2X: [1, 3, 0] });
    // The sales counters moved in the same transactions: the same orders and tickets.
    expect(await salesByEvent(env.deps, { actor: organizerA, eventIds: [eventId] })).toMatchObject({
      totals: [{ currency: 'CAD', tickets: 4, orders: 2 }],
    });
  });

  it('ORG-02 TIX-14 a refund of the whole amount gives the buyer’s area back; its first, partial refund did not', async () => {
    const { eventId, ticketTypeIds } = await sellingEvent(env.deps, organizerA.orgId, [{ priceCents: 2500 }]);
    const orderId = await paidOrder(eventId, ticketTypeIds[0] ?? '', 2, 'M5V 2T6');
    const areas = () => buyerAreasByEvent(env.deps, { actor: organizerA, eventIds: [eventId] });
    await refundOrder(env.deps, {
      actor: organizerA,
      orderId,
      refundKey: `part-${orderId}`,
      amountCents: 1000,
    });
    expect(byArea(await areas())).toEqual({ M5V: [1, 2, 0] });
    await refundOrder(env.deps, {
      actor: organizerA,
      orderId,
      refundKey: `rest-${orderId}`,
      amountCents: 4000,
    });
    expect(await areas()).toEqual({ areas: [], totals: { orders: 0, tickets: 0, passes: 0 } });
  });

  it('ORG-02 a buyer without a postal code, or with a code that is not Canadian, counts as « ? »; no postal code is kept in the counters', async () => {
    const { eventId, ticketTypeIds } = await sellingEvent(env.deps, organizerA.orgId, [{ priceCents: 1000 }]);
    const [category] = ticketTypeIds as [string];
    await paidOrder(eventId, category, 1);
    await paidOrder(eventId, category, 1, '90210');
    await paidOrder(eventId, category, 2, 'SW1A 1AA');
    await paidOrder(eventId, category, 1, 'D1A 1A1');
    await paidOrder(eventId, category, 1, 'K1A 0B1');
    const report = await buyerAreasByEvent(env.deps, { actor: organizerA, eventIds: [eventId] });
    expect(report.areas).toEqual([
      { area: '?', orders: 4, tickets: 5, passes: 0 },
      { area: 'K1A', province: 'ON', orders: 1, tickets: 1, passes: 0 },
    ]);
    // The counters hold areas only: none of the codes typed, whole or in part beyond the area.
    const { data } = await env.deps.db.orders.entities.reportAreaEvent.query
      .byOrg({ orgId: organizerA.orgId, eventId })
      .go({ pages: 'all' });
    expect(data.length).toBeGreaterThan(0);
    const stored = JSON.stringify(data);
    for (const typed of ['90210', 'SW1A', '1AA', 'D1A', '0B1', 'Marie']) expect(stored).not.toContain(typed);
  });

  it('ORG-02 TIX-08 a pass order counts its passes, not its tickets, under the pass and its buyer’s area', async () => {
    const { passId, tierId, eventIds } = await passOver(env.deps, 3, { tier: { priceCents: 4000 } });
    await paidOrder(passId, tierId, 2, 'J8Y 3G5');
    expect(await buyerAreasByEvent(env.deps, { actor: organizerA, eventIds: [passId] })).toEqual({
      areas: [{ area: 'J8Y', province: 'QC', orders: 1, tickets: 0, passes: 2 }],
      totals: { orders: 1, tickets: 0, passes: 2 },
    });
    // The included events' own area counters do not count the pass.
    expect((await buyerAreasByEvent(env.deps, { actor: organizerA, eventIds })).areas).toEqual([]);
  });

  it('ORG-02 ROLE-06 another organization reads none of the areas; staff may', async () => {
    const b = await sellingEvent(env.deps, organizerB.orgId, [{ priceCents: 4000 }]);
    const day = today();
    await paidOrder(b.eventId, b.ticketTypeIds[0] ?? '', 2, 'V6B 1A1');
    const empty = { areas: [], totals: { orders: 0, tickets: 0, passes: 0 } };
    // A's member naming B's event or B's organization reads nothing of B.
    expect(await buyerAreasByEvent(env.deps, { actor: organizerA, eventIds: [b.eventId] })).toEqual(empty);
    expect(
      await buyerAreasByEvent(env.deps, {
        actor: organizerA,
        orgId: organizerB.orgId,
        eventIds: [b.eventId],
      }),
    ).toEqual(empty);
    expect(
      await buyerAreas(env.deps, { actor: organizerA, orgId: organizerB.orgId, from: day, to: day }),
    ).toEqual(empty);
    expect(byArea(await buyerAreas(env.deps, { actor: organizerA, from: day, to: day }))).not.toHaveProperty(
      'V6B',
    );
    // B reads its own; staff read B's on B's behalf.
    expect(byArea(await buyerAreas(env.deps, { actor: organizerB, from: day, to: day })).V6B).toEqual([
      1, 2, 0,
    ]);
    expect(
      await buyerAreasByEvent(env.deps, { actor: staff, orgId: organizerB.orgId, eventIds: [b.eventId] }),
    ).toEqual({
      areas: [{ area: 'V6B', province: 'BC', orders: 1, tickets: 2, passes: 0 }],
      totals: { orders: 1, tickets: 2, passes: 0 },
    });
  });

  it('ORG-02 a confirmation refused in its transaction (a ticket collision injected) writes no area counter; the next one counts once', async () => {
    const { eventId, ticketTypeIds } = await sellingEvent(env.deps, organizerA.orgId, [{ priceCents: 1500 }]);
    const started = await startCheckout(
      env.deps,
      checkoutForm(eventId, [{ ticketTypeId: ticketTypeIds[0] ?? '', quantity: 1 }]),
    );
    // The first ticket id the confirmation draws is already a ticket of this order: its create fails.
    const doomed = ulid();
    await env.deps.db.orders.entities.ticket
      .create({
        orderId: started.orderId,
        ticketId: doomed,
        eventId,
        occurrenceId: eventId,
        ticketTypeId: ticketTypeIds[0] ?? '',
        status: 'cancelled',
        issuedAt: env.clock.now().toISOString(),
      })
      .go();
    const queue = [doomed];
    const refused = await confirmOrder(
      { ...env.deps, ids: () => queue.shift() ?? ulid() },
      { orderId: started.orderId, payment: { provider: 'stripe', amountCents: 1500, currency: 'CAD' } },
    );
    expect(refused).toBe('stale');
    const order = await env.deps.db.orders.entities.order.get({ orderId: started.orderId }).go();
    expect(order.data?.status).toBe('pendingPayment');
    expect((await buyerAreasByEvent(env.deps, { actor: organizerA, eventIds: [eventId] })).areas).toEqual([]);
    expect(await salesByEvent(env.deps, { actor: organizerA, eventIds: [eventId] })).toMatchObject({
      totals: [],
    });

    const confirmed = await confirmOrder(env.deps, {
      orderId: started.orderId,
      payment: { provider: 'stripe', amountCents: 1500, currency: 'CAD' },
    });
    expect(confirmed).toBe('confirmed');
    expect(await buyerAreasByEvent(env.deps, { actor: organizerA, eventIds: [eventId] })).toEqual({
      areas: [{ area: 'G5L', province: 'QC', orders: 1, tickets: 1, passes: 0 }],
      totals: { orders: 1, tickets: 1, passes: 0 },
    });
    // The order's area counters are on its own shard, like its sales counters.
    const { data } = await env.deps.db.orders.entities.reportAreaEvent.query
      .byOrg({ orgId: organizerA.orgId, eventId })
      .go({ pages: 'all' });
    expect(data.map((item) => item.shard)).toEqual([reportShardOf(started.orderId)]);
  });

  it('ORG-02 a range holds its first and last days and nothing beside them; shards and days are summed; most buyers first', async () => {
    const orgId = `ORG-AREAS-${ulid()}`;
    const actor = { userId: 'U-AREAS', orgId, staff: false };
    const { reportAreaDay } = env.deps.db.orders.entities;
    const add = (localDate: string, area: string, shard: string, orders: number, tickets: number) =>
      reportAreaDay.update({ orgId, localDate, area, shard }).add({ orders, tickets, passes: 0 }).go();
    await add('2026-02-28', 'G5L', '0', 5, 5);
    await add('2026-03-01', 'G5L', '0', 1, 2);
    await add('2026-03-01', 'G5L', '7', 1, 1);
    await add('2026-03-01', '?', '3', 1, 4);
    await add('2026-03-15', 'M5V', '2', 2, 2);
    await add('2026-03-31', 'H2X', '5', 3, 6);
    // A cancellation inside the range of an order confirmed before it: the area nets to nothing.
    await add('2026-03-20', 'T2P', '1', 1, 1);
    await add('2026-03-21', 'T2P', '1', -1, -1);
    await add('2026-04-01', 'G5L', '0', 10, 10);
    const report = await buyerAreas(env.deps, { actor, from: '2026-03-01', to: '2026-03-31' });
    expect(report).toEqual({
      areas: [
        { area: 'H2X', province: 'QC', orders: 3, tickets: 6, passes: 0 },
        { area: 'G5L', province: 'QC', orders: 2, tickets: 3, passes: 0 },
        { area: 'M5V', province: 'ON', orders: 2, tickets: 2, passes: 0 },
        { area: '?', orders: 1, tickets: 4, passes: 0 },
      ],
      totals: { orders: 8, tickets: 15, passes: 0 },
    });
    expect(byArea(await buyerAreas(env.deps, { actor, from: '2026-04-01', to: '2026-04-01' }))).toEqual({
      G5L: [10, 10, 0],
    });
    // Refused in words as the sales report.
    const error = await buyerAreas(env.deps, { actor, from: '2026-03-02', to: '2026-03-01' }).catch(
      (cause) => cause,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).userMessage.fr).toBe(
      'La période choisie n’est pas valide : la fin doit suivre le début.',
    );
  });

  it('ORG-02 an area is a valid Canadian postal code’s first three characters, its province by the first letter', () => {
    expect(buyerAreaOf('g5l 1a1')).toBe('G5L');
    expect(buyerAreaOf(' H2X-1Y4 ')).toBe('H2X');
    expect(buyerAreaOf('X0A0H0')).toBe('X0A');
    for (const foreign of [undefined, '', '90210', 'SW1A 1AA', 'D1A 1A1', 'G5L 1A', 'G5L 1A1 9', 'GDL1A1'])
      expect(buyerAreaOf(foreign), String(foreign)).toBe('?');
    expect(provinceOfArea('G5L')).toBe('QC');
    expect(provinceOfArea('K1A')).toBe('ON');
    expect(provinceOfArea('V6B')).toBe('BC');
    expect(provinceOfArea('X0A')).toBe('NT-NU');
    expect(provinceOfArea('?')).toBeUndefined();
  });
});
