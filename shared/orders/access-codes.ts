/**
 * TIX-13: access codes of online events (« codes d'accès »). Each ticket of an online event gets a
 * code in the transaction that confirms its order (confirm-order.ts); the code replaces the QR code
 * on the ticket and in the confirmation e-mail (send-order-documents.ts). Entering it on the event's
 * access page opens the broadcast and, unless the organizer allows several devices (ticketing
 * settings `multiDevice`), binds the code to the viewer's device for 24 hours: one conditional item
 * per code, so two devices entering one code at once cannot both be bound. The organizer creates or
 * resets a ticket's code from the order (one transaction: old code and binding out, new code in,
 * ticket updated, audit entry, the buyer's e-mail in the outbox). « Assistance technique » mails
 * staff and the organization, throttled per code and per address. Cancelling an order deletes its
 * codes (cancel-order.ts).
 *
 * How a code is made (`deriveAccessCode`): 8 characters of a 31-character alphabet without
 * look-alikes (no 0/O, 1/I/L), shown in two groups (`K7QF-2M9X`), taken from SHA-256 of a seed and
 * an attempt number. The seed is the ticket's id (a ULID: 80 random bits, never shown whole to
 * anyone who may not see the code), or for a reset the ticket's id and a fresh ULID. The code's
 * item is created with « key does not exist »; a collision (about one in 8.5 × 10¹¹ per pair) cancels
 * the whole transaction, which is simply built again with the next attempt number and new ticket
 * ids: nothing of the failed attempt was written, and the order's own condition (`status` as read)
 * still lets exactly one confirmation commit.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { commitWithEmails, type EmailRequest } from '../comms/queue-email';
import { isConditionFailure } from '../db/conditions';
import type { Deps } from '../deps';
import { newAuditEntry } from '../identity/audit';
import { takePlace, throttleSubject, throttleWindow } from '../identity/login-throttle';
import { listMembers } from '../identity/members';
import { platformOrgId } from '../identity/membership';
import {
  ConflictError,
  DomainError,
  type Locale,
  type LocalizedMessage,
  NotFoundError,
} from '../kernel/errors';
import { parseInput } from '../kernel/validate';
import type { AccessCodeResetData } from '../templates/email/access-code-reset';
import type { AccessHelpData } from '../templates/email/access-help';
import { en, fr } from '../templates/i18n/catalogues/access-codes';
import { readTicketingSettings } from '../ticketing/ticketing-settings';
import type { AccessCode } from './access-code';
import { type Actor, actorSchema, actsFor, id } from './actor';
import type { JoinedOrders } from './db';
import { orderNotFound } from './errors';
import type { Order } from './order';
import { orderEventFacts, portalOrderUrl } from './order-emails';
import { readOrder, sha256 } from './order-support';
import type { Ticket } from './ticket';

type AccessKey = keyof typeof fr;

function message(key: AccessKey, params: Record<string, string | number> = {}): LocalizedMessage {
  const fill = (text: string) =>
    text.replace(/\{(\w+)\}/g, (placeholder, name: string) =>
      name in params ? String(params[name]) : placeholder,
    );
  return { fr: fill(fr[key]), en: fill(en[key]) };
}

// ---------------------------------------------------------------------------------------------
// Codes

/** 31 characters: digits 2–9 and capitals without I, L, O (data model §1.3). */
export const accessCodeAlphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const codeLength = 8;
/** How many codes a confirmation or a reset tries before giving up (each a fresh transaction). */
export const accessCodeAttempts = 5;

/** The code of `seed` at `attempt`: `XXXX-XXXX`, see the module's comment. */
export function deriveAccessCode(seed: string, attempt: number): string {
  const digest = createHash('sha256').update(`parvis:access-code:${seed}#${attempt}`, 'utf8').digest();
  let chars = '';
  for (let index = 0; index < codeLength; index += 1) {
    // Two bytes per character: 65,536 mod 31 = 2, a bias under 0.01 %.
    chars += accessCodeAlphabet[digest.readUInt16BE(index * 2) % accessCodeAlphabet.length];
  }
  return `${chars.slice(0, 4)}-${chars.slice(4)}`;
}

/**
 * A code as typed or pasted (« k7qf 2m9x », « K7QF-2M9X »): upper-cased, spaces and dashes dropped,
 * then grouped again; undefined when it cannot be a code.
 */
