import { Entity, type EntityItem } from 'electrodb';

/**
 * An order ("facture", ticketing; TIX-04, TIX-09, TIX-11, TIX-14): `ORDER#<orderId>` · `ORDER`, the
 * head of a partition that also holds its lines, payments and tickets, so the confirmation, the
 * detail page and a refund each read one partition. Listed under its organization on g3
 * (`ORG#<orgId>` · `ORDER#<placedAt>#<orderId>`) and, once the provider's checkout exists, found by
 * the provider's reference on g2 (`PAYREF#<provider>#<providerRef>` · `ORDER#<provider>`, sparse).
 *
 * States only move forward, each move conditioned on the current state (decision 0017):
 * `pendingPayment → paid | expired | cancelled`, `paid → refunded | cancelled`,
 * `pendingPayment | expired → paidUnfulfilled` (paid after its seats were gone: refunded at once).
 * A free order is `paid` from the start with a zero total.
 *
 * The buyer snapshot is personal data (CRM-07): kept here and nowhere else in the order.
 */
export const orderStatuses = [
  'pendingPayment',
  'paid',
  'expired',
  'cancelled',
  'refunded',
  'paidUnfulfilled',
  /** The provider's checkout could not be opened: the hold was released, nothing was charged. */
  'failed',
] as const;
export type OrderStatus = (typeof orderStatuses)[number];

export const paymentProviders = ['stripe', 'paypal'] as const;

export const orderEntity = () =>
  new Entity(
    {
      model: { entity: 'order', version: '1', service: 'parvis' },
      attributes: {
        orderId: { type: 'string', required: true, readOnly: true },
        orgId: { type: 'string', required: true, readOnly: true },
        eventId: { type: 'string', required: true, readOnly: true },
        status: { type: orderStatuses, required: true },
        /** The buyer, as typed at checkout (no account needed, ROLE-01). */
        buyer: {
          type: 'map',
          required: true,
          properties: {
            name: { type: 'string', required: true },
            email: { type: 'string', required: true },
            phone: { type: 'string' },
            postalCode: { type: 'string' },
          },
        },
        locale: { type: ['fr', 'en'] as const, required: true, readOnly: true },
        /** TIX-04: « Je souhaite récupérer mes billets sur place ». */
        pickUpAtVenue: { type: 'boolean', required: true, default: false },
        /** Absent for a free order. */
        provider: { type: paymentProviders },
        /** The provider's checkout (Stripe `cs_…`, PayPal order id), once opened. */
        providerRef: { type: 'string' },
        /**
         * `provider` again, written only with `providerRef`: the composites of the sparse g2 entry
         * must be written together (ElectroDB), and `provider` is known before the checkout exists.
         */
        refProvider: { type: paymentProviders },
        /** The provider's hosted page for this checkout (a double click is sent back to it). */
        checkoutUrl: { type: 'string' },
        /**
         * TIX-08: a pass's order (`eventId` is then the pass's id): the events it admits to, as the
         * pass listed them at checkout. Each pass bought issues one ticket per event.
         */
        passEventIds: { type: 'list', items: { type: 'string' }, readOnly: true },
        /** The event's zone, copied: report days are counted in it (data model §3.17). */
        timeZone: { type: 'string', required: true, readOnly: true },
        /** The provider's number of the payment (Stripe `pi_…`, PayPal capture id), once paid. */
        transactionId: { type: 'string' },
        holdId: { type: 'string', required: true, readOnly: true },
        /** Seats held until then; the provider's checkout expires at the same time. */
        heldUntil: { type: 'string', required: true },
        /** The hold that finally sold the seats (a late payment takes a second one). */
        soldHoldId: { type: 'string' },
        currency: { type: 'string', required: true, readOnly: true },
        subtotalCents: { type: 'number', required: true, readOnly: true },
        discountCents: { type: 'number', required: true, readOnly: true },
        gstCents: { type: 'number', required: true, readOnly: true },
        qstCents: { type: 'number', required: true, readOnly: true },
        totalCents: { type: 'number', required: true, readOnly: true },
        refundedCents: { type: 'number', required: true, default: 0 },
        ticketCount: { type: 'number', required: true, readOnly: true },
        promoCode: { type: 'string', readOnly: true },
        /** SHA-256 of the per-buyer counter key (normalized e-mail), to give the count back. */
        buyerKey: { type: 'string', required: true, readOnly: true },
        /** SHA-256 of the idempotency key of the checkout form. */
        checkoutKeyHash: { type: 'string', required: true, readOnly: true },
        /**
         * SHA-256 of the buyer's access tokens (order page, one-step cancellation, TIX-11): a token
         * is shown once, never stored. A few may be valid at once (checkout page, e-mail).
         */
        accessTokenHashes: { type: 'list', items: { type: 'string' }, required: true },
        placedAt: { type: 'string', required: true, readOnly: true },
        paidAt: { type: 'string' },
        closedAt: { type: 'string' },
        /** Why a `failed`, `paidUnfulfilled` or `cancelled` order ended so (a code, no personal data). */
        closedReason: { type: 'string' },
        /** When `order.confirmed` went out (the outbox flag: a redelivery publishes it if absent). */
        confirmationPublishedAt: { type: 'string' },
        /** Who publishes it holds this lease, so concurrent deliveries publish once; a crash frees it when it ends. */
        confirmationClaimUntil: { type: 'string' },
        version: { type: 'number', required: true },
        /** Garbage collection of abandoned orders (data model §1.4): 30 days after the release. */
        expiresAt: { type: 'number' },
      },
      indexes: {
        byId: {
          pk: { field: 'pk', composite: ['orderId'], template: 'ORDER#${orderId}', casing: 'none' },
          sk: { field: 'sk', composite: [], template: 'ORDER', casing: 'none' },
        },
        /** TIX-14: an organization's orders by the time they were placed. */
        byOrg: {
          index: 'gsi3',
          pk: { field: 'gsi3pk', composite: ['orgId'], template: 'ORG#${orgId}', casing: 'none' },
          sk: {
            field: 'gsi3sk',
            composite: ['placedAt', 'orderId'],
            template: 'ORDER#${placedAt}#${orderId}',
            casing: 'none',
          },
        },
        /** TIX-09, TIX-14: the order of a provider's checkout (webhooks without our id, staff search). */
        byPaymentRef: {
          index: 'gsi2',
          condition: (attributes) => Boolean(attributes.providerRef),
          pk: {
            field: 'gsi2pk',
            composite: ['refProvider', 'providerRef'],
            template: 'PAYREF#${refProvider}#${providerRef}',
            casing: 'none',
          },
          // Not the constant `ORDER`: ElectroDB 3.9 writes a composite-less template sort key as the
          // string "undefined" on a patch (where this entry is born), so the lookup never matched.
          sk: {
            field: 'gsi2sk',
            composite: ['refProvider'],
            template: 'ORDER#${refProvider}',
            casing: 'none',
          },
        },
      },
    },
    {},
  );

export type Order = EntityItem<ReturnType<typeof orderEntity>>;
