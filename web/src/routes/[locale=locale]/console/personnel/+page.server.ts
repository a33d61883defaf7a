import { fail } from '@sveltejs/kit';
import { requireStaff } from '$lib/server/access';
import { resetSecondFactorAction } from '$lib/server/console/second-factor-reset';
import { serverDeps } from '$lib/server/deps';
import { formFailure, missingFields, readForm } from '$lib/server/form';
import { addMember, listMembers, removeMember } from '$shared/identity/members';
import { platformOrgId } from '$shared/identity/membership';
import { t } from '$shared/templates/i18n/messages';
import type { Actions, PageServerLoad } from './$types';

const platformRoles = ['staff', 'trainer'] as const;
type PlatformRole = (typeof platformRoles)[number];

export const load: PageServerLoad = async (event) => {
  const principal = requireStaff(event);
  const members = await listMembers(serverDeps(), { orgId: platformOrgId });
  return { members, selfUserId: principal.userId };
};

export const actions: Actions = {
  /** ROLE-04 / ROLE-05: staff give the trainer or staff role; a new person gets an invitation. */
  add: async (event) => {
    const principal = requireStaff(event);
    const { locale } = event.locals;
    const values = await readForm(event.request, ['displayName', 'email', 'role', 'language']);
    const labels = {
      displayName: t(locale, 'console.members.field.name'),
      email: t(locale, 'console.members.field.email'),
      role: t(locale, 'console.members.field.role'),
    };
    const options = {
      form: 'add',
      values,
      labels,
      paths: { 'person.displayName': 'displayName', 'person.email': 'email', role: 'role' },
    };
    const missing = missingFields(values, labels, locale, options);
    if (missing) return missing;
    const role = platformRoles.find((entry) => entry === values.role) as PlatformRole | undefined;
    if (!role) {
      return fail(400, {
        form: 'add',
        code: 'invalid',
        message: t(locale, 'console.members.badRole'),
        fields: { role: t(locale, 'console.members.badRole') },
        values,
      });
    }
    try {
      const { invited } = await addMember(serverDeps(), {
        orgId: platformOrgId,
        role,
        person: {
          email: values.email,
          displayName: values.displayName,
          locale: values.language === 'en' ? 'en' : 'fr',
        },
        actorUserId: principal.userId,
      });
      return { form: 'add', done: invited ? 'memberInvited' : 'memberAdded' };
    } catch (cause) {
      return formFailure(cause, locale, options);
    }
  },

  /** Takes the platform role away (logged out everywhere at once); never one's own. */
  remove: async (event) => {
    const principal = requireStaff(event);
    const { locale } = event.locals;
    const values = await readForm(event.request, ['userId']);
    const form = `member-${values.userId}`;
    if (values.userId === principal.userId) {
      return fail(409, {
        form,
        code: 'self',
        message: t(locale, 'console.staff.notSelf'),
        fields: {},
        values: {},
      });
    }
    try {
      await removeMember(serverDeps(), {
        orgId: platformOrgId,
        userId: values.userId,
        actorUserId: principal.userId,
      });
      return { form: 'members', done: 'memberRemoved' };
    } catch (cause) {
      return formFailure(cause, locale, { form });
    }
  },

  /** ROLE-05: a lost phone without recovery codes; the person logs in with the password only, staff enroll again. */
  resetSecondFactor: resetSecondFactorAction,
};
