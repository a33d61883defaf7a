/**
 * Passes (TIX-08, decision 0021): staff create a pass for a selling organization over several of
 * its published events; the public sees it on each included event and under « Passes ». A pass and
 * its links (`EVENT#<eventId>` · `PASSLINK#<passId>`) commit in one transaction, conditioned on the
 * version staff loaded, so the sheets never list a pass that does not include them. Its price tiers
 * are ticket types saved with `saveTicketType` (the pass's id in place of an event's).
 */
import * as z from 'zod/mini';
import type { Deps } from '../deps';
import { parseInput } from '../kernel/validate';
import {
  PassChangedError,
  PassNotSellingError,
  passInvalid,
  passNotFound,
  type TicketTypeIssue,
} from './errors';
import { maxPassEvents, type Pass, type PassLink, type PassStatus, passStatuses } from './pass';
import { defined, type ListedTicketType, listTicketTypes } from './ticket-types';

export const passLimits = { title: 200, description: 2000, events: maxPassEvents, minEvents: 2 } as const;

const id = () => z.string().check(z.trim(), z.minLength(1), z.maxLength(64));

/** Staff only (the web layer checks the role from the session): who saved it, for the record. */
export const passActor = z.object({ userId: id() });

/** Shapes only; the rules have their own messages (`passIssues`). */
const passFields = z.object({
  orgId: z.string().check(z.maxLength(64)),
  title: z.string().check(z.maxLength(4000)),
  description: z.optional(z.string().check(z.maxLength(20_000))),
  eventIds: z.array(z.string().check(z.maxLength(64))).check(z.maxLength(200)),
  status: z.enum(passStatuses),
  salesStartAt: z.string().check(z.maxLength(40)),
  salesEndAt: z.string().check(z.maxLength(40)),
});
export type PassFields = z.input<typeof passFields>;

const savePassInput = z.object({
  actor: passActor,
  /** Absent: a new pass. */
  passId: z.optional(id()),
  /** The `version` staff loaded; required to update. */
  expectedVersion: z.optional(z.int().check(z.minimum(1))),
  fields: passFields,
});
export type SavePassInput = z.input<typeof savePassInput>;

