/**
 * An event's ticketing settings (TIX-01, TIX-04, TIX-06, TIX-13, TIX-15): whether it sells tickets or takes
 * registrations on Parvis, « Récupérer mes billets sur place », the waiting list, several devices per
 * access code (online events), and the
 * organizer's own texts. The checkout reads them with `readTicketingSettings` (defaults when the
 * organizer never saved them); the organizer saves them with `saveTicketingSettings`, conditioned
 * on the version loaded. Saving them keeps the calendar's `onPlatformTicketing` flag (CAL-08) in
 * step, in the same transaction, then checks it again after the commit (on-platform-ticketing.ts).
 */
import { createWriteTransaction } from 'electrodb';
import * as z from 'zod/mini';
import { projectEvent } from '../calendar/project-calendar';
import type { Deps } from '../deps';
import { parseInput } from '../kernel/validate';
import {
  EventBusyError,
  eventNotFound,
  TicketingSettingsChangedError,
  type TicketTypeIssue,
  ticketingSettingsInvalid,
} from './errors';
import {
  hasActiveCategory,
  onPlatformTicketing,
  syncOnPlatformTicketingAfterCommit,
} from './on-platform-ticketing';
import { organizerActor } from './ticket-types';
import type { TicketingSettingsItem } from './ticketing-settings-item';

export interface TicketingSettings {
  eventId: string;
  orgId: string;
  /** TIX-01: the event sells tickets / takes registrations on Parvis. */
  enabled: boolean;
  /** TIX-04: the buyer may tick « Récupérer mes billets sur place ». */
  pickUpAtVenue: boolean;
  /** TIX-15: a sold-out category offers to join a waiting list. */
  waitingList: boolean;
  /**
   * TIX-13 « autoriser plusieurs appareils »: an online event's access code may be used on several
   * devices; otherwise a code once used is bound to its device for 24 h (shared/orders/access-codes.ts).
   */
  multiDevice: boolean;
  /** TIX-06: the organizer's own texts, plain text ≤ 1,000 chars each, fr and en. */
  messages: {
    beforeSale?: { fr?: string; en?: string }; // shown before the checkout form
    soldOut?: { fr?: string; en?: string }; // shown when a category or the event is sold out
    confirmation?: { fr?: string; en?: string }; // in the confirmation e-mail and page
  };
  version: number;
  updatedAt?: string;
}

/** The organizer's texts, in the order the form shows them. */
export const ticketingMessageKinds = ['beforeSale', 'soldOut', 'confirmation'] as const;
export type TicketingMessageKind = (typeof ticketingMessageKinds)[number];

export const ticketingSettingsLimits = { message: 1000 } as const;

/** An event's settings before the organizer saves any: ticketing off, no option, no text. */
export function defaultTicketingSettings(eventId: string, orgId: string): TicketingSettings {
  return {
    eventId,
    orgId,
    enabled: false,
    pickUpAtVenue: false,
    waitingList: false,
    multiDevice: false,
    messages: {},
    version: 0,
  };
}

type Flat = `${TicketingMessageKind}${'Fr' | 'En'}`;
const flatName = (kind: TicketingMessageKind, locale: 'fr' | 'en'): Flat =>
  `${kind}${locale === 'fr' ? 'Fr' : 'En'}`;

function settingsOfItem(item: TicketingSettingsItem): TicketingSettings {
  const messages: TicketingSettings['messages'] = {};
  for (const kind of ticketingMessageKinds) {
    const fr = item[flatName(kind, 'fr')];
    const en = item[flatName(kind, 'en')];
    if (fr !== undefined || en !== undefined) {
      messages[kind] = { ...(fr !== undefined && { fr }), ...(en !== undefined && { en }) };
    }
  }
  return {
    eventId: item.eventId,
    orgId: item.orgId,
    enabled: item.enabled,
    pickUpAtVenue: item.pickUpAtVenue,
    waitingList: item.waitingList,
    multiDevice: item.multiDevice ?? false,
    messages,
    version: item.version,
    updatedAt: item.updatedAt,
  };
}

/**
 * TIX-01, TIX-04, TIX-06, TIX-15: an event's ticketing settings, its defaults when never saved.
 * One GetItem (and the event's, only when the settings are absent); `NotFoundError` for no event.
 */
export async function readTicketingSettings(
  deps: Pick<Deps, 'db'>,
  eventId: string,
  options: { consistent?: boolean } = {},
): Promise<TicketingSettings> {
  const consistent = options.consistent ?? false;
  const item = (await deps.db.ticketing.entities.ticketingSettings.get({ eventId }).go({ consistent })).data;
  if (item) return settingsOfItem(item);
  const event = (
    await deps.db.calendar.entities.event.get({ eventId }).go({ consistent, attributes: ['orgId'] })
  ).data;
  if (!event) throw eventNotFound();
  return defaultTicketingSettings(eventId, event.orgId);
}

/**
 * The organizer's text as it is kept: plain text (markup stays as typed and is only ever shown
 * escaped), line ends `\n`, no control characters, trimmed; empty is no text.
 */
export function plainMessage(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const text = value
    .replace(/\r\n?/g, '\n')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes.
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '')
    .trim();
  return text === '' ? undefined : text;
}

const id = () => z.string().check(z.trim(), z.minLength(1), z.maxLength(64));
const localized = z.optional(z.object({ fr: z.optional(z.string()), en: z.optional(z.string()) }));

