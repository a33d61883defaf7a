import { error, fail, redirect } from '@sveltejs/kit';
import { paths } from '$lib/paths';
import { requireStaff } from '$lib/server/access';
import { resetSecondFactorAction } from '$lib/server/console/second-factor-reset';
import { serverDeps } from '$lib/server/deps';
import { formFailure, missingFields, readForm } from '$lib/server/form';
import {
  checkboxFormValues,
  saveCheckboxForm,
  withdrawCheckboxForm,
} from '$lib/server/organization/checkbox-form';
import { profileFormValues, saveProfileForm } from '$lib/server/organization/profile-form';
import {
  addMember,
  changeMemberRole,
  getOrganization,
  listMembers,
  removeMember,
} from '$shared/identity/members';
import { type OrganizationRole, organizationRoles, platformOrgId } from '$shared/identity/membership';
import { NotFoundError, ValidationError } from '$shared/kernel/errors';
import { listCustomCheckboxes } from '$shared/organizations/custom-checkboxes';
import { getOrganizationProfile, profileFieldLimits } from '$shared/organizations/organization-profile';
import { t } from '$shared/templates/i18n/messages';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** The organization of the URL; the platform's own members are managed on "Personnel et formateurs". */
async function organizationOf(event: RequestEvent) {
  const { locale } = event.locals;
  if (event.params.orgId === platformOrgId) redirect(303, paths.consoleStaff(locale));
  try {
    return await getOrganization(serverDeps(), { orgId: event.params.orgId });
  } catch (cause) {
    if (cause instanceof NotFoundError || cause instanceof ValidationError) {
      error(404, t(locale, 'console.org.notFound'));
    }
    throw cause;
  }
}

const roleOf = (value: string): OrganizationRole | undefined =>
  organizationRoles.find((role) => role === value);

export const load: PageServerLoad = async (event) => {
  requireStaff(event);
  const organization = await organizationOf(event);
  const { orgId } = organization;
  const [members, profile, boxes] = await Promise.all([
    listMembers(serverDeps(), { orgId }),
    getOrganizationProfile(serverDeps(), { orgId }),
    listCustomCheckboxes(serverDeps(), { orgId }),
  ]);
  const editingId = event.url.searchParams.get('case');
  const editing = boxes.find((box) => box.checkboxId === editingId && box.status !== 'withdrawn');
  return {
    // ORG-03: the same profile form as the portal's « Profil » tab, with the name (staff rename).
    profile: profileFormValues(profile),
    profileLimits: profileFieldLimits,
    // ORG-09, TIX-05: the organization's custom checkboxes.
    checkboxes: boxes.map(
      ({ checkboxId, labelFr, labelEn, priceCents, currency, taxes, status, position, withdrawnAt }) => ({
        checkboxId,
        labelFr,
        labelEn,
        priceCents,
        currency,
        taxes,
        status,
        position,
        withdrawnAt,
      }),
    ),
    editingCheckbox: editing ? checkboxFormValues(editing, event.locals.locale) : null,
    organization: {
      orgId: organization.orgId,
      name: organization.name,
      contactEmail: organization.contactEmail,
      status: organization.status,
      createdAt: organization.createdAt,
    },
    members,
    created: event.url.searchParams.has('cree'),
  };
};

function badRole(locale: 'fr' | 'en', form: string) {
  return fail(400, {
    form,
    code: 'invalid',
    message: t(locale, 'console.members.badRole'),
    fields: { role: t(locale, 'console.members.badRole') },
    values: {},
  });
}

export const actions: Actions = {
  /** ORG-08 from the staff side: a user with the role "Organisme" or "Modérateur de clavardage". */
  add: async (event) => {
    const principal = requireStaff(event);
    const { locale } = event.locals;
    const organization = await organizationOf(event);
    const values = await readForm(event.request, ['displayName', 'email', 'role', 'language']);
    const labels = {
      displayName: t(locale, 'console.members.field.name'),
      email: t(locale, 'console.members.field.email'),
      role: t(locale, 'console.members.field.role'),
      language: t(locale, 'console.field.language'),
    };
    const options = {
      form: 'add',
      values,
      labels,
      paths: { 'person.displayName': 'displayName', 'person.email': 'email', role: 'role' },
    };
    const missing = missingFields(
      values,
      { displayName: labels.displayName, email: labels.email },
      locale,
      options,
    );
    if (missing) return missing;
    const role = roleOf(values.role);
    if (!role) return badRole(locale, 'add');
    try {
      const { invited } = await addMember(serverDeps(), {
        orgId: organization.orgId,
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

  /** Organisme ↔ Modérateur de clavardage; an organization keeps at least one "Organisme". */
  changeRole: async (event) => {
    const principal = requireStaff(event);
    const { locale } = event.locals;
    const organization = await organizationOf(event);
    const values = await readForm(event.request, ['userId', 'role']);
    const role = roleOf(values.role);
    if (!role) return badRole(locale, `member-${values.userId}`);
    try {
      await changeMemberRole(serverDeps(), {
        orgId: organization.orgId,
        userId: values.userId,
        role,
        actorUserId: principal.userId,
      });
      return { form: `member-${values.userId}`, done: 'roleChanged' };
    } catch (cause) {
      return formFailure(cause, locale, { form: `member-${values.userId}` });
    }
  },

  remove: async (event) => {
    const principal = requireStaff(event);
    const { locale } = event.locals;
    const organization = await organizationOf(event);
    const values = await readForm(event.request, ['userId']);
    try {
      await removeMember(serverDeps(), {
        orgId: organization.orgId,
        userId: values.userId,
        actorUserId: principal.userId,
      });
      return { form: 'members', done: 'memberRemoved' };
    } catch (cause) {
      return formFailure(cause, locale, { form: `member-${values.userId}` });
    }
  },

  /** ROLE-05: a lost phone without recovery codes; the person logs in with the password only, staff enroll again. */
  resetSecondFactor: resetSecondFactorAction,

  /** ORG-03: staff edit the organization's profile, and only they rename it. */
  profile: async (event) => {
    const principal = requireStaff(event);
    const organization = await organizationOf(event);
    return saveProfileForm(event.request, event.locals.locale, {
      orgId: organization.orgId,
      actor: { userId: principal.userId, staff: principal.staff },
      canRename: true,
    });
  },

  /** ORG-09, TIX-05: add a custom checkbox, or save the one being edited. */
  saveCheckbox: async (event) => {
    const principal = requireStaff(event);
    const organization = await organizationOf(event);
    return saveCheckboxForm(event.request, event.locals.locale, {
      orgId: organization.orgId,
      actor: { userId: principal.userId, staff: principal.staff },
    });
  },

  /** ORG-09, TIX-05: withdraw a custom checkbox (kept for the orders that name it). */
  withdrawCheckbox: async (event) => {
    const principal = requireStaff(event);
    const organization = await organizationOf(event);
    return withdrawCheckboxForm(event.request, event.locals.locale, {
      orgId: organization.orgId,
      actor: { userId: principal.userId, staff: principal.staff },
    });
  },
};
