/**
 * TIX-15: the waiting list of a sold-out category (decision 0020). A visitor joins with a name, an
 * address and the seats wanted; when seats of that category come back (a hold released by the
 * sweep, an order cancelled or refunded, a free registration cancelled), the first waiting entry
 * whose quantity fits gets an offer: a hold of its seats (subject `waitlist`) for `offerHours`, and an
 * e-mail with a link to a page that pays for exactly that hold (startCheckout's `offerToken`).
 * When the offer lapses, the sweep releases the hold and the seats go to the next entry.
 *
 * Exactly once, by construction rather than by bookkeeping:
 * - an offer is one transaction: the counters' `remaining >= n` conditions take the seats, the
 *   entry moves `waiting → offered` under the condition of its `offers` count, the list's count,
 *   the link and the e-mail's outbox item commit with it. Seats are never offered twice because an
 *   offer holds them (no other hold can take them); an entry is never offered twice because its
 *   offer's hold id is `<entryId>.<offers + 1>` (a repeated or concurrent try finds that hold) and
 *   its status condition refuses the second writer;
 * - offering looks at the state (counters, list), not at what released the seats: a release
 *   repeated changes nothing to offer; a crash between a release and its offer leaves seats on
 *   sale and people waiting, which the sweep's pass over the lists (`offerWaitingLists`, every
 *   minute) finds and offers. Nothing is lost, at worst offered a minute late.
 */
import { randomBytes } from 'node:crypto';
import { createWriteTransaction } from 'electrodb';
import * as z from 'zod/mini';
import { commitWithEmails, outboxMessages, publishOutbox } from '../comms/queue-email';
import type { Deps } from '../deps';
import {
  ConflictError,
  DomainError,
  type LocalizedMessage,
  NotFoundError,
  ValidationError,
} from '../kernel/errors';
import { errorFields } from '../kernel/logger';
import { parseInput } from '../kernel/validate';
import { en, fr } from '../templates/i18n/catalogues/waiting-list';
import {
  eventNotFound,
  HoldCommitRefusedError,
  NotOnSaleError,
  PerPersonLimitError,
  SoldOutError,
} from '../ticketing/errors';
import type { Hold } from '../ticketing/hold';
import { sweepShardOf } from '../ticketing/hold';
import {
  type ExtraWrites,
  holdAttempts,
  maxTicketsPerOrder,
  placeHold,
  type WriteFunction,
} from '../ticketing/place-hold';
import { releaseHold } from '../ticketing/settle-hold';
import type { TicketType } from '../ticketing/ticket-type';
import { isOnSale, readShards } from '../ticketing/ticket-types';
import { readTicketingSettings } from '../ticketing/ticketing-settings';
import { isTransient } from '../ticketing/transient';
import { id } from './actor';
import type { OrdersEntities } from './db';
import type { Order } from './order';
import { orderEventFacts } from './order-emails';
import { epochSeconds, normalizeEmail, sha256 } from './order-support';
import type { WaitingListEntry } from './waiting-list-entry';

/** How long an offer's seats are held for the person (the seed says nothing; decision 0020). */
export const offerHours = 24;
/** Entries read per page while looking for the first that fits. */
const entryPage = 25;
/** Entries looked at per category and run: a list longer than this is served from its head. */
const maxEntriesScanned = 500;
/** Offers one call makes at most (a large cancellation frees many seats at once). */
const maxOffersPerRun = 40;
/** An ended entry and its guard are kept this long for support, then TTL deletes them. */
const endedKeepDays = 30;

type WaitDeps = Pick<Deps, 'db' | 'clock' | 'ids' | 'log' | 'queues' | 'config'>;
type WaitingListKey = keyof typeof fr;

function message(key: WaitingListKey, params: Record<string, string | number> = {}): LocalizedMessage {
  const fill = (text: string) =>
    text.replace(/\{(\w+)\}/g, (placeholder, name: string) =>
      name in params ? String(params[name]) : placeholder,
    );
  return { fr: fill(fr[key]), en: fill(en[key]) };
}

/** TIX-15: the event's ticketing has no waiting list (or sells nothing). */
export class WaitingListClosedError extends ConflictError {
  constructor() {
    super('waiting_list_closed', message('waitingList.notOffered'));
  }
}

