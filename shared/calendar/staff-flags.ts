import * as z from 'zod/mini';
import type { Deps } from '../deps';
import { parseInput } from '../kernel/validate';
import { requestPublicIndexes } from '../search/request-rebuild';
import { EventChangedMeanwhileError, eventNotFound, StaffOnlyError } from './errors';
import type { CalendarEvent } from './event';
import { id } from './event-input';
import { forgetFeatured } from './list-calendar';
import { loadOwnEvent, projectAfterCommit } from './save-event';

type FlagDeps = Pick<Deps, 'db' | 'clock' | 'log'>;

const flagInput = z.object({
  actor: z.object({ userId: id(), staff: z.boolean() }),
  eventId: id(),
  value: z.boolean(),
});

/**
 * Writes one staff decision on an event: the flag, the version bump and (for « À la une ») the pin
 * in one transaction conditioned on the version read; the projection follows.
 */
async function setFlag(
  deps: FlagDeps,
  input: z.input<typeof flagInput>,
  flag: 'featured' | 'bigEvent',
  label: string,
): Promise<{ version: number }> {
  const parsed = parseInput(flagInput, input);
  if (!parsed.actor.staff) throw new StaffOnlyError(label);
  const current = (
    await deps.db.calendar.entities.event.get({ eventId: parsed.eventId }).go({ consistent: true })
  ).data;
  if (!current) throw eventNotFound();
  const now = deps.clock.now().toISOString();
  const next: CalendarEvent = {
    ...current,
    [flag]: parsed.value,
    version: current.version + 1,
    updatedAt: now,
    updatedBy: parsed.actor.userId,
  };
  const result = await deps.db.calendar.transaction
    .write(({ event, featuredPin }) => [
      event
        .put(next)
        .where((attr, { eq }) => eq(attr.version, current.version))
        .commit(),
      ...(flag === 'featured'
        ? [
            parsed.value
              ? featuredPin
                  .put({
                    eventId: current.eventId,
                    endsAt: current.endsAt,
                    pinnedBy: parsed.actor.userId,
                    at: now,
                    expiresAt: Math.floor(Date.parse(current.endsAt) / 1000),
                  })
                  .commit()
              : featuredPin.delete({ eventId: current.eventId }).commit(),
          ]
        : []),
    ])
    .go();
  if (result.canceled) throw new EventChangedMeanwhileError();
  if (flag === 'featured') forgetFeatured();
  if (current.status === 'published') await projectAfterCommit(deps, current.eventId);
  return { version: next.version };
}

/** ORG-09, CAL-03: staff force an event into « À la une » (or take it out). */
export function setFeatured(deps: FlagDeps, input: z.input<typeof flagInput>) {
  return setFlag(deps, input, 'featured', 'À la une');
}

/** ORG-09, CAL-05: staff mark a big event (festival, salon) that can hold a programme. */
export function setBigEvent(deps: FlagDeps, input: z.input<typeof flagInput>) {
  return setFlag(deps, input, 'bigEvent', 'Grand événement');
}

const unpublishInput = z.object({
  actor: z.object({ userId: id(), orgId: id(), staff: z._default(z.boolean(), false) }),
  eventId: id(),
  expectedVersion: z.int(),
});

/** Takes a published event off the calendar (back to draft); its calendar entries are deleted. */
export async function unpublishEvent(
  deps: FlagDeps & Pick<Deps, 'queues'>,
  input: z.input<typeof unpublishInput>,
): Promise<{ version: number }> {
  const parsed = parseInput(unpublishInput, input);
  const current = parsed.actor.staff
    ? (await deps.db.calendar.entities.event.get({ eventId: parsed.eventId }).go({ consistent: true })).data
    : await loadOwnEvent(deps, parsed.eventId, parsed.actor.orgId);
  if (!current) throw eventNotFound();
  if (current.version !== parsed.expectedVersion) throw new EventChangedMeanwhileError();
  const now = deps.clock.now().toISOString();
  const next: CalendarEvent = {
    ...current,
    status: 'draft',
    version: current.version + 1,
    updatedAt: now,
    updatedBy: parsed.actor.userId,
  };
  const result = await deps.db.calendar.transaction
    .write(({ event }) => [
      event
        .put(next)
        .where((attr, { eq }) => `${eq(attr.version, current.version)} AND ${eq(attr.orgId, current.orgId)}`)
        .commit(),
    ])
    .go();
  if (result.canceled) throw new EventChangedMeanwhileError();
  await projectAfterCommit(deps, current.eventId);
  // CAL-10: out of the search file too (decision 0011 §2); results also hide it at once (no entry).
  if (current.status === 'published') await requestPublicIndexes(deps);
  return { version: next.version };
}

const orgEventsInput = z.object({
  orgId: id(),
  status: z.optional(z.enum(['draft', 'submitted', 'published'])),
  cursor: z.optional(z.string().check(z.maxLength(1000))),
});

/**
 * ORG-04: the organization's events, newest first (g3 `ORG#<orgId>` begins_with `EVENT#`,
 * hydrated), optionally of one state, 50 a page. `orgId` comes from the session.
 */
export async function listOrganizationEvents(
  deps: Pick<Deps, 'db'>,
  input: z.input<typeof orgEventsInput>,
): Promise<{ events: CalendarEvent[]; cursor?: string }> {
  const parsed = parseInput(orgEventsInput, input);
  const page = await deps.db.calendar.entities.event.query
    .byOrg({ orgId: parsed.orgId })
    .go({ order: 'desc', limit: 50, cursor: parsed.cursor ?? null, hydrate: true });
  const events = page.data.filter(
    (event) => event.orgId === parsed.orgId && (!parsed.status || event.status === parsed.status),
  );
  return { events, cursor: page.cursor ?? undefined };
}
