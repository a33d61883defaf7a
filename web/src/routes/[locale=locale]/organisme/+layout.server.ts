import { requireOrganization } from '$lib/server/access';
import { serverDeps } from '$lib/server/deps';
import { getOrganization } from '$shared/identity/members';
import type { LayoutServerLoad } from './$types';

/** The organization portal (ROLE-03): the organization is the session's, never the request's. */
export const load: LayoutServerLoad = async (event) => {
  const { orgId, principal } = requireOrganization(event);
  const organization = await getOrganization(serverDeps(), { orgId });
  return {
    organization: { orgId, name: organization.name },
    // Other organizations this user belongs to, to switch between them.
    others: principal.organizations.filter((entry) => entry.orgId !== orgId && entry.role === 'organisme'),
  };
};