/** TIX-15: seats are still on sale for what the person asks: they buy them instead. */
export class NotSoldOutError extends ConflictError {
  constructor(
    readonly remaining: number,
    name: string,
  ) {
    super('not_sold_out', message('waitingList.notSoldOut', { name, remaining }));
  }
}

export class CategoryWithdrawnError extends ConflictError {
  constructor(name: string) {
    super('category_withdrawn', message('waitingList.withdrawn', { name }));
  }
}

/** TIX-15: one entry per address and category. */
export class AlreadyWaitingError extends ConflictError {
  constructor(email: string, name: string) {
    super('already_waiting', message('waitingList.already', { email, name }));
  }
}

/** A link of a waiting-list e-mail that opens nothing (mistyped, cut, or made up). */
export class WaitingListLinkError extends DomainError {
  constructor() {
    super('bad_link', message('waitingList.badLink'), { status: 404 });
  }
}

/** TIX-15: the offer lapsed, was given up, or was used already. */
export class OfferGoneError extends ConflictError {
  constructor() {
    super('offer_gone', message('waitingList.offerGone'));
  }
}

/** TIX-15: a checkout with an offer asks for something else than the offer's seats. */
export class OfferMismatchError extends DomainError {
  constructor(quantity: number, name: string) {
    super('offer_mismatch', message('waitingList.offerMismatch', { quantity, name }), { status: 400 });
  }
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function invalid(issues: { path: string; key: WaitingListKey; params?: Record<string, number> }[]) {
  const texts = issues.map((issue) => message(issue.key, issue.params));
  const details = (locale: 'fr' | 'en') => [...new Set(texts.map((text) => text[locale]))].join(' ');
  return new ValidationError(
    issues.map((issue) => ({ path: issue.path, message: issue.key })),
    {
      fr: message('waitingList.invalid', { details: details('fr') }).fr,
      en: message('waitingList.invalid', { details: details('en') }).en,
    },
  );
}

function newToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: tokenHash(token) };
}
const tokenHash = (token: string) => sha256(`waitlist:${token}`);
const emailHashOf = (address: string) => sha256(`waitlist:${normalizeEmail(address)}`);
const firstName = (name: string) => name.trim().split(/\s+/)[0]?.slice(0, 100);
const site = (deps: Pick<Deps, 'config'>) => deps.config.siteUrl.replace(/\/$/, '');

/** The page of an offer's link. */
export const offerUrl = (deps: Pick<Deps, 'config'>, locale: 'fr' | 'en', token: string) =>
  `${site(deps)}/${locale}/liste-attente/offre/${token}`;
/** The page of a confirmation's link to leave the list. */
export const leaveUrl = (deps: Pick<Deps, 'config'>, locale: 'fr' | 'en', token: string) =>
  `${site(deps)}/${locale}/liste-attente/quitter/${token}`;

/** An offer's hold names its entry by the entry's sort key, so the sweep finds the entry by key. */
const holdSubjectId = (entry: Pick<WaitingListEntry, 'joinedAt' | 'entryId'>) =>
  `${entry.joinedAt}#${entry.entryId}`;
function entryOfHold(hold: Hold): {
  ticketTypeId: string;
  eventId: string;
  joinedAt: string;
  entryId: string;
} {
  const [joinedAt = '', entryId = ''] = hold.subject.id.split('#');
  const take = hold.taken[0];
  return { ticketTypeId: take?.ticketTypeId ?? '', eventId: take?.eventId ?? '', joinedAt, entryId };
}

/** What the e-mails say of the event (the order e-mails' reading, by key). */
function eventFacts(deps: Pick<Deps, 'db'>, place: { orgId: string; eventId: string; at: string }) {
  return orderEventFacts(deps, {
    orgId: place.orgId,
    eventId: place.eventId,
    placedAt: place.at,
    timeZone: 'America/Toronto',
  } as Order);
}

const joinInput = z.object({
  eventId: id(),
  ticketTypeId: id(),
  name: z.string().check(z.maxLength(400)),
  email: z.string().check(z.maxLength(400)),
  /** Shape only: the range is a rule with its own message. */
  quantity: z.unknown(),
  locale: z.enum(['fr', 'en']),
});
export type JoinWaitingListInput = z.input<typeof joinInput>;