export function normalizeAccessCode(typed: string): string | undefined {
  const chars = typed.toUpperCase().replace(/[\s\-‐‑–—_.]/g, '');
  if (chars.length !== codeLength) return undefined;
  for (const char of chars) if (!accessCodeAlphabet.includes(char)) return undefined;
  return `${chars.slice(0, 4)}-${chars.slice(4)}`;
}

/** The public page where a code is entered (and help asked for). */
export function accessPageUrl(siteUrl: string, locale: Locale, eventId: string): string {
  return `${siteUrl.replace(/\/$/, '')}/${locale}/acces/${encodeURIComponent(eventId)}`;
}

/** TIX-13: an online event's tickets get codes (every type of online broadcast, free ones too). */
export async function eventUsesAccessCodes(deps: Pick<Deps, 'db'>, eventId: string): Promise<boolean> {
  const { data } = await deps.db.calendar.entities.event.get({ eventId }).go({ attributes: ['online'] });
  return data?.online === true;
}

/**
 * TIX-13, TIX-08: the events of an order whose tickets get codes: the order's event when it is
 * online, or a pass's online events (each of its tickets admits to one event).
 */
export async function orderCodedEvents(
  deps: Pick<Deps, 'db'>,
  order: Pick<Order, 'eventId' | 'passEventIds'>,
): Promise<Set<string>> {
  if (!order.passEventIds) {
    return new Set((await eventUsesAccessCodes(deps, order.eventId)) ? [order.eventId] : []);
  }
  const { data } = await deps.db.calendar.entities.event
    .get(order.passEventIds.map((eventId) => ({ eventId })))
    .go({ attributes: ['eventId', 'online'] });
  return new Set(data.filter((event) => event.online === true).map((event) => event.eventId));
}

/**
 * The code of each new ticket and the items that create them, for the confirmation's transaction
 * (confirm-order.ts): the tickets are given their `accessCode`; the caller puts the items first
 * so a collision is recognized by its position.
 */
export function withAccessCodes<T extends Pick<Ticket, 'ticketId' | 'eventId' | 'orderId'>>(
  tickets: T[],
  orgId: string,
  at: string,
  attempt: number,
): {
  tickets: (T & { accessCode: string })[];
  writes: (joined: JoinedOrders) => ReturnType<ReturnType<JoinedOrders['accessCode']['create']>['commit']>[];
} {
  const coded = tickets.map((ticket) => ({
    ...ticket,
    accessCode: deriveAccessCode(ticket.ticketId, attempt),
  }));
  return {
    tickets: coded,
    writes: (joined) =>
      coded.map((ticket) =>
        joined.accessCode
          .create({
            eventId: ticket.eventId,
            code: ticket.accessCode,
            orgId,
            orderId: ticket.orderId,
            ticketId: ticket.ticketId,
            createdAt: at,
          })
          .commit(),
      ),
  };
}

// ---------------------------------------------------------------------------------------------
// Errors

export type AccessRefusal = 'format' | 'unknown' | 'cancelled' | 'inUse' | 'notOnline';

/** A code the page refuses, in words (TIX-13). `boundUntil` for a code in use elsewhere. */
export class AccessCodeRefusedError extends DomainError {
  constructor(
    readonly reason: AccessRefusal,
    readonly boundUntil?: string,
    timeZone = 'America/Toronto',
  ) {
    const date = (locale: Locale) =>
      boundUntil
        ? new Intl.DateTimeFormat(locale === 'fr' ? 'fr-CA' : 'en-CA', {
            timeZone,
            dateStyle: 'long',
            timeStyle: 'short',
          }).format(new Date(boundUntil))
        : '';
    const text = {
      fr: message(`accessCodes.refused.${reason}`, { date: date('fr') }).fr,
      en: message(`accessCodes.refused.${reason}`, { date: date('en') }).en,
    };
    const status = reason === 'inUse' || reason === 'cancelled' ? 409 : reason === 'unknown' ? 404 : 400;
    super(`access_code_${reason === 'inUse' ? 'in_use' : reason}`, text, { status });
  }
}

