/**
 * How the organization portal names an event's state (ORG-04, ORG-07): a draft the team sent back
 * with a note is a state of its own. No I/O, so the portal's pages can use it in the browser too.
 */
import type { CalendarEvent, EventStatus } from './event';

export type OrganizationEventState = 'sentBack' | EventStatus;

/** In the order the portal lists them: what needs the organizer first. */
export const organizationEventStates = ['sentBack', 'draft', 'submitted', 'published'] as const;

export function stateOf(event: Pick<CalendarEvent, 'status' | 'reviewNote'>): OrganizationEventState {
  return event.status === 'draft' && event.reviewNote ? 'sentBack' : event.status;
}
