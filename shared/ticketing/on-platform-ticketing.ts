/**
 * CAL-08: the calendar's `onPlatformTicketing` flag of an event (the « Billetterie / Inscriptions »
 * menu) is true exactly when its ticketing is enabled (TIX-01) and it has an active category
 * (TIX-02). Every ticketing write that may change either side (settings saved, a category created,
 * changed or withdrawn) calls `syncOnPlatformTicketing` after its commit: it reads both sides and
 * the event consistently, writes the flag only when it differs (an update conditioned on the
 * event's version, which it bumps; refused, it waits a random while and reads again), and projects
 * the event's calendar entries again when it is published (project-calendar.ts). Because each
 * writer reads after its own commit, two concurrent writers converge on the flag of the last state.
 */

import { projectEvent } from '../calendar/project-calendar';
import { isConditionFailure } from '../db/conditions';
import type { Deps } from '../deps';
import { EventBusyError } from './errors';
import { isTransient, pauseBeforeRetry } from './transient';

type SyncDeps = Pick<Deps, 'db' | 'clock' | 'log'>;

/** Attempts when the event is saved by someone else between the read and the flag's write. */
const attempts = 8;

/** Whether the event has a category still offered (`active`, whatever its sales window). */
export async function hasActiveCategory(deps: Pick<Deps, 'db'>, eventId: string): Promise<boolean> {
  const { data } = await deps.db.ticketing.entities.ticketType.query
    .byEvent({ eventId })
    .go({ consistent: true, pages: 'all', attributes: ['status'] });
  return data.some((type) => type.status === 'active');
}

/** The flag's rule, without I/O. */
export function onPlatformTicketing(enabled: boolean, activeCategory: boolean): boolean {
  return enabled && activeCategory;
}

/**
 * Writes the flag the event's ticketing now calls for; returns it (`false` for a missing event).
 * Throws `EventBusyError` when the event changed under every attempt.
 */
export async function syncOnPlatformTicketing(
  deps: SyncDeps,
  input: { eventId: string; userId: string },
): Promise<boolean> {
  const { eventId } = input;
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    const [event, settings, active] = await Promise.all([
      deps.db.calendar.entities.event
        .get({ eventId })
        .go({ consistent: true, attributes: ['version', 'status', 'onPlatformTicketing'] }),
      deps.db.ticketing.entities.ticketingSettings
        .get({ eventId })
        .go({ consistent: true, attributes: ['enabled'] }),
      hasActiveCategory(deps, eventId),
    ]);
    if (!event.data) return false;
    const wanted = onPlatformTicketing(settings.data?.enabled ?? false, active);
    if (event.data.onPlatformTicketing === wanted) return wanted;
    const version = event.data.version;
    try {
      // One item: a conditional update, not a transaction, so two syncs of one event queue on the
      // item instead of cancelling each other (DynamoDB Local cancels both of two transactions).
      await deps.db.calendar.entities.event
        .patch({ eventId })
        .set({
          onPlatformTicketing: wanted,
          updatedAt: deps.clock.now().toISOString(),
          updatedBy: input.userId,
        })
        .add({ version: 1 })
        .where((attr, { eq }) => eq(attr.version, version))
        .go({ response: 'none' });
    } catch (error) {
      // The event moved since the read (another writer: read again), or DynamoDB refused the write
      // for a transaction in flight on the item; either way nothing was written.
      if (!isConditionFailure(error) && !isTransient(error)) throw error;
      await pauseBeforeRetry(attempt);
      continue;
    }
    if (event.data.status === 'published') await projectEvent(deps, { eventId });
    return wanted;
  }
  throw new EventBusyError();
}

/**
 * The sync after a commit that already succeeded: a failure is logged, not thrown (the organizer's
 * change is saved), and the next ticketing write of the event repeats it.
 */
export async function syncOnPlatformTicketingAfterCommit(
  deps: SyncDeps,
  input: { eventId: string; userId: string },
): Promise<void> {
  try {
    await syncOnPlatformTicketing(deps, input);
  } catch (error) {
    deps.log.warn('onPlatformTicketing sync failed after commit; the next ticketing write repeats it', {
      eventId: input.eventId,
      error: String(error),
    });
  }
}