export interface JoinedWaitingList {
  entryId: string;
  joinedAt: string;
  email: string;
  quantity: number;
  categoryFr: string;
  categoryEn: string;
}

/**
 * TIX-15: a visitor joins the waiting list of a sold-out category: one entry per address and
 * category (a second join is refused with its own message), a confirmation e-mail with the link to
 * leave, in the same transaction as the entry.
 */
export async function joinWaitingList(
  deps: WaitDeps,
  input: JoinWaitingListInput,
): Promise<JoinedWaitingList> {
  const parsed = parseInput(joinInput, input);
  const name = parsed.name.trim();
  const email = normalizeEmail(parsed.email);
  const issues: { path: string; key: WaitingListKey; params?: Record<string, number> }[] = [];
  if (name.length === 0 || name.length > 200) issues.push({ path: 'name', key: 'waitingList.rule.name' });
  if (!emailPattern.test(email) || email.length > 254)
    issues.push({ path: 'email', key: 'waitingList.rule.email' });
  const quantity = parsed.quantity;
  const wholeQuantity =
    typeof quantity === 'number' &&
    Number.isSafeInteger(quantity) &&
    quantity >= 1 &&
    quantity <= maxTicketsPerOrder;
  if (!wholeQuantity)
    issues.push({ path: 'quantity', key: 'waitingList.rule.quantity', params: { max: maxTicketsPerOrder } });
  if (issues.length > 0) throw invalid(issues);
  const wanted = quantity as number;

  const event = (await deps.db.calendar.entities.event.get({ eventId: parsed.eventId }).go()).data;
  if (event?.status !== 'published') throw eventNotFound();
  const settings = await readTicketingSettings(deps, parsed.eventId);
  if (!settings.enabled || !settings.waitingList) throw new WaitingListClosedError();
  const type = (
    await deps.db.ticketing.entities.ticketType
      .get({ eventId: parsed.eventId, ticketTypeId: parsed.ticketTypeId })
      .go({ consistent: true })
  ).data;
  if (!type) throw new NotFoundError(message('waitingList.category'));
  const now = deps.clock.now();
  if (!isOnSale(type, now)) throw new CategoryWithdrawnError(type.nameFr);
  if (wanted > type.perPersonMax) {
    throw invalid([
      { path: 'quantity', key: 'waitingList.rule.quantity', params: { max: type.perPersonMax } },
    ]);
  }
  const remaining = (await readShards(deps, parsed.eventId, parsed.ticketTypeId)).reduce(
    (sum, shard) => sum + Math.max(0, shard.remaining),
    0,
  );
  if (remaining >= wanted) throw new NotSoldOutError(remaining, type.nameFr);

  const { orders } = deps.db;
  const emailHash = emailHashOf(email);
  const guardKey = { ticketTypeId: parsed.ticketTypeId, emailHash };
  if ((await orders.entities.waitingListGuard.get(guardKey).go({ consistent: true })).data) {
    throw new AlreadyWaitingError(email, type.nameFr);
  }
  const entryId = deps.ids();
  const joinedAt = now.toISOString();
  const leave = newToken();
  const facts = await eventFacts(deps, { orgId: event.orgId, eventId: parsed.eventId, at: joinedAt });
  const first = firstName(name);
  try {
    await commitWithEmails(deps, {
      entities: orders.entities,
      writes: (joined) => [
        joined.waitingListEntry
          .create({
            ticketTypeId: parsed.ticketTypeId,
            joinedAt,
            entryId,
            eventId: parsed.eventId,
            orgId: event.orgId,
            name,
            email,
            recipientKey: `email:${email}`,
            quantity: wanted,
            locale: parsed.locale,
            status: 'waiting',
            offers: 0,
          })
          .commit(),
        joined.waitingListGuard.create({ ...guardKey, entryId, joinedAt }).commit(),
        joined.waitingListToken
          .create({
            tokenHash: leave.hash,
            kind: 'leave',
            eventId: parsed.eventId,
            ticketTypeId: parsed.ticketTypeId,
            joinedAt,
            entryId,
            expiresAt: epochSeconds(
              new Date(Math.max(now.getTime(), Date.parse(event.startsAt))),
              endedKeepDays,
            ),
          })
          .commit(),
        joined.waitingListHead
          .update({ eventId: parsed.eventId, ticketTypeId: parsed.ticketTypeId })
          .add({ waiting: 1 })
          .commit(),
      ],
      emails: [
        {
          templateId: 'waitlist.joined',
          locale: parsed.locale,
          to: email,
          data: {
            organizationName: facts.organizationName,
            eventTitle: facts.eventTitle,
            dates: facts.dates,
            timeZone: facts.timeZone,
            ...(facts.venue ? { venue: facts.venue } : {}),
            ...(first ? { firstName: first } : {}),
            category: (parsed.locale === 'fr' ? type.nameFr : type.nameEn || type.nameFr).slice(0, 120),
            quantity: wanted,
            offerHours,
            leaveUrl: leaveUrl(deps, parsed.locale, leave.token),
          },
        },
      ],
    });
  } catch (error) {
    // The guard's not-exists condition: the same address joined at the same moment.
    if (
      error instanceof ConflictError &&
      (await orders.entities.waitingListGuard.get(guardKey).go({ consistent: true })).data
    )
      throw new AlreadyWaitingError(email, type.nameFr);
    throw error;
  }
  return { entryId, joinedAt, email, quantity: wanted, categoryFr: type.nameFr, categoryEn: type.nameEn };
}