function instant(value: string): string | null {
  if (value.trim() === '') return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/** TIX-08: every rule the fields break that needs no read (empty when they are valid). */
export function passIssues(fields: z.output<typeof passFields>): TicketTypeIssue[] {
  const issues: TicketTypeIssue[] = [];
  const title = fields.title.trim();
  if (title.length === 0 || title.length > passLimits.title)
    issues.push({ path: 'title', key: 'ticketing.pass.rule.title' });
  if ((fields.description?.trim().length ?? 0) > passLimits.description)
    issues.push({ path: 'description', key: 'ticketing.pass.rule.description' });
  if (fields.orgId.trim() === '') issues.push({ path: 'orgId', key: 'ticketing.pass.rule.organization' });
  const ids = fields.eventIds.map((eventId) => eventId.trim()).filter(Boolean);
  if (ids.length < passLimits.minEvents || ids.length > passLimits.events || new Set(ids).size !== ids.length)
    issues.push({ path: 'eventIds', key: 'ticketing.pass.rule.events', params: { max: passLimits.events } });
  const start = instant(fields.salesStartAt);
  const end = instant(fields.salesEndAt);
  if (start === null) issues.push({ path: 'salesStartAt', key: 'ticketing.pass.rule.date' });
  if (end === null) issues.push({ path: 'salesEndAt', key: 'ticketing.pass.rule.date' });
  if (start && end && end <= start) issues.push({ path: 'salesEndAt', key: 'ticketing.pass.rule.period' });
  return issues;
}

/**
 * The included events, read by key: each must be the selling organization's, and an event added to
 * the pass must be published (one already included may have been unpublished since: the pass can
 * still be changed or withdrawn).
 */
async function includedEvents(deps: Pick<Deps, 'db'>, orgId: string, eventIds: string[], already: string[]) {
  const { data } = await deps.db.calendar.entities.event
    .get(eventIds.map((eventId) => ({ eventId })))
    .go({ attributes: ['eventId', 'orgId', 'status', 'timeZone', 'startsAt'] });
  const byId = new Map(data.map((event) => [event.eventId, event]));
  const events = eventIds.map((eventId) => byId.get(eventId));
  const refused = (event: (typeof events)[number]) =>
    !event || event.orgId !== orgId || (event.status !== 'published' && !already.includes(event.eventId));
  if (events.some(refused)) {
    throw passInvalid([
      { path: 'eventIds', key: 'ticketing.pass.rule.events', params: { max: passLimits.events } },
    ]);
  }
  return events as NonNullable<(typeof events)[number]>[];
}

/**
 * TIX-08: creates a pass or changes one, with its events' links in the same transaction (links of
 * events no longer included are deleted). The selling organization must exist; every event must be
 * one of its published events.
 */
export async function savePass(
  deps: Pick<Deps, 'db' | 'clock' | 'ids'>,
  input: SavePassInput,
): Promise<{ passId: string; version: number }> {
  const parsed = parseInput(savePassInput, input);
  const issues = passIssues(parsed.fields);
  if (issues.length > 0) throw passInvalid(issues);
  const fields = parsed.fields;
  const orgId = fields.orgId.trim();
  const eventIds = fields.eventIds.map((eventId) => eventId.trim());
  const organization = (await deps.db.identity.entities.organization.get({ orgId }).go()).data;
  if (!organization) throw passInvalid([{ path: 'orgId', key: 'ticketing.pass.rule.organization' }]);
  const current = parsed.passId ? await readPass(deps, parsed.passId, { consistent: true }) : undefined;
  if (parsed.passId && !current) throw passNotFound();
  // Its categories carry the selling organization: it is chosen once, at the pass's creation.
  if (current && current.orgId !== orgId) {
    throw passInvalid([{ path: 'orgId', key: 'ticketing.pass.rule.organizationFixed' }]);
  }
  const events = await includedEvents(deps, orgId, eventIds, current?.eventIds ?? []);
  const now = deps.clock.now().toISOString();

  if (current && (parsed.expectedVersion === undefined || current.version !== parsed.expectedVersion)) {
    throw new PassChangedError();
  }
  const passId = current?.passId ?? deps.ids();
  const version = (current?.version ?? 0) + 1;
  const pass: Pass = defined({
    passId,
    orgId,
    title: fields.title.trim(),
    description: fields.description?.trim() || undefined,
    eventIds,
    status: fields.status,
    salesStartAt: instant(fields.salesStartAt) as string,
    salesEndAt: instant(fields.salesEndAt) as string,
    timeZone:
      [...events].sort((a, b) => a.startsAt.localeCompare(b.startsAt))[0]?.timeZone ?? 'America/Toronto',
    // The image is attached on its own page (pass-image.ts): saving the form keeps it.
    imageId: current?.imageId,
    version,
    createdAt: current?.createdAt ?? now,
    updatedAt: now,
    updatedBy: parsed.actor.userId,
  });
  const dropped = (current?.eventIds ?? []).filter((eventId) => !eventIds.includes(eventId));
  const result = await deps.db.ticketing.transaction
    .write(({ pass: passes, passLink }) => [
      current
        ? passes
            .put(pass)
            .where((attr, { eq }) => eq(attr.version, current.version))
            .commit()
        : passes.create(pass).commit(),
      ...eventIds.map((eventId) => passLink.put(linkOf(pass, eventId)).commit()),
      ...dropped.map((eventId) => passLink.delete({ eventId, passId }).commit()),
    ])
    .go();
  if (result.canceled) throw new PassChangedError();
  return { passId, version };
}

function linkOf(pass: Pass, eventId: string): PassLink {
  return {
    eventId,
    passId: pass.passId,
    title: pass.title,
    status: pass.status,
    salesStartAt: pass.salesStartAt,
    salesEndAt: pass.salesEndAt,
    eventCount: pass.eventIds.length,
  };
}

export async function readPass(
  deps: Pick<Deps, 'db'>,
  passId: string,
  options: { consistent?: boolean } = {},
): Promise<Pass | undefined> {
  const { data } = await deps.db.ticketing.entities.pass
    .get({ passId })
    .go({ consistent: options.consistent ?? false });
  return data ?? undefined;
}

/** Where a pass stands for a buyer at `now`. */
export type PassSaleState = 'draft' | 'withdrawn' | 'upcoming' | 'onSale' | 'ended';

export function passSaleState(
  pass: Pick<Pass, 'status' | 'salesStartAt' | 'salesEndAt'>,
  now: Date,
): PassSaleState {
  if (pass.status !== 'active') return pass.status as Exclude<PassStatus, 'active'>;
  const at = now.toISOString();
  if (at < pass.salesStartAt) return 'upcoming';
  if (at >= pass.salesEndAt) return 'ended';
  return 'onSale';
}

/** TIX-08, TIX-09: the pass a checkout sells, refused unless it is on sale now. */
export async function passOnSale(
  deps: Pick<Deps, 'db' | 'clock'>,
  passId: string,
): Promise<Pass | undefined> {
  const pass = await readPass(deps, passId);
  if (!pass) return undefined;
  if (passSaleState(pass, deps.clock.now()) !== 'onSale') throw new PassNotSellingError();
  return pass;
}

/** Every pass, newest sales end first (the staff console's list: passes are few). */
export async function listPasses(deps: Pick<Deps, 'db'>): Promise<Pass[]> {
  const { data } = await deps.db.ticketing.entities.pass.query
    .all({})
    .go({ pages: 'all', hydrate: true, order: 'desc' });
  return data;
}

/** An event a pass admits to, as the public pages show it. */
export interface PassEvent {
  eventId: string;
  title: string;
  slug: string;
  startsAt: string;
  endsAt?: string;
  timeZone: string;
  showTime: boolean;
}

/** A pass as the public sees it: its events in date order, its tiers with what remains. */
export interface PublicPass {
  pass: Pass;
  state: PassSaleState;
  events: PassEvent[];
  tiers: ListedTicketType[];
  /** The lowest price of a tier still offered, for « à partir de ». */
  fromCents?: number;
}

/** TIX-08: the pass's events still published, in date order (one BatchGet). */
export async function passEvents(deps: Pick<Deps, 'db'>, pass: Pick<Pass, 'eventIds'>): Promise<PassEvent[]> {
  const { data } = await deps.db.calendar.entities.event
    .get(pass.eventIds.map((eventId) => ({ eventId })))
    .go({
      attributes: ['eventId', 'title', 'slug', 'startsAt', 'endsAt', 'timeZone', 'showTime', 'status'],
    });
  return data
    .filter((event) => event.status === 'published')
    .map((event) =>
      defined({
        eventId: event.eventId,
        title: event.title,
        slug: event.slug,
        startsAt: event.startsAt,
        endsAt: event.endsAt,
        timeZone: event.timeZone,
        showTime: event.showTime ?? true,
      }),
    )
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
}

async function publicView(deps: Pick<Deps, 'db' | 'clock'>, pass: Pass): Promise<PublicPass> {
  const [events, listed] = await Promise.all([
    passEvents(deps, pass),
    listTicketTypes(deps, { eventId: pass.passId }),
  ]);
  const offered = listed.ticketTypes.filter((tier) => tier.status === 'active');
  return {
    pass,
    state: passSaleState(pass, deps.clock.now()),
    events,
    tiers: listed.ticketTypes,
    ...(offered.length > 0 ? { fromCents: Math.min(...offered.map((tier) => tier.priceCents)) } : {}),
  };
}

/** TIX-08: one pass's public page; draft, withdrawn and unknown passes do not exist for the public. */
export async function publicPass(
  deps: Pick<Deps, 'db' | 'clock'>,
  passId: string,
): Promise<PublicPass | undefined> {
  const pass = await readPass(deps, passId);
  if (pass?.status !== 'active') return undefined;
  return publicView(deps, pass);
}

/** TIX-08: active passes whose sales have not ended (on sale or soon), soonest end first. */
export async function currentPasses(deps: Pick<Deps, 'db' | 'clock'>): Promise<Pass[]> {
  const now = deps.clock.now().toISOString();
  const { data } = await deps.db.ticketing.entities.pass.query
    .all({})
    .gt({ salesEndAt: now })
    .go({ pages: 'all', hydrate: true });
  return data.filter((pass) => pass.status === 'active');
}

/** TIX-08, CAL-08: the « Passes » tab: the current passes with their events and tiers. */
export async function publicPasses(deps: Pick<Deps, 'db' | 'clock'>): Promise<PublicPass[]> {
  return Promise.all((await currentPasses(deps)).map((pass) => publicView(deps, pass)));
}

/** TIX-08: the passes an event's sheet shows (active, sales not ended), from the event's own partition. */
export async function passesOfEvent(deps: Pick<Deps, 'db' | 'clock'>, eventId: string): Promise<PassLink[]> {
  const now = deps.clock.now().toISOString();
  const { data } = await deps.db.ticketing.entities.passLink.query.byEvent({ eventId }).go({ pages: 'all' });
  return data
    .filter((link) => link.status === 'active' && link.salesEndAt > now)
    .sort((a, b) => a.salesEndAt.localeCompare(b.salesEndAt));
}

/**
 * TIX-08, TIX-12: the names the door shows for the tickets of passes including `eventId`
 * (« Passe Festival — Adulte »), tiers of withdrawn passes too: their tickets still come in.
 */
export async function passTierNames(
  deps: Pick<Deps, 'db'>,
  eventId: string,
): Promise<{ ticketTypeId: string; fr: string; en: string }[]> {
  const { data: links } = await deps.db.ticketing.entities.passLink.query
    .byEvent({ eventId })
    .go({ pages: 'all' });
  const tiers = await Promise.all(
    links.map(async (link) => {
      const { data } = await deps.db.ticketing.entities.ticketType.query
        .byEvent({ eventId: link.passId })
        .go({ pages: 'all', attributes: ['ticketTypeId', 'nameFr', 'nameEn'] });
      return data.map((tier) => ({
        ticketTypeId: tier.ticketTypeId,
        fr: `${link.title} — ${tier.nameFr}`,
        en: `${link.title} — ${tier.nameEn}`,
      }));
    }),
  );
  return tiers.flat();
}

/**
 * TIX-08, ORG-02, TIX-14: an organization's passes (any state: a withdrawn pass's orders stay), for
 * its orders' titles and its dashboard's choices; newest sales end first. Read from the list of all
 * passes, which staff keep short; no index per organization yet.
 */
export async function passesOfOrganization(deps: Pick<Deps, 'db'>, orgId: string): Promise<Pass[]> {
  return (await listPasses(deps)).filter((pass) => pass.orgId === orgId);
}
