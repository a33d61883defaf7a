import { requireOrganization } from '$lib/server/access';
import { serverDeps } from '$lib/server/deps';
import { formFailure, missingFields, readForm } from '$lib/server/form';
import { addMember, changeMemberRole, listMembers, removeMember } from '$shared/identity/members';
import { t } from '$shared/templates/i18n/messages';
import type { Actions, PageServerLoad } from './$types';

/**
 * ORG-08: an organization manages its own users. The organization is the session's; a user id in a
 * form only ever reaches a membership of that organization (anything else is "not found").
 */
export const load: PageServerLoad = async (event) => {
  const { orgId, principal } = requireOrganization(event);
  return { members: await listMembers(serverDeps(), { orgId }), me: principal.userId };
};

const roleOf = (value: string) => (value === 'moderator' ? 'moderator' : 'organisme');

export const actions: Actions = {
  add: async (event) => {
    const { orgId, principal } = requireOrganization(event);
    const locale = event.locals.locale;
    const values = await readForm(event.request, ['email', 'displayName', 'role', 'language']);
    const labels = {
      displayName: t(locale, 'organization.users.name'),
      email: t(locale, 'organization.users.email'),
    };
    const missing = missingFields(values, labels, locale, { form: 'add' });
    if (missing) return missing;
    try {
      const role = roleOf(values.role);
      const added = await addMember(serverDeps(), {
        orgId,
        role,
        person: {
          email: values.email,
          displayName: values.displayName,
          locale: values.language === 'en' ? 'en' : 'fr',
        },
        actorUserId: principal.userId,
      });
      return { added: { invited: added.invited } };
    } catch (error) {
      return formFailure(error, locale, { form: 'add', values, labels, paths: { 'person.email': 'email' } });
    }
  },
  role: async (event) => {
    const { orgId, principal } = requireOrganization(event);
    const values = await readForm(event.request, ['userId', 'role']);
    try {
      const role = roleOf(values.role);
      await changeMemberRole(serverDeps(), {
        orgId,
        userId: values.userId,
        role,
        actorUserId: principal.userId,
      });
      return { changed: values.userId };
    } catch (error) {
      return formFailure(error, event.locals.locale, { form: `member-${values.userId}` });
    }
  },
  remove: async (event) => {
    const { orgId, principal } = requireOrganization(event);
    const values = await readForm(event.request, ['userId']);
    try {
      await removeMember(serverDeps(), { orgId, userId: values.userId, actorUserId: principal.userId });
      return { removed: values.userId };
    } catch (error) {
      return formFailure(error, event.locals.locale, { form: `member-${values.userId}` });
    }
  },
};