export type OfferOutcome = 'offered' | 'raced' | 'skip' | 'stop';

/** The first waiting entry whose quantity fits in `remaining`, in the order people joined. */
async function firstFitting(
  deps: Pick<Deps, 'db'>,
  ticketTypeId: string,
  remaining: number,
  skip: Set<string>,
): Promise<WaitingListEntry | undefined> {
  let cursor: string | null = null;
  let scanned = 0;
  do {
    const page: { data: WaitingListEntry[]; cursor: string | null } =
      await deps.db.orders.entities.waitingListEntry.query
        .byCategory({ ticketTypeId })
        .go({ consistent: true, limit: entryPage, cursor });
    cursor = page.cursor;
    scanned += page.data.length;
    const found = page.data.find(
      (entry) => entry.status === 'waiting' && entry.quantity <= remaining && !skip.has(entry.entryId),
    );
    if (found) return found;
  } while (cursor && scanned < maxEntriesScanned);
  return undefined;
}

/**
 * One offer: the seats held for `entry`, the entry offered, the link and the e-mail, in one
 * transaction. Given the same snapshot of an entry twice (a retried or duplicated run), the second
 * finds the first's hold (same id) and a status that is no longer `waiting`: one offer.
 */
export async function offerTo(
  deps: WaitDeps,
  entry: WaitingListEntry,
  type: TicketType,
): Promise<OfferOutcome> {
  const offerNo = entry.offers + 1;
  const holdId = `${entry.entryId}.${offerNo}`;
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + offerHours * 3_600_000).toISOString();
  const link = newToken();
  const facts = await eventFacts(deps, { orgId: entry.orgId, eventId: entry.eventId, at: entry.joinedAt });
  const first = firstName(entry.name);
  const [mail] = outboxMessages(deps, [
    {
      templateId: 'waitlist.offer',
      locale: entry.locale,
      to: entry.email,
      data: {
        organizationName: facts.organizationName,
        eventTitle: facts.eventTitle,
        dates: facts.dates,
        timeZone: facts.timeZone,
        ...(facts.venue ? { venue: facts.venue } : {}),
        ...(first ? { firstName: first } : {}),
        category: (entry.locale === 'fr' ? type.nameFr : type.nameEn || type.nameFr).slice(0, 120),
        quantity: entry.quantity,
        offerExpiresAt: expiresAt,
        offerUrl: offerUrl(deps, entry.locale, link.token),
      },
    },
  ]);
  if (!mail) throw new Error('no offer e-mail was built');
  const key = { ticketTypeId: entry.ticketTypeId, joinedAt: entry.joinedAt, entryId: entry.entryId };
  const entities = { ...deps.db.orders.entities, outboundMessage: deps.db.comms.entities.outboundMessage };
  try {
    await placeHold(deps, {
      holdId,
      subject: { kind: 'waitlist', id: holdSubjectId(entry) },
      lines: [{ eventId: entry.eventId, ticketTypeId: entry.ticketTypeId, quantity: entry.quantity }],
      heldUntil: expiresAt,
      ticketTypes: [type],
      extraWrites: {
        entities,
        writes: (joined) => [
          joined.waitingListEntry
            .patch(key)
            .set({
              status: 'offered',
              offers: offerNo,
              offerHoldId: holdId,
              offerExpiresAt: expiresAt,
              offerTokenHash: link.hash,
              offerMessageId: mail.messageId,
              offeredAt: now.toISOString(),
            })
            .where((attr, { eq }) => `${eq(attr.status, 'waiting')} AND ${eq(attr.offers, entry.offers)}`)
            .commit(),
          joined.waitingListHead
            .update({ eventId: entry.eventId, ticketTypeId: entry.ticketTypeId })
            .subtract({ waiting: 1 })
            .where((attr, { gte }) => gte(attr.waiting, 1))
            .commit(),
          joined.waitingListToken
            .create({
              tokenHash: link.hash,
              kind: 'offer',
              eventId: entry.eventId,
              ticketTypeId: entry.ticketTypeId,
              joinedAt: entry.joinedAt,
              entryId: entry.entryId,
              holdId,
              expiresAt: epochSeconds(new Date(expiresAt), endedKeepDays),
            })
            .commit(),
          joined.outboundMessage.create(mail).commit(),
        ],
      },
    });
  } catch (error) {
    // The entry stopped waiting meanwhile (left, or offered by a concurrent run): read again.
    if (error instanceof HoldCommitRefusedError) return 'raced';
    // Someone bought the seats, or the category closed: nothing to offer now.
    if (error instanceof SoldOutError || error instanceof NotOnSaleError) return 'stop';
    // The organizer lowered the per-person maximum below this entry's quantity: the next one.
    if (error instanceof PerPersonLimitError) return 'skip';
    throw error;
  }
  // A concurrent run with the same hold id may have committed instead (placeHold then answers with
  // its hold): only the run whose e-mail was written publishes it.
  const after = (await deps.db.orders.entities.waitingListEntry.get(key).go({ consistent: true })).data;
  if (after?.offerMessageId !== mail.messageId) return 'raced';
  await publishOutbox(deps, [mail]);
  deps.log.info('waiting list offer made', {
    ticketTypeId: entry.ticketTypeId,
    entryId: entry.entryId,
    holdId,
  });
  return 'offered';
}

