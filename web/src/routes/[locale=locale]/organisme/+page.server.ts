import { requireOrganization } from '$lib/server/access';
import { serverDeps } from '$lib/server/deps';
import { loadSales } from '$lib/server/orders/dashboard';
import { organizationEvents } from '$shared/calendar/organization-events';
import { listMembers } from '$shared/identity/members';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const { orgId, principal } = requireOrganization(event);
  const [members, events] = await Promise.all([
    listMembers(serverDeps(), { orgId }),
    // ORG-02: the events by state and the next ones (page views are not kept, so not shown).
    organizationEvents(serverDeps(), { orgId }),
  ]);
  // ORG-02, REP-01: sales for a date range or chosen events, from the report counters.
  const sales = await loadSales(
    event,
    { userId: principal.userId, orgId, staff: principal.staff },
    Object.values(events.byState).flat(),
  );
  return {
    sales,
    events: { counts: events.counts, upcoming: events.upcoming },
    counts: {
      organizers: members.filter((member) => member.role === 'organisme').length,
      moderators: members.filter((member) => member.role === 'moderator').length,
      invited: members.filter((member) => member.status === 'invited').length,
    },
  };
};
