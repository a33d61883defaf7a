import { requireOrganization } from '$lib/server/access';
import { serverDeps } from '$lib/server/deps';
import { listMembers } from '$shared/identity/members';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const { orgId } = requireOrganization(event);
  const members = await listMembers(serverDeps(), { orgId });
  return {
    counts: {
      organizers: members.filter((member) => member.role === 'organisme').length,
      moderators: members.filter((member) => member.role === 'moderator').length,
      invited: members.filter((member) => member.status === 'invited').length,
    },
  };
};
