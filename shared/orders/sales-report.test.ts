import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../kernel/errors';
import { addDays } from '../kernel/zoned-time';
import { cancelOrder, refundOrder } from './cancel-order';
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
import { localDateOf } from './report-counter';
import { type SalesFigures, salesByDay, salesByEvent } from './sales-report';
import { startCheckout } from './start-checkout';

/**
 * ORG-02, REP-01 against the twin: the dashboard's figures come from the counters the order
 * transactions move (a confirmation adds, a refund takes revenue back, a cancellation takes the
 * tickets back), summed over the 8 shards; another organization's sales never show.
 */
let env: OrdersBed;

beforeAll(async () => {
  env = await ordersBed('sales-report');
  await activeStripeAccount(env, organizerA.orgId);
  await activeStripeAccount(env, organizerB.orgId);
});
afterAll(async () => {
  await env?.stop();
});

async function paidOrder(orgId: string, eventId: string, ticketTypeId: string, quantity: number) {
  const started = await startCheckout(env.deps, checkoutForm(eventId, [{ ticketTypeId, quantity }]));
  const result = await deliver(env.deps, await pay(env, started.redirectUrl ?? ''));
  expect(result.outcome, `order of ${orgId}`).toBe('confirmed');
  return started.orderId;
}

const today = () => localDateOf(env.clock.now(), 'America/Toronto');
const cad = (report: { totals: SalesFigures[] }) =>
  report.totals.find((figures) => figures.currency === 'CAD');