/**
 * TIX-15: offers the category's free seats to the first waiting entries that fit, one offer at a
 * time, until no seat or no fitting entry is left. Safe to call any number of times, at once or
 * after a crash: it reads the counters and the list, never trusts who called it.
 */
export async function offerFreedSeats(
  deps: WaitDeps,
  input: { eventId: string; ticketTypeId: string },
): Promise<{ offered: number }> {
  const { eventId, ticketTypeId } = input;
  const { waitingListHead } = deps.db.orders.entities;
  let offered = 0;
  const skip = new Set<string>();
  let settingsChecked = false;
  for (let round = 0; round < maxOffersPerRun; round += 1) {
    const head = (await waitingListHead.get({ eventId, ticketTypeId }).go({ consistent: true })).data;
    if (!head || head.waiting <= 0) break;
    if (!settingsChecked) {
      const settings = await readTicketingSettings(deps, eventId);
      // The organizer closed the list: the seats stay on sale, the entries keep their place.
      if (!settings.enabled || !settings.waitingList) break;
      settingsChecked = true;
    }
    const type = (await deps.db.ticketing.entities.ticketType.get({ eventId, ticketTypeId }).go()).data;
    if (!type || !isOnSale(type, deps.clock.now())) break;
    const remaining = (await readShards(deps, eventId, ticketTypeId)).reduce(
      (sum, shard) => sum + Math.max(0, shard.remaining),
      0,
    );
    if (remaining <= 0) break;
    const entry = await firstFitting(deps, ticketTypeId, remaining, skip);
    if (!entry) break;
    const outcome = await offerTo(deps, entry, type);
    if (outcome === 'offered') offered += 1;
    else if (outcome === 'skip') skip.add(entry.entryId);
    else if (outcome === 'stop') break;
  }
  return { offered };
}