const settingsFields = z.object({
  enabled: z.boolean(),
  pickUpAtVenue: z._default(z.boolean(), false),
  waitingList: z._default(z.boolean(), false),
  multiDevice: z._default(z.boolean(), false),
  messages: z._default(z.object({ beforeSale: localized, soldOut: localized, confirmation: localized }), {}),
});
export type TicketingSettingsFields = z.input<typeof settingsFields>;

const saveInput = z.object({
  actor: organizerActor,
  eventId: id(),
  /** The `version` the organizer loaded; 0 when the settings were never saved. */
  expectedVersion: z.int().check(z.minimum(0)),
  fields: settingsFields,
});
export type SaveTicketingSettingsInput = z.input<typeof saveInput>;

/** TIX-06: every rule the texts break (empty when valid); paths are `messages.<kind>.<fr|en>`. */
export function ticketingSettingsIssues(fields: z.output<typeof settingsFields>): TicketTypeIssue[] {
  const issues: TicketTypeIssue[] = [];
  for (const kind of ticketingMessageKinds) {
    for (const locale of ['fr', 'en'] as const) {
      const text = plainMessage(fields.messages[kind]?.[locale]);
      if (text && text.length > ticketingSettingsLimits.message) {
        issues.push({
          path: `messages.${kind}.${locale}`,
          key: 'ticketing.rule.message',
          params: { max: ticketingSettingsLimits.message.toLocaleString('fr-CA') },
        });
      }
    }
  }
  return issues;
}

/** Attempts when the event itself is saved by someone else between the reads and the write. */
const attempts = 4;

/**
 * TIX-01, TIX-04, TIX-06, TIX-15: the organizer of the event's organization (or staff) saves its
 * ticketing settings. A stale `expectedVersion` writes nothing (`TicketingSettingsChangedError`).
 * The calendar flag `onPlatformTicketing` (CAL-08) follows in the same transaction.
 */
export async function saveTicketingSettings(
  deps: Pick<Deps, 'db' | 'clock' | 'log'>,
  input: SaveTicketingSettingsInput,
): Promise<TicketingSettings> {
  const parsed = parseInput(saveInput, input);
  const { actor, eventId, fields } = parsed;
  const issues = ticketingSettingsIssues(fields);
  if (issues.length > 0) throw ticketingSettingsInvalid(issues);
  const { ticketingSettings } = deps.db.ticketing.entities;
  const { event: events } = deps.db.calendar.entities;

  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    const [event, current, active] = await Promise.all([
      events
        .get({ eventId })
        .go({ consistent: true, attributes: ['orgId', 'version', 'status', 'onPlatformTicketing'] }),
      ticketingSettings.get({ eventId }).go({ consistent: true }),
      hasActiveCategory(deps, eventId),
    ]);
    if (!event.data || (!actor.staff && event.data.orgId !== actor.orgId)) throw eventNotFound();
    const { orgId, version: eventVersion } = event.data;
    const previous = current.data;
    if ((previous?.version ?? 0) !== parsed.expectedVersion) throw new TicketingSettingsChangedError();

    const now = deps.clock.now().toISOString();
    const item: TicketingSettingsItem = {
      eventId,
      orgId,
      enabled: fields.enabled,
      pickUpAtVenue: fields.pickUpAtVenue,
      waitingList: fields.waitingList,
      multiDevice: fields.multiDevice,
      version: (previous?.version ?? 0) + 1,
      updatedAt: now,
      updatedBy: actor.userId,
    };
    for (const kind of ticketingMessageKinds) {
      for (const locale of ['fr', 'en'] as const) {
        const text = plainMessage(fields.messages[kind]?.[locale]);
        if (text !== undefined) item[flatName(kind, locale)] = text;
      }
    }
    const flag = onPlatformTicketing(fields.enabled, active);
    const flagChanges = event.data.onPlatformTicketing !== flag;

    const result = await createWriteTransaction({ ticketingSettings, event: events }, (tx) => [
      previous
        ? tx.ticketingSettings
            .put(item)
            .where(
              (attr, { eq }) => `${eq(attr.version, previous.version)} AND ${eq(attr.orgId, previous.orgId)}`,
            )
            .commit()
        : tx.ticketingSettings.create(item).commit(),
      ...(flagChanges
        ? [
            tx.event
              .patch({ eventId })
              .set({ onPlatformTicketing: flag, updatedAt: now, updatedBy: actor.userId })
              .add({ version: 1 })
              .where((attr, { eq }) => eq(attr.version, eventVersion))
              .commit(),
          ]
        : []),
    ]).go();

    if (result.canceled) {
      // The settings' own condition: someone else saved them meanwhile.
      if (result.data[0]?.code === 'ConditionalCheckFailed') throw new TicketingSettingsChangedError();
      // The event was saved meanwhile (its version moved), or a transaction conflict: read again.
      continue;
    }
    if (flagChanges && event.data.status === 'published') {
      await projectEvent(deps, { eventId }).catch((error: unknown) =>
        deps.log.warn('calendar projection failed after commit; it is idempotent and will run again', {
          eventId,
          error: String(error),
        }),
      );
    }
    // A category created or withdrawn between the reads and the commit: the flag follows it.
    await syncOnPlatformTicketingAfterCommit(deps, { eventId, userId: actor.userId });
    return settingsOfItem(item);
  }
  throw new EventBusyError();
}
