/**
 * The profile form (ORG-03) as the portal's « Profil » tab and the console's organization page
 * both post it: one reading of the form, one call of the use case, one answer. Who edits comes
 * from the session (`actor`), which organization from the session or the console's URL — never
 * from the form. A save refused because someone saved first keeps what this editor typed and
 * marks, under each field changed meanwhile, what is stored now; the form then carries the new
 * version, so saving again is a deliberate choice made with both in view.
 */
import type { ActionFailure } from '@sveltejs/kit';
import { serverDeps } from '$lib/server/deps';
import { type FormFailure, formFailure, pageFailure, readForm } from '$lib/server/form';
import {
  OrganizationChangedError,
  type OrganizationProfile,
  type ProfileFields,
  profileFieldNames,
  updateOrganizationProfile,
} from '$shared/organizations/organization-profile';
import type { Locale } from '$shared/templates/i18n/locale';
import { type MessageKey, t } from '$shared/templates/i18n/messages';

export const profileFormName = 'profile';

/** The profile as its form shows it: every field a string. */
export type ProfileFormValues = Record<keyof ProfileFields | 'name' | 'version', string>;

export function profileFormValues(profile: OrganizationProfile): ProfileFormValues {
  const values = { name: profile.name, version: String(profile.version) } as ProfileFormValues;
  for (const name of profileFieldNames) values[name] = profile[name] ?? '';
  return values;
}

function labels(locale: Locale): Record<string, string> {
  return Object.fromEntries(
    ['name', ...profileFieldNames].map((name) => [name, t(locale, `orgProfile.field.${name}` as MessageKey)]),
  );
}

/**
 * Saves the posted profile of `orgId`. `canRename`: staff, whose form has the name field; the
 * organization's form has none, so its save never touches the name.
 */
export async function saveProfileForm(
  request: Request,
  locale: Locale,
  scope: { orgId: string; actor: { userId: string; staff: boolean }; canRename: boolean },
): Promise<{ form: string; saved: true } | ActionFailure<FormFailure>> {
  const values = await readForm(request, ['version', 'name', ...profileFieldNames]);
  const profile: Record<string, string> = {};
  for (const name of profileFieldNames) {
    if (values[name].trim()) profile[name] = values[name];
  }
  const options = {
    form: profileFormName,
    values,
    labels: labels(locale),
    paths: Object.fromEntries(profileFieldNames.map((name) => [`profile.${name}`, name])),
    codeFields: { rename_staff_only: 'name' },
  };
  try {
    await updateOrganizationProfile(serverDeps(), {
      orgId: scope.orgId,
      actor: scope.actor,
      expectedVersion: Number.parseInt(values.version, 10) || 0,
      name: scope.canRename ? values.name : undefined,
      profile,
    });
    return { form: profileFormName, saved: true };
  } catch (error) {
    if (error instanceof OrganizationChangedError) return conflict(error, values, locale, scope.canRename);
    return formFailure(error, locale, options);
  }
}

function conflict(
  error: OrganizationChangedError,
  typed: Record<string, string>,
  locale: Locale,
  canRename: boolean,
): ActionFailure<FormFailure> {
  const stored = profileFormValues(error.current);
  const fields: Record<string, string> = {};
  const names = canRename ? (['name', ...profileFieldNames] as const) : profileFieldNames;
  for (const name of names) {
    const now = stored[name];
    if (now.trim() === (typed[name] ?? '').trim()) continue;
    fields[name] = now
      ? t(locale, 'orgProfile.savedMeanwhile', { value: now })
      : t(locale, 'orgProfile.savedMeanwhileEmpty');
  }
  return pageFailure(409, error.code, error.userMessage[locale], {
    form: profileFormName,
    values: { ...typed, version: stored.version },
    fields,
  });
}