describe('sales report', () => {
  it('ORG-02 REP-01 a confirmed order adds to the day and the event; a partial refund takes revenue back; a cancellation takes tickets and the order back', async () => {
    const { eventId, ticketTypeIds } = await sellingEvent(env.deps, organizerA.orgId, [{ priceCents: 2500 }]);
    const [category] = ticketTypeIds as [string];
    const day = today();
    const range = { actor: organizerA, from: addDays(day, -29), to: day };
    const before = await salesByDay(env.deps, range);
    expect(before.days).toHaveLength(30);
    expect(before.days.at(-1)?.localDate).toBe(day);

    const orderId = await paidOrder(organizerA.orgId, eventId, category, 3);
    const after = await salesByDay(env.deps, range);
    expect(cad(after)).toEqual({
      currency: 'CAD',
      tickets: (cad(before)?.tickets ?? 0) + 3,
      passes: cad(before)?.passes ?? 0,
      orders: (cad(before)?.orders ?? 0) + 1,
      revenueCents: (cad(before)?.revenueCents ?? 0) + 7500,
    });
    expect(after.days.at(-1)?.figures.find((f) => f.currency === 'CAD')?.revenueCents).toBe(
      (before.days.at(-1)?.figures.find((f) => f.currency === 'CAD')?.revenueCents ?? 0) + 7500,
    );
    expect(await salesByEvent(env.deps, { actor: organizerA, eventIds: [eventId] })).toEqual({
      events: [
        { eventId, figures: [{ currency: 'CAD', tickets: 3, passes: 0, orders: 1, revenueCents: 7500 }] },
      ],
      totals: [{ currency: 'CAD', tickets: 3, passes: 0, orders: 1, revenueCents: 7500 }],
    });

    await refundOrder(env.deps, {
      actor: organizerA,
      orderId,
      refundKey: `refund-${orderId}-part`,
      amountCents: 1000,
    });
    expect(await salesByEvent(env.deps, { actor: organizerA, eventIds: [eventId] })).toMatchObject({
      totals: [{ currency: 'CAD', tickets: 3, passes: 0, orders: 1, revenueCents: 6500 }],
    });

    await cancelOrder(env.deps, { actor: organizerA, orderId, refundKey: `cancel-${orderId}-all` });
    expect(await salesByEvent(env.deps, { actor: organizerA, eventIds: [eventId] })).toMatchObject({
      totals: [{ currency: 'CAD', tickets: 0, passes: 0, orders: 0, revenueCents: 0 }],
    });
    expect(cad(await salesByDay(env.deps, range))).toEqual(
      cad(before) ?? { currency: 'CAD', tickets: 0, passes: 0, orders: 0, revenueCents: 0 },
    );
  });

  it('ORG-02 ROLE-06 another organization’s sales never appear; staff may read them', async () => {
    const a = await sellingEvent(env.deps, organizerA.orgId, [{ priceCents: 1000 }]);
    const b = await sellingEvent(env.deps, organizerB.orgId, [{ priceCents: 4000 }]);
    const day = today();
    const range = { from: day, to: day };
    const aBefore = await salesByDay(env.deps, { actor: organizerA, ...range });
    const bBefore = await salesByDay(env.deps, { actor: organizerB, ...range });
    await paidOrder(organizerB.orgId, b.eventId, b.ticketTypeIds[0] ?? '', 2);
    await paidOrder(organizerA.orgId, a.eventId, a.ticketTypeIds[0] ?? '', 1);

    const aAfter = await salesByDay(env.deps, { actor: organizerA, ...range });
    expect((cad(aAfter)?.revenueCents ?? 0) - (cad(aBefore)?.revenueCents ?? 0)).toBe(1000);
    const bAfter = await salesByDay(env.deps, { actor: organizerB, ...range });
    expect((cad(bAfter)?.revenueCents ?? 0) - (cad(bBefore)?.revenueCents ?? 0)).toBe(8000);
    // A's member naming B's organization or B's event reads nothing of B.
    expect(
      await salesByDay(env.deps, { actor: organizerA, orgId: organizerB.orgId, ...range }),
    ).toMatchObject({ totals: [] });
    expect(await salesByEvent(env.deps, { actor: organizerA, eventIds: [b.eventId] })).toEqual({
      events: [{ eventId: b.eventId, figures: [] }],
      totals: [],
    });
    expect(
      await salesByEvent(env.deps, { actor: organizerA, orgId: organizerB.orgId, eventIds: [b.eventId] }),
    ).toEqual({ events: [{ eventId: b.eventId, figures: [] }], totals: [] });
    // Staff read B's on B's behalf.
    expect(
      await salesByEvent(env.deps, { actor: staff, orgId: organizerB.orgId, eventIds: [b.eventId] }),
    ).toMatchObject({ totals: [{ currency: 'CAD', tickets: 2, passes: 0, orders: 1, revenueCents: 8000 }] });
  });

  it('ORG-02 TIX-08 a pass order counts one pass per pass bought and no tickets, on the day and on the pass; a refund takes revenue back, a cancellation gives the passes back', async () => {
    const { passId, tierId, eventIds } = await passOver(env.deps, 3, { tier: { priceCents: 4000 } });
    const day = today();
    const range = { actor: organizerA, from: day, to: day };
    const before = cad(await salesByDay(env.deps, range)) ?? {
      currency: 'CAD',
      tickets: 0,
      passes: 0,
      orders: 0,
      revenueCents: 0,
    };

    // Two passes over three events: six tickets issued, counted as two passes.
    const orderId = await paidOrder(organizerA.orgId, passId, tierId, 2);
    expect(cad(await salesByDay(env.deps, range))).toEqual({
      currency: 'CAD',
      tickets: before.tickets,
      passes: before.passes + 2,
      orders: before.orders + 1,
      revenueCents: before.revenueCents + 8000,
    });
    expect(await salesByEvent(env.deps, { actor: organizerA, eventIds: [passId] })).toEqual({
      events: [
        {
          eventId: passId,
          figures: [{ currency: 'CAD', tickets: 0, passes: 2, orders: 1, revenueCents: 8000 }],
        },
      ],
      totals: [{ currency: 'CAD', tickets: 0, passes: 2, orders: 1, revenueCents: 8000 }],
    });
    // The included events' own counters do not count the pass's admissions.
    expect(await salesByEvent(env.deps, { actor: organizerA, eventIds })).toMatchObject({ totals: [] });

    await refundOrder(env.deps, {
      actor: organizerA,
      orderId,
      refundKey: `refund-${orderId}-part`,
      amountCents: 1500,
    });
    expect(await salesByEvent(env.deps, { actor: organizerA, eventIds: [passId] })).toMatchObject({
      totals: [{ currency: 'CAD', tickets: 0, passes: 2, orders: 1, revenueCents: 6500 }],
    });

    await cancelOrder(env.deps, { actor: organizerA, orderId, refundKey: `cancel-${orderId}-all` });
    expect(await salesByEvent(env.deps, { actor: organizerA, eventIds: [passId] })).toMatchObject({
      totals: [{ currency: 'CAD', tickets: 0, passes: 0, orders: 0, revenueCents: 0 }],
    });
    expect(cad(await salesByDay(env.deps, range))).toEqual(before);
    // Another organization reads nothing of the pass.
    expect(await salesByEvent(env.deps, { actor: organizerB, eventIds: [passId] })).toEqual({
      events: [{ eventId: passId, figures: [] }],
      totals: [],
    });
  });

  it('REP-01 a range holds its first and last days and nothing beside them; currencies are never added together; shards are summed', async () => {
    const orgId = 'ORG-RANGE';
    const actor = { userId: 'U-RANGE', orgId, staff: false };
    const { reportDay } = env.deps.db.orders.entities;
    const add = (localDate: string, currency: string, shard: string, revenueCents: number) =>
      reportDay
        .update({ orgId, localDate, currency, shard })
        .add({ tickets: 1, orders: 1, revenueCents })
        .go();
    await add('2026-02-28', 'CAD', '0', 1);
    await add('2026-03-01', 'CAD', '0', 100);
    await add('2026-03-01', 'CAD', '7', 200);
    await add('2026-03-01', 'EUR', '3', 50);
    await add('2026-03-31', 'CAD', '5', 1000);
    await add('2026-04-01', 'CAD', '0', 10_000);
    const report = await salesByDay(env.deps, { actor, from: '2026-03-01', to: '2026-03-31' });
    expect(report.days).toHaveLength(31);
    expect(report.days[0]).toEqual({
      localDate: '2026-03-01',
      figures: [
        { currency: 'CAD', tickets: 2, passes: 0, orders: 2, revenueCents: 300 },
        { currency: 'EUR', tickets: 1, passes: 0, orders: 1, revenueCents: 50 },
      ],
    });
    expect(report.days[1]).toEqual({ localDate: '2026-03-02', figures: [] });
    expect(report.days[30]?.figures).toEqual([
      { currency: 'CAD', tickets: 1, passes: 0, orders: 1, revenueCents: 1000 },
    ]);
    expect(report.totals).toEqual([
      { currency: 'CAD', tickets: 3, passes: 0, orders: 3, revenueCents: 1300 },
      { currency: 'EUR', tickets: 1, passes: 0, orders: 1, revenueCents: 50 },
    ]);
    const oneDay = await salesByDay(env.deps, { actor, from: '2026-04-01', to: '2026-04-01' });
    expect(oneDay.totals).toEqual([
      { currency: 'CAD', tickets: 1, passes: 0, orders: 1, revenueCents: 10_000 },
    ]);
  });

  it('REP-01 a range that ends before it starts, is longer than a year or is not a date is refused in words', async () => {
    const refused = async (from: string, to: string) => {
      const error = await salesByDay(env.deps, { actor: organizerA, from, to }).catch((cause) => cause);
      expect(error).toBeInstanceOf(ValidationError);
      return (error as ValidationError).userMessage;
    };
    expect((await refused('2026-03-02', '2026-03-01')).fr).toBe(
      'La période choisie n’est pas valide : la fin doit suivre le début.',
    );
    expect((await refused('2025-01-01', '2026-01-02')).en).toBe('The chosen period is longer than 366 days.');
    await refused('2026-02-30', '2026-03-01');
    await refused('hier', '2026-03-01');
    await expect(
      salesByDay(env.deps, { actor: organizerA, from: '2025-01-01', to: '2026-01-01' }),
    ).resolves.toMatchObject({ days: { length: 366 } });
  });
});