/** Seats of these categories came back (an order cancelled, a hold released): offer them now. */
export async function offerCategories(
  deps: WaitDeps,
  categories: { eventId: string; ticketTypeId: string }[],
): Promise<void> {
  const unique = new Map(
    categories.map((category) => [`${category.eventId}#${category.ticketTypeId}`, category]),
  );
  for (const category of unique.values()) {
    try {
      await offerFreedSeats(deps, category);
    } catch (error) {
      // The seats are on sale meanwhile; the sweep's pass over the lists offers them.
      deps.log.error('waiting list offer failed', { ...category, ...errorFields(error) });
    }
  }
}

/**
 * TIX-15: the sweep released an offer's hold (its time ran out). The entry lapses (its guard goes,
 * so the person may join again), a checkout it started is closed by `closeOrder`, and the seats go
 * to the next entry. Repeating it changes nothing twice.
 */
export async function offerLapsed(
  deps: WaitDeps,
  hold: Hold,
  options: { closeOrder?: (orderId: string) => Promise<unknown> } = {},
): Promise<void> {
  if (hold.subject.kind !== 'waitlist') return;
  const place = entryOfHold(hold);
  const key = { ticketTypeId: place.ticketTypeId, joinedAt: place.joinedAt, entryId: place.entryId };
  const { orders } = deps.db;
  const entry = (await orders.entities.waitingListEntry.get(key).go({ consistent: true })).data;
  if (entry?.offerHoldId === hold.holdId) {
    if (entry.status === 'taken' && entry.orderId && options.closeOrder)
      await options.closeOrder(entry.orderId);
    if (entry.status === 'offered') await endEntry(deps, entry, 'lapsed', 'offered');
  }
  await offerFreedSeats(deps, { eventId: place.eventId, ticketTypeId: place.ticketTypeId });
}

/** An entry leaves the list (lapsed or left) with its guard, under the condition of its status. */
async function endEntry(
  deps: Pick<Deps, 'db' | 'clock'>,
  entry: WaitingListEntry,
  to: 'lapsed' | 'left',
  from: 'waiting' | 'offered',
): Promise<boolean> {
  const now = deps.clock.now();
  const key = { ticketTypeId: entry.ticketTypeId, joinedAt: entry.joinedAt, entryId: entry.entryId };
  const result = await createWriteTransaction(deps.db.orders.entities, (joined) => [
    joined.waitingListEntry
      .patch(key)
      .set({ status: to, endedAt: now.toISOString(), expiresAt: epochSeconds(now, endedKeepDays) })
      .where((attr, { eq }) =>
        from === 'offered'
          ? `${eq(attr.status, 'offered')} AND ${eq(attr.offerHoldId, entry.offerHoldId ?? '')}`
          : eq(attr.status, 'waiting'),
      )
      .commit(),
    joined.waitingListGuard
      .delete({ ticketTypeId: entry.ticketTypeId, emailHash: emailHashOf(entry.email) })
      .commit(),
    ...(from === 'waiting'
      ? [
          joined.waitingListHead
            .update({ eventId: entry.eventId, ticketTypeId: entry.ticketTypeId })
            .subtract({ waiting: 1 })
            .where((attr, { gte }) => gte(attr.waiting, 1))
            .commit(),
        ]
      : []),
  ]).go();
  return !result.canceled;
}

/**
 * TIX-15: the sweep's pass over every list with people waiting (one Query of `WAITHEADS`): seats
 * on sale while someone waits for them are offered. This is what makes a crash between a release
 * and its offer harmless.
 */
export async function offerWaitingLists(deps: WaitDeps): Promise<{ offered: number; lists: number }> {
  const { data } = await deps.db.orders.entities.waitingListHead.query.all({}).go({ pages: 'all' });
  let offered = 0;
  const waiting = data.filter((head) => head.waiting > 0);
  for (const head of waiting) {
    try {
      offered += (await offerFreedSeats(deps, { eventId: head.eventId, ticketTypeId: head.ticketTypeId }))
        .offered;
    } catch (error) {
      deps.log.error('waiting list offer failed', {
        eventId: head.eventId,
        ticketTypeId: head.ticketTypeId,
        ...errorFields(error),
      });
    }
  }
  return { offered, lists: waiting.length };
}

