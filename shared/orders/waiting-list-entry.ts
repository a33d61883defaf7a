import { Entity, type EntityItem } from 'electrodb';

/**
 * TIX-15: one person waiting for seats of a sold-out category, `WAITLIST#TT#<ticketTypeId>` ·
 * `<joinedAt>#<entryId>`: the key order is the queue order, so the first fitting entry is found by
 * reading the partition ascending. `status` moves forward only, each step conditioned on the one
 * before: `waiting` → `offered` (a hold of `quantity` seats is theirs until `offerExpiresAt`) →
 * `taken` (a checkout started with the offer; `orderId`) or `lapsed` (the offer ran out); `waiting`
 * or `offered` → `left` (the person's link). `offers` counts the offers made, so an offer's hold id
 * (`<entryId>.<offers>`) is the same however often the offer is tried: one offer, one hold.
 * Personal data (name, address) lives here only; g4 lists the entry under the person's address
 * (`CLIENT#email:<address>`, as outbound messages do) so erasure finds it (CRM-07).
 */
export const waitingListStatuses = ['waiting', 'offered', 'taken', 'lapsed', 'left'] as const;
export type WaitingListStatus = (typeof waitingListStatuses)[number];

export const waitingListEntryEntity = () =>
  new Entity(
    {
      model: { entity: 'waitingListEntry', version: '1', service: 'parvis' },
      attributes: {
        ticketTypeId: { type: 'string', required: true, readOnly: true },
        joinedAt: { type: 'string', required: true, readOnly: true },
        entryId: { type: 'string', required: true, readOnly: true },
        eventId: { type: 'string', required: true, readOnly: true },
        orgId: { type: 'string', required: true, readOnly: true },
        name: { type: 'string', required: true, readOnly: true },
        email: { type: 'string', required: true, readOnly: true },
        /** `email:<address>`: the person index's key (g4), as the outbox writes it. */
        recipientKey: { type: 'string', required: true, readOnly: true },
        quantity: { type: 'number', required: true, readOnly: true },
        locale: { type: ['fr', 'en'] as const, required: true, readOnly: true },
        status: { type: waitingListStatuses, required: true },
        offers: { type: 'number', required: true },
        /** The current offer: its hold, its deadline, its link's hash, its e-mail. */
        offerHoldId: { type: 'string' },
        offerExpiresAt: { type: 'string' },
        offerTokenHash: { type: 'string' },
        offerMessageId: { type: 'string' },
        offeredAt: { type: 'string' },
        /** The order a checkout with the offer placed. */
        orderId: { type: 'string' },
        takenAt: { type: 'string' },
        endedAt: { type: 'string' },
        /** Set when the entry ends (left, lapsed, taken): garbage collection only. */
        expiresAt: { type: 'number' },
      },
      indexes: {
        byCategory: {
          pk: {
            field: 'pk',
            composite: ['ticketTypeId'],
            template: 'WAITLIST#TT#${ticketTypeId}',
            casing: 'none',
          },
          sk: {
            field: 'sk',
            composite: ['joinedAt', 'entryId'],
            template: '${joinedAt}#${entryId}',
            casing: 'none',
          },
        },
        byPerson: {
          index: 'gsi4',
          pk: {
            field: 'gsi4pk',
            composite: ['recipientKey'],
            template: 'CLIENT#${recipientKey}',
            casing: 'none',
          },
          sk: { field: 'gsi4sk', composite: ['joinedAt'], template: 'WAIT#${joinedAt}', casing: 'none' },
        },
      },
    },
    {},
  );

export type WaitingListEntry = EntityItem<ReturnType<typeof waitingListEntryEntity>>;

/**
 * One entry per address and category: `WAITKEY#<ticketTypeId>#<sha256(address)>` · `WAITKEY`,
 * written with a not-exists condition in the join's transaction, deleted when the entry stops
 * waiting (so the person may join again later).
 */
export const waitingListGuardEntity = () =>
  new Entity(
    {
      model: { entity: 'waitingListGuard', version: '1', service: 'parvis' },
      attributes: {
        ticketTypeId: { type: 'string', required: true, readOnly: true },
        emailHash: { type: 'string', required: true, readOnly: true },
        entryId: { type: 'string', required: true, readOnly: true },
        joinedAt: { type: 'string', required: true, readOnly: true },
      },
      indexes: {
        byAddress: {
          pk: {
            field: 'pk',
            composite: ['ticketTypeId', 'emailHash'],
            template: 'WAITKEY#${ticketTypeId}#${emailHash}',
            casing: 'none',
          },
          sk: { field: 'sk', composite: [], template: 'WAITKEY', casing: 'none' },
        },
      },
    },
    {},
  );

/**
 * The links of the e-mails: `WAITTOKEN#<sha256(token)>` · `WAITTOKEN` names the entry it opens
 * (`leave`: the join's confirmation; `offer`: one offer). Only the hash is stored.
 */
export const waitingListTokenEntity = () =>
  new Entity(
    {
      model: { entity: 'waitingListToken', version: '1', service: 'parvis' },
      attributes: {
        tokenHash: { type: 'string', required: true, readOnly: true },
        kind: { type: ['leave', 'offer'] as const, required: true, readOnly: true },
        eventId: { type: 'string', required: true, readOnly: true },
        ticketTypeId: { type: 'string', required: true, readOnly: true },
        joinedAt: { type: 'string', required: true, readOnly: true },
        entryId: { type: 'string', required: true, readOnly: true },
        /** The offer's hold (kind `offer`). */
        holdId: { type: 'string', readOnly: true },
        expiresAt: { type: 'number', required: true, readOnly: true },
      },
      indexes: {
        byToken: {
          pk: { field: 'pk', composite: ['tokenHash'], template: 'WAITTOKEN#${tokenHash}', casing: 'none' },
          sk: { field: 'sk', composite: [], template: 'WAITTOKEN', casing: 'none' },
        },
      },
    },
    {},
  );

export type WaitingListToken = EntityItem<ReturnType<typeof waitingListTokenEntity>>;

/**
 * How many wait per category: `WAITHEADS` · `<eventId>#<ticketTypeId>`, `waiting` moved in the
 * same transaction as each entry that starts or stops waiting. The sweep reads this one partition
 * (the categories that ever had a waiting list) to offer seats a crash left unoffered; the
 * organizer's tab reads its event's heads with `begins_with`.
 */
export const waitingListHeadEntity = () =>
  new Entity(
    {
      model: { entity: 'waitingListHead', version: '1', service: 'parvis' },
      attributes: {
        eventId: { type: 'string', required: true, readOnly: true },
        ticketTypeId: { type: 'string', required: true, readOnly: true },
        waiting: { type: 'number', required: true },
      },
      indexes: {
        all: {
          pk: { field: 'pk', composite: [], template: 'WAITHEADS', casing: 'none' },
          sk: {
            field: 'sk',
            composite: ['eventId', 'ticketTypeId'],
            template: '${eventId}#${ticketTypeId}',
            casing: 'none',
          },
        },
      },
    },
    {},
  );

export type WaitingListHead = EntityItem<ReturnType<typeof waitingListHeadEntity>>;