/** Too many wrong codes from one address, or too many help requests for one code or address. */
export class AccessThrottledError extends DomainError {
  constructor(
    kind: 'codes' | 'help',
    readonly retryAt: Date,
    now: Date,
  ) {
    const minutes = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 60_000));
    super(
      kind === 'codes' ? 'too_many_codes' : 'too_many_help_requests',
      message(kind === 'codes' ? 'accessCodes.refused.tooMany' : 'accessCodes.help.tooMany', { minutes }),
      { status: 429 },
    );
  }
}

export class AccessCodeStateError extends ConflictError {
  constructor(key: 'accessCodes.notResettable' | 'accessCodes.busy' | 'accessCodes.help.nobody') {
    super(
      key === 'accessCodes.busy'
        ? 'access_code_busy'
        : key === 'accessCodes.help.nobody'
          ? 'no_help_recipient'
          : 'access_code_not_resettable',
      message(key),
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Entering a code

/** The limits of the public forms (per hour). */
export const accessPolicy = {
  /** Device binding of a code (data model §1.4). */
  bindHours: 24,
  /** Wrong codes per client address per window: codes are 40 bits, guessing must stay hopeless. */
  wrongCodesPerAddress: 30,
  wrongCodesWindowSeconds: 15 * 60,
  /** Help requests per code, and per e-mail address, per hour. */
  helpPerCode: 3,
  helpPerEmail: 3,
  /** Help requests per client address per hour. */
  helpPerAddress: 10,
  helpMessageMax: 2000,
} as const;

const deviceId = () => z.string().check(z.regex(/^[A-Za-z0-9_-]{22,128}$/));

const enterInput = z.object({
  eventId: id(),
  code: z.string().check(z.maxLength(64)),
  /** The random id of the viewer's cookie. */
  deviceId: deviceId(),
  /** The client's address, for the wrong-code throttle; stored only hashed. */
  address: z.optional(z.string().check(z.maxLength(100))),
});

export interface AccessGranted {
  eventId: string;
  eventTitle: string;
  timeZone: string;
  /** The broadcast's address (the event's online link); absent while the organizer has none. */
  onlineUrl?: string;
  code: string;
  /** Bound to this device until then; absent when the code may be used on several devices. */
  boundUntil?: string;
  multiDevice: boolean;
}

/** What the access page shows of the event before a code is entered; NotFound unless it is online. */
export async function accessPageEvent(
  deps: Pick<Deps, 'db'>,
  eventId: string,
): Promise<{ eventId: string; title: string; timeZone: string; startsAt: string; multiDevice: boolean }> {
  const { data } = await deps.db.calendar.entities.event.get({ eventId }).go();
  if (!data?.online || data.status !== 'published') throw new NotFoundError(message('accessCodes.event'));
  const settings = await readTicketingSettings(deps, eventId);
  return {
    eventId,
    title: data.title,
    timeZone: data.timeZone,
    startsAt: data.startsAt,
    multiDevice: settings.multiDevice,
  };
}

/**
 * TIX-13: a viewer enters a code. A valid code of a valid ticket opens the broadcast; unless the
 * organizer allows several devices, the code is bound to this device for 24 hours (a second device
 * meanwhile is refused, in words). See the module's comment.
 */
export async function enterAccessCode(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { eventId: string; code: string; deviceId: string; address?: string },
): Promise<AccessGranted> {
  const parsed = parseInput(enterInput, input);
  const now = deps.clock.now();
  const event = (await deps.db.calendar.entities.event.get({ eventId: parsed.eventId }).go()).data;
  if (!event) throw new NotFoundError(message('accessCodes.event'));
  if (!event.online) throw new AccessCodeRefusedError('notOnline');
  const code = normalizeAccessCode(parsed.code);
  if (!code) throw new AccessCodeRefusedError('format');

  const { accessCode, deviceBinding, ticket } = deps.db.orders.entities;
  const key = { eventId: parsed.eventId, code };
  const item = (await accessCode.get(key).go({ consistent: true })).data;
  if (!item) {
    if (parsed.address) {
      const window = throttleWindow(
        throttleSubject('access-address', parsed.address),
        now,
        accessPolicy.wrongCodesWindowSeconds,
      );
      if (!(await takePlace(deps, window, accessPolicy.wrongCodesPerAddress))) {
        throw new AccessThrottledError('codes', window.retryAt, now);
      }
    }
    throw new AccessCodeRefusedError('unknown');
  }
  const held = (await ticket.get({ orderId: item.orderId, ticketId: item.ticketId }).go({ consistent: true }))
    .data;
  if (held?.status !== 'valid' || held.accessCode !== code) throw new AccessCodeRefusedError('cancelled');

  const settings = await readTicketingSettings(deps, parsed.eventId);
  const granted: AccessGranted = {
    eventId: parsed.eventId,
    eventTitle: event.title,
    timeZone: event.timeZone,
    ...(event.onlineUrl ? { onlineUrl: event.onlineUrl } : {}),
    code,
    multiDevice: settings.multiDevice,
  };
  if (settings.multiDevice) return granted;

  const deviceHash = sha256(`device:${parsed.deviceId}`);
  const at = now.toISOString();
  const bound = (await deviceBinding.get(key).go({ consistent: true })).data;
  // This device, still within its 24 hours: nothing to write (the binding runs from the first use).
  if (bound && bound.ticketId === item.ticketId && bound.deviceHash === deviceHash && bound.boundUntil > at) {
    return { ...granted, boundUntil: bound.boundUntil };
  }
  const boundUntil = new Date(now.getTime() + accessPolicy.bindHours * 3_600_000).toISOString();
  try {
    await deviceBinding
      .put({
        ...key,
        ticketId: item.ticketId,
        deviceHash,
        boundAt: at,
        boundUntil,
        expiresAt: Math.floor(Date.parse(boundUntil) / 1000),
      })
      .where(
        (attr, { notExists, eq, lt, ne }) =>
          `${notExists(attr.deviceHash)} OR ${eq(attr.deviceHash, deviceHash)} OR ${lt(attr.boundUntil, at)} OR ${ne(attr.ticketId, item.ticketId)}`,
      )
      .go();
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const other = (await deviceBinding.get(key).go({ consistent: true })).data;
    throw new AccessCodeRefusedError('inUse', other?.boundUntil ?? boundUntil, event.timeZone);
  }
  return { ...granted, boundUntil };
}

// ---------------------------------------------------------------------------------------------
// Create or reset a code (the organizer, from the order)

const resetInput = z.object({ actor: actorSchema, orderId: id(), ticketId: id() });

export interface AccessCodeReset {
  orderId: string;
  ticketId: string;
  code: string;
  /** The code it replaced; absent when the ticket had none (« Créer un code »). */
  previous?: string;
}

/**
 * TIX-13: the organizer creates (a ticket without one) or resets a ticket's code from the order:
 * one transaction deletes the old code and its binding, creates the new code (key not existing),
 * updates the ticket (conditioned on the code it had), writes the audit entry and queues the
 * buyer's e-mail with the new code. Another organization's order does not exist (ROLE-06).
 */
export async function resetAccessCode(
  deps: Pick<Deps, 'db' | 'clock' | 'ids' | 'log' | 'queues' | 'config'>,
  actor: Actor,
  input: { orderId: string; ticketId: string },
): Promise<AccessCodeReset> {
  const parsed = parseInput(resetInput, { actor, ...input });
  const who = parsed.actor;
  const { ticket: tickets, orderLine } = deps.db.orders.entities;
  for (let attempt = 0; attempt < accessCodeAttempts; attempt += 1) {
    const order = await readOrder(deps, parsed.orderId);
    if (!order || !actsFor(who, order.orgId)) throw orderNotFound();
    const ticket = (
      await tickets.get({ orderId: order.orderId, ticketId: parsed.ticketId }).go({ consistent: true })
    ).data;
    if (!ticket) throw new NotFoundError(message('accessCodes.ticket'));
    if (
      order.status !== 'paid' ||
      ticket.status !== 'valid' ||
      !(await eventUsesAccessCodes(deps, ticket.eventId))
    ) {
      throw new AccessCodeStateError('accessCodes.notResettable');
    }
    const previous = ticket.accessCode;
    const code = deriveAccessCode(`${ticket.ticketId}:${deps.ids()}`, attempt);
    const now = deps.clock.now();
    const at = now.toISOString();
    const facts = await orderEventFacts(deps, order);
    const lines = (await orderLine.query.byOrder({ orderId: order.orderId }).go({ pages: 'all' })).data;
    const line = lines.find((entry) => entry.kind === 'ticket' && entry.refId === ticket.ticketTypeId);
    const label = line
      ? (order.locale === 'fr' ? line.nameFr || line.nameEn : line.nameEn || line.nameFr).slice(0, 120)
      : ticket.ticketTypeId;
    const firstName = order.buyer.name.trim().split(/\s+/)[0]?.slice(0, 100);
    const data: AccessCodeResetData = {
      organizationName: facts.organizationName,
      eventTitle: facts.eventTitle,
      dates: facts.dates,
      timeZone: facts.timeZone,
      ...(firstName ? { firstName } : {}),
      orderNumber: order.orderId,
      ticketLabel: label,
      accessCode: code,
      accessUrl: accessPageUrl(deps.config.siteUrl, order.locale, ticket.eventId),
    };
    const email: EmailRequest = {
      templateId: 'access.codeReset',
      locale: order.locale,
      to: order.buyer.email,
      data,
    };
    const entities = { ...deps.db.orders.entities, auditEntry: deps.db.identity.entities.auditEntry };
    try {
      await commitWithEmails(deps, {
        entities,
        writes: (joined) => [
          ...(previous
            ? [
                joined.accessCode
                  .delete({ eventId: ticket.eventId, code: previous })
                  .where((attr, { eq }) => eq(attr.ticketId, ticket.ticketId))
                  .commit(),
                joined.deviceBinding.delete({ eventId: ticket.eventId, code: previous }).commit(),
              ]
            : []),
          joined.accessCode
            .create({
              eventId: ticket.eventId,
              code,
              orgId: order.orgId,
              orderId: order.orderId,
              ticketId: ticket.ticketId,
              createdAt: at,
            })
            .commit(),
          joined.ticket
            .patch({ orderId: order.orderId, ticketId: ticket.ticketId })
            .set({ accessCode: code })
            .where((attr, { eq, notExists }) =>
              previous
                ? `${eq(attr.accessCode, previous)} AND ${eq(attr.status, 'valid')}`
                : `${notExists(attr.accessCode)} AND ${eq(attr.status, 'valid')}`,
            )
            .commit(),
          joined.auditEntry
            .create(
              newAuditEntry(deps, {
                action: 'accessCode.reset',
                targetId: order.orderId,
                actorUserId: who.userId,
                refs: { orgId: order.orgId },
              }),
            )
            .commit(),
        ],
        emails: [email],
      });
    } catch (error) {
      // A code taken (collision) or the ticket changed meanwhile (another reset, a cancellation): read again.
      if (error instanceof ConflictError && error.code === 'transaction_canceled') continue;
      throw error;
    }
    return {
      orderId: order.orderId,
      ticketId: ticket.ticketId,
      code,
      ...(previous ? { previous } : {}),
    };
  }
  throw new AccessCodeStateError('accessCodes.busy');
}

/** The codes of an order's tickets, for the organizer's order page (TIX-13, TIX-14). */
export async function listOrderAccessCodes(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
  orderId: string,
): Promise<{ ticketId: string; ticketTypeId: string; status: Ticket['status']; code?: string }[]> {
  const who = parseInput(actorSchema, actor);
  const order = await readOrder(deps, orderId);
  if (!order || !actsFor(who, order.orgId)) throw orderNotFound();
  const { data } = await deps.db.orders.entities.ticket.query.byOrder({ orderId }).go({ pages: 'all' });
  return data.map((ticket) => ({
    ticketId: ticket.ticketId,
    ticketTypeId: ticket.ticketTypeId,
    status: ticket.status,
    ...(ticket.accessCode ? { code: ticket.accessCode } : {}),
  }));
}

// ---------------------------------------------------------------------------------------------
// « Assistance technique »

const helpInput = z.object({
  eventId: id(),
  code: z.optional(z.string().check(z.trim(), z.maxLength(64))),
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  email: z.email().check(z.maxLength(254)),
  message: z.optional(z.string().check(z.maxLength(20_000))),
  /** The client's address, for the per-address throttle; stored only hashed. */
  address: z.optional(z.string().check(z.maxLength(100))),
});

const helpBatch = 25;

/** A viewer's own words, as the help e-mail carries them: plain text, no control characters, capped. */
function plainHelpText(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const clean = text
    .replace(/\r\n?/g, '\n')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes.
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '')
    .trim()
    .slice(0, accessPolicy.helpMessageMax);
  return clean === '' ? undefined : clean;
}

/**
 * TIX-13: « Assistance technique »: the viewer's request goes to every active staff member and to
 * the organization's contact address, with the code and order when the code is known, the
 * viewer's address as Reply-To. Throttled per code, per e-mail address and per client address
 * (data model §3.4: `THROTTLE#login#help-…:<hash>`), before anything else is read or sent.
 */
export async function requestAccessHelp(
  deps: Pick<Deps, 'db' | 'clock' | 'ids' | 'log' | 'queues' | 'config'>,
  input: { eventId: string; code?: string; name: string; email: string; message?: string; address?: string },
): Promise<{ recipients: number }> {
  const parsed = parseInput(helpInput, input);
  const now = deps.clock.now();
  const code = parsed.code ? normalizeAccessCode(parsed.code) : undefined;
  const email = parsed.email.trim().toLowerCase();
  const limits: [string, number][] = [
    [throttleSubject('help-email', email), accessPolicy.helpPerEmail],
    ...(code
      ? ([[throttleSubject('help-code', `${parsed.eventId}#${code}`), accessPolicy.helpPerCode]] as [
          string,
          number,
        ][])
      : []),
    ...(parsed.address
      ? ([[throttleSubject('help-address', parsed.address), accessPolicy.helpPerAddress]] as [
          string,
          number,
        ][])
      : []),
  ];
  for (const [subject, limit] of limits) {
    const window = throttleWindow(subject, now, 3600);
    if (!(await takePlace(deps, window, limit))) throw new AccessThrottledError('help', window.retryAt, now);
  }

  const event = (await deps.db.calendar.entities.event.get({ eventId: parsed.eventId }).go()).data;
  if (!event?.online) throw new NotFoundError(message('accessCodes.event'));
  const known: AccessCode | null = code
    ? (await deps.db.orders.entities.accessCode.get({ eventId: parsed.eventId, code }).go()).data
    : null;
  const [organization, staff] = await Promise.all([
    deps.db.identity.entities.organization.get({ orgId: event.orgId }).go(),
    listMembers(deps, { orgId: platformOrgId }),
  ]);
  const actionUrl = known
    ? portalOrderUrl(deps.config.siteUrl, known.orderId)
    : `${deps.config.siteUrl.replace(/\/$/, '')}/fr/organisme/evenements/${encodeURIComponent(event.eventId)}`;
  const text = plainHelpText(parsed.message);
  const base = {
    organizationName: (organization.data?.name ?? event.orgId).slice(0, 150),
    eventTitle: event.title.slice(0, 150),
    dates: [{ startsAt: event.startsAt, ...(event.endsAt ? { endsAt: event.endsAt } : {}) }],
    timeZone: event.timeZone,
    viewerName: parsed.name,
    viewerEmail: email,
    ...(code ? { accessCode: code } : {}),
    ...(known ? { orderNumber: known.orderId } : {}),
    ...(text ? { message: text } : {}),
    requestedAt: now.toISOString(),
    actionUrl,
  };
  const recipients: { email: string; displayName: string; locale: Locale }[] = [
    ...staff
      .filter((member) => member.role === 'staff' && member.status === 'active')
      .map((member) => ({
        email: member.email,
        displayName: member.displayName ?? member.email,
        locale: member.locale,
      })),
    ...(organization.data?.contactEmail
      ? [{ email: organization.data.contactEmail, displayName: base.organizationName, locale: 'fr' as const }]
      : []),
  ];
  const unique = [...new Map(recipients.map((entry) => [entry.email.toLowerCase(), entry])).values()];
  if (unique.length === 0) {
    deps.log.warn('technical help asked; nobody to write to', { eventId: event.eventId });
    throw new AccessCodeStateError('accessCodes.help.nobody');
  }
  const emails: EmailRequest[] = unique.map((to) => {
    const data: AccessHelpData = { ...base, displayName: to.displayName.slice(0, 254) };
    return { templateId: 'access.help', locale: to.locale, to: to.email, replyTo: email, data };
  });
  // Only e-mails, no business write: in batches, as a transaction holds at most 100 items.
  for (let start = 0; start < emails.length; start += helpBatch) {
    await commitWithEmails(deps, { emails: emails.slice(start, start + helpBatch) });
  }
  return { recipients: unique.length };
}