/** TIX-15: the organizer's counts, per category of the event (categories nobody waits for are absent). */
export async function waitingCounts(deps: Pick<Deps, 'db'>, eventId: string): Promise<Map<string, number>> {
  const { data } = await deps.db.orders.entities.waitingListHead.query.all({ eventId }).go({ pages: 'all' });
  return new Map(data.filter((head) => head.waiting > 0).map((head) => [head.ticketTypeId, head.waiting]));
}

export interface WaitingListLink {
  kind: 'leave' | 'offer';
  entry: WaitingListEntry;
  /** The offer's hold as it is now (kind `offer`, or an entry offered). */
  hold?: Hold;
  /** This link's offer is the entry's current one and its seats are still held. */
  offerOpen: boolean;
}

const tokenInput = z.object({ token: z.string().check(z.minLength(20), z.maxLength(100)) });

/** What a link of a waiting-list e-mail opens: its entry and, for an offer, the hold. */
export async function readWaitingListLink(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { token: string; kind: 'leave' | 'offer' },
): Promise<WaitingListLink> {
  const parsed = z.safeParse(tokenInput, { token: input.token });
  if (!parsed.success) throw new WaitingListLinkError();
  const { orders } = deps.db;
  const link = (
    await orders.entities.waitingListToken
      .get({ tokenHash: tokenHash(parsed.data.token) })
      .go({ consistent: true })
  ).data;
  if (link?.kind !== input.kind) throw new WaitingListLinkError();
  const entry = (
    await orders.entities.waitingListEntry
      .get({ ticketTypeId: link.ticketTypeId, joinedAt: link.joinedAt, entryId: link.entryId })
      .go({ consistent: true })
  ).data;
  if (!entry) throw new WaitingListLinkError();
  const holdId = link.kind === 'offer' ? link.holdId : entry.offerHoldId;
  const hold = holdId
    ? ((await deps.db.ticketing.entities.hold.get({ holdId }).go({ consistent: true })).data ?? undefined)
    : undefined;
  const now = deps.clock.now().toISOString();
  const offerOpen =
    entry.status === 'offered' &&
    hold?.status === 'active' &&
    hold.heldUntil > now &&
    entry.offerHoldId === hold.holdId &&
    (link.kind === 'leave' || link.holdId === hold.holdId);
  return { kind: link.kind, entry, ...(hold ? { hold } : {}), offerOpen };
}

/**
 * TIX-15: the person leaves the list with the link of their confirmation. While an offer holds
 * seats for them, leaving gives the seats up at once (released with the entry, in one transaction)
 * and they go to the next entry. Leaving twice changes nothing.
 */
export async function leaveWaitingList(
  deps: WaitDeps,
  input: { token: string },
): Promise<{ changed: boolean }> {
  const { entry } = await readWaitingListLink(deps, { token: input.token, kind: 'leave' });
  if (entry.status === 'waiting') return { changed: await endEntry(deps, entry, 'left', 'waiting') };
  if (entry.status !== 'offered' || !entry.offerHoldId) return { changed: false };
  const now = deps.clock.now();
  const key = { ticketTypeId: entry.ticketTypeId, joinedAt: entry.joinedAt, entryId: entry.entryId };
  let changed = false;
  try {
    const released = await releaseHold(deps, {
      holdId: entry.offerHoldId,
      extraWrites: {
        entities: deps.db.orders.entities,
        writes: (joined) => [
          joined.waitingListEntry
            .patch(key)
            .set({ status: 'left', endedAt: now.toISOString(), expiresAt: epochSeconds(now, endedKeepDays) })
            .where(
              (attr, { eq }) =>
                `${eq(attr.status, 'offered')} AND ${eq(attr.offerHoldId, entry.offerHoldId ?? '')}`,
            )
            .commit(),
          joined.waitingListGuard
            .delete({ ticketTypeId: entry.ticketTypeId, emailHash: emailHashOf(entry.email) })
            .commit(),
        ],
      },
    });
    changed = released.changed;
    // Released by the sweep first: the entry is left alone (offerLapsed marks it).
    if (!released.changed && released.status === 'released')
      changed = await endEntry(deps, entry, 'left', 'offered');
  } catch (error) {
    // A checkout took the offer meanwhile: the entry is no longer the person's to leave.
    if (!(error instanceof HoldCommitRefusedError)) throw error;
    return { changed: false };
  }
  await offerCategories(deps, [{ eventId: entry.eventId, ticketTypeId: entry.ticketTypeId }]);
  return { changed };
}

