import { type createWriteTransaction, type DocumentClient, Service } from 'electrodb';
import { dedupeMarkerEntity } from '../db/dedupe';
import { accessCodeEntity, deviceBindingEntity } from './access-code';
import { buyerQuantityEntity } from './buyer-quantity';
import { checkoutKeyEntity } from './checkout-key';
import { orderEntity } from './order';
import { orderLineEntity } from './order-line';
import { orderPaymentEntity } from './order-payment';
import { paymentAccountEntity } from './payment-account';
import { promoCodeEntity } from './promo-code';
import {
  reportAreaDayEntity,
  reportAreaEventEntity,
  reportDayEntity,
  reportEventEntity,
} from './report-counter';
import { ticketEntity } from './ticket';
import {
  waitingListEntryEntity,
  waitingListGuardEntity,
  waitingListHeadEntity,
  waitingListTokenEntity,
} from './waiting-list-entry';

/**
 * Orders and what commits with them (TIX-01, TIX-03, TIX-07, TIX-09, TIX-11, TIX-14): the order,
 * its lines, payments and tickets, promo codes, per-buyer counters, webhook dedupe markers, report
 * counters, payment accounts, waiting lists (TIX-15) and access codes (TIX-13), in one Service so a confirmation is one transaction; joined to
 * ticketing's holds with `createWriteTransaction` (placeHold / convertHold `extraWrites`).
 */
export function createOrdersDb(client: DocumentClient, table: string) {
  return new Service(
    {
      order: orderEntity(),
      orderLine: orderLineEntity(),
      orderPayment: orderPaymentEntity(),
      ticket: ticketEntity(),
      promoCode: promoCodeEntity(),
      buyerQuantity: buyerQuantityEntity(),
      checkoutKey: checkoutKeyEntity(),
      reportDay: reportDayEntity(),
      reportEvent: reportEventEntity(),
      reportAreaDay: reportAreaDayEntity(),
      reportAreaEvent: reportAreaEventEntity(),
      paymentAccount: paymentAccountEntity(),
      dedupeMarker: dedupeMarkerEntity(),
      waitingListEntry: waitingListEntryEntity(),
      waitingListGuard: waitingListGuardEntity(),
      waitingListToken: waitingListTokenEntity(),
      waitingListHead: waitingListHeadEntity(),
      accessCode: accessCodeEntity(),
      deviceBinding: deviceBindingEntity(),
    },
    { client, table },
  );
}

export type OrdersDb = ReturnType<typeof createOrdersDb>;
export type OrdersEntities = OrdersDb['entities'];

/** The orders' entities as `createWriteTransaction` hands them to its callback. */
export type JoinedOrders = Parameters<
  // biome-ignore lint/suspicious/noExplicitAny: the committed items are whatever the entities make.
  Parameters<typeof createWriteTransaction<OrdersEntities, unknown, any>>[1]
>[0];
