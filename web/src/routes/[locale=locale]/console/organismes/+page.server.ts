import { redirect } from '@sveltejs/kit';
import { paths } from '$lib/paths';
import { requireStaff } from '$lib/server/access';
import { serverDeps } from '$lib/server/deps';
import { formFailure, missingFields, readForm } from '$lib/server/form';
import { createOrganization, listOrganizations } from '$shared/identity/members';
import { t } from '$shared/templates/i18n/messages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireStaff(event);
  const organizations = await listOrganizations(serverDeps());
  return {
    organizations: organizations.map(({ orgId, name, contactEmail, status, createdAt }) => ({
      orgId,
      name,
      contactEmail,
      status,
      createdAt,
    })),
  };
};

export const actions: Actions = {
  /** ORG-01: staff create an organization with its first member, who gets an invitation e-mail. */
  create: async (event) => {
    const principal = requireStaff(event);
    const { locale } = event.locals;
    const values = await readForm(event.request, [
      'name',
      'contactEmail',
      'memberName',
      'memberEmail',
      'memberLanguage',
    ]);
    const labels = {
      name: t(locale, 'console.orgs.field.name'),
      contactEmail: t(locale, 'console.orgs.field.contactEmail'),
      memberName: t(locale, 'console.orgs.field.memberName'),
      memberEmail: t(locale, 'console.orgs.field.memberEmail'),
      memberLanguage: t(locale, 'console.field.language'),
    };
    const options = {
      form: 'create',
      values,
      labels,
      paths: {
        name: 'name',
        contactEmail: 'contactEmail',
        'firstMember.displayName': 'memberName',
        'firstMember.email': 'memberEmail',
        'firstMember.locale': 'memberLanguage',
      },
    };
    const missing = missingFields(
      values,
      { name: labels.name, memberName: labels.memberName, memberEmail: labels.memberEmail },
      locale,
      options,
    );
    if (missing) return missing;
    const deps = serverDeps();
    let orgId: string;
    try {
      const created = await createOrganization(deps, {
        name: values.name,
        contactEmail: values.contactEmail.trim() || undefined,
        firstMember: {
          email: values.memberEmail,
          displayName: values.memberName,
          locale: values.memberLanguage === 'en' ? 'en' : 'fr',
        },
        actorUserId: principal.userId,
      });
      // PLAT-02: the use case writes the organization's and its first member's audit entries with them.
      orgId = created.orgId;
    } catch (cause) {
      return formFailure(cause, locale, options);
    }
    redirect(303, `${paths.consoleOrganization(locale, orgId)}?cree=1`);
  },
};
