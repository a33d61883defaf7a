import { requireOrganization } from '$lib/server/access';
import { serverDeps } from '$lib/server/deps';
import { profileFormValues, saveProfileForm } from '$lib/server/organization/profile-form';
import { getOrganizationProfile, profileFieldLimits } from '$shared/organizations/organization-profile';
import type { Actions, PageServerLoad } from './$types';

/**
 * ORG-03: the « Profil » tab. The organization is the session's (`requireOrganization`), never one
 * named by the request; its name is shown, not edited (only staff rename, on the console).
 */
export const load: PageServerLoad = async (event) => {
  const { orgId } = requireOrganization(event);
  const profile = await getOrganizationProfile(serverDeps(), { orgId });
  return { profile: profileFormValues(profile), updatedAt: profile.updatedAt, limits: profileFieldLimits };
};

export const actions: Actions = {
  default: async (event) => {
    const { orgId, principal } = requireOrganization(event);
    return saveProfileForm(event.request, event.locals.locale, {
      orgId,
      actor: { userId: principal.userId, staff: false },
      canRename: false,
    });
  },
};