/** An offer a checkout is about to pay for, checked. */
export interface CheckoutOffer {
  entry: WaitingListEntry;
  hold: Hold;
}

/**
 * TIX-15, for startCheckout: the offer of `offerToken`, still open, for exactly the lines asked
 * (its category and quantity, nothing else).
 */
export async function offerForCheckout(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { offerToken: string; eventId: string; lines: [string, number][] },
): Promise<CheckoutOffer> {
  const link = await readWaitingListLink(deps, { token: input.offerToken, kind: 'offer' });
  if (!link.offerOpen || !link.hold) throw new OfferGoneError();
  const { entry } = link;
  const [only] = input.lines;
  if (
    entry.eventId !== input.eventId ||
    input.lines.length !== 1 ||
    only?.[0] !== entry.ticketTypeId ||
    only[1] !== entry.quantity
  ) {
    const type = (
      await deps.db.ticketing.entities.ticketType
        .get({ eventId: entry.eventId, ticketTypeId: entry.ticketTypeId })
        .go()
    ).data;
    throw new OfferMismatchError(entry.quantity, type?.nameFr ?? '');
  }
  return { entry, hold: link.hold };
}

/**
 * TIX-15, for startCheckout: the order's items commit with the offer taken, in one transaction:
 * the entry `offered → taken` (naming the order), its guard gone, and the offer's hold kept for the
 * order until `heldUntil` (never shorter than the offer). The caller's items come first, so their
 * refusals are reported by their own index (HoldCommitRefusedError), exactly as placeHold does.
 */
export async function commitOfferCheckout(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: {
    offer: CheckoutOffer;
    orderId: string;
    heldUntil: string;
    extraWrites: ExtraWrites<OrdersEntities>;
  },
): Promise<void> {
  const { offer, orderId, heldUntil, extraWrites } = input;
  const { entry, hold } = offer;
  const own = deps.db.orders.entities;
  const { hold: holdEntity } = deps.db.ticketing.entities;
  const now = deps.clock.now();
  for (let attempt = 1; attempt <= holdAttempts; attempt += 1) {
    let extraCount = 0;
    let result: { canceled: boolean; data: unknown };
    try {
      result = await createWriteTransaction({ ...own, hold: holdEntity }, (joined) => {
        const extra = extraWrites.writes(joined as unknown as Parameters<WriteFunction<OrdersEntities>>[0]);
        extraCount = extra.length;
        return [
          ...extra,
          joined.waitingListEntry
            .patch({ ticketTypeId: entry.ticketTypeId, joinedAt: entry.joinedAt, entryId: entry.entryId })
            .set({
              status: 'taken',
              orderId,
              takenAt: now.toISOString(),
              expiresAt: epochSeconds(now, endedKeepDays + offerHours),
            })
            .where((attr, { eq }) => `${eq(attr.status, 'offered')} AND ${eq(attr.offerHoldId, hold.holdId)}`)
            .commit(),
          joined.waitingListGuard
            .delete({ ticketTypeId: entry.ticketTypeId, emailHash: emailHashOf(entry.email) })
            .commit(),
          joined.hold
            .patch({ holdId: hold.holdId })
            // The sparse index's composites named again (status too: ElectroDB keeps the entry only
            // when its condition sees `active`).
            .set({ status: 'active', sweepShard: sweepShardOf(hold.holdId), heldUntil })
            .where(
              (attr, { eq, gt }) =>
                `${eq(attr.status, 'active')} AND ${gt(attr.heldUntil, now.toISOString())}`,
            )
            .commit(),
        ];
      }).go();
    } catch (error) {
      if (!isTransient(error)) throw error;
      continue;
    }
    if (!result.canceled) return;
    const reasons = result.data as { code: string }[];
    const refused = reasons
      .slice(0, extraCount)
      .map((reason, index) => ({ index, code: reason.code }))
      .filter((reason) => reason.code === 'ConditionalCheckFailed');
    if (refused.length > 0) throw new HoldCommitRefusedError(refused);
    if (reasons.slice(extraCount).some((reason) => reason.code === 'ConditionalCheckFailed'))
      throw new OfferGoneError();
  }
  throw new ConflictError('waiting_list_busy', message('waitingList.busy'));
}
