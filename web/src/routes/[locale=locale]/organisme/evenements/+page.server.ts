import { serverDeps } from '$lib/server/deps';
import { orgActor } from '$lib/server/organization/event-actions';
import { organizationEvents } from '$shared/calendar/organization-events';
import type { PageServerLoad } from './$types';

/** ORG-04: « Mes événements », the organization's events by state, upcoming first. */
export const load: PageServerLoad = async (event) => {
  const { orgId } = orgActor(event);
  return { events: await organizationEvents(serverDeps(), { orgId }) };
};
