/**
 * The organization's profile (ORG-03): the details the team set up when it created the
 * organization, which the organization keeps up to date from the « Profil » tab of its portal and
 * staff from its console page. Everything is plain text — HTML typed here is shown as typed, never
 * interpreted — and every link is an http(s) address. The name is the presenter's name on every
 * event and in the staff's pick lists: only staff change it (the seed: « vos informations
 * préprogrammées par l'équipe … faites-nous signe »). Each change is a patch of the organization
 * item conditioned on the `version` the editor loaded: of two editors, the second is refused with
 * what the first saved, so nothing typed is lost.
 */
import * as z from 'zod/mini';
import { isConditionFailure } from '../db/conditions';
import type { Deps } from '../deps';
import { nameKey } from '../identity/members';
import type { Organization } from '../identity/organization';
import { ConflictError, DomainError, NotFoundError } from '../kernel/errors';
import { parseInput } from '../kernel/validate';

/** Lengths a profile never needs to exceed; the form shows the same limits. */
export const profileFieldLimits = {
  name: 150,
  description: 2000,
  url: 2000,
  email: 254,
  phone: 30,
  street: 200,
  city: 100,
  postalCode: 12,
} as const;

// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing them is the point.
const controlCharacters = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: line breaks and tabs are allowed in a paragraph.
const controlInParagraph = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/;

const line = (max: number) =>
  z.string().check(
    z.trim(),
    z.minLength(1),
    z.maxLength(max),
    z.refine((value) => !controlCharacters.test(value), 'control_characters'),
  );
const paragraph = (max: number) =>
  z.pipe(
    z.string().check(z.overwrite((value) => value.replace(/\r\n?/g, '\n').trim())),
    z.string().check(
      z.minLength(1),
      z.maxLength(max),
      z.refine((value) => !controlInParagraph.test(value), 'control_characters'),
    ),
  );
const id = () => line(64);
const email = () =>
  z.pipe(z.string().check(z.trim(), z.toLowerCase(), z.maxLength(profileFieldLimits.email)), z.email());
const httpUrl = () =>
  z
    .url({ protocol: /^https?$/, hostname: z.regexes.domain })
    .check(z.trim(), z.maxLength(profileFieldLimits.url));
/** Digits with the usual separators, an optional extension: « 418 555-0100 poste 12 ». */
const phone = () =>
  line(profileFieldLimits.phone).check(
    z.refine(
      (value) =>
        /^\+?[\d\s().-]+(?:\s*(?:poste|ext\.?|x)\s*\d{1,6})?$/i.test(value) &&
        (value.match(/\d/g) ?? []).length >= 7,
      'invalid_phone',
    ),
  );

/** What the organization (and staff) may change; an absent field is removed from the profile. */
export const profileFields = z.object({
  contactEmail: z.optional(email()),
  description: z.optional(paragraph(profileFieldLimits.description)),
  websiteUrl: z.optional(httpUrl()),
  publicEmail: z.optional(email()),
  phone: z.optional(phone()),
  street: z.optional(line(profileFieldLimits.street)),
  city: z.optional(line(profileFieldLimits.city)),
  postalCode: z.optional(line(profileFieldLimits.postalCode)),
  facebookUrl: z.optional(httpUrl()),
  instagramUrl: z.optional(httpUrl()),
});

export type ProfileFields = z.output<typeof profileFields>;
export const profileFieldNames = Object.keys(profileFields.shape) as (keyof ProfileFields)[];

/** The profile as an editor sees it: the stored details and the version they were read at. */
export interface OrganizationProfile extends ProfileFields {
  orgId: string;
  name: string;
  status: Organization['status'];
  version: number;
  updatedAt?: string;
}

export function profileOf(organization: Organization): OrganizationProfile {
  const fields: ProfileFields = {};
  for (const name of profileFieldNames) {
    const value = organization[name];
    if (value !== undefined) fields[name] = value;
  }
  return {
    ...fields,
    orgId: organization.orgId,
    name: organization.name,
    status: organization.status,
    version: organization.version ?? 0,
    updatedAt: organization.updatedAt,
  };
}

const notFound = () => new NotFoundError({ fr: 'L’organisme', en: 'The organization' });

/**
 * Someone saved the profile after this editor loaded it: nothing was written. `current` is what is
 * stored now, so the page can show it beside what this editor typed and let them save again.
 */
export class OrganizationChangedError extends ConflictError {
  constructor(readonly current: OrganizationProfile) {
    super('organization_changed_meanwhile', {
      fr: 'Quelqu’un d’autre a enregistré ce profil pendant que vous le modifiiez. Vos changements n’ont pas été enregistrés : ils sont toujours dans le formulaire, avec sous chaque champ modifié entre-temps la valeur enregistrée. Vérifiez, puis enregistrez de nouveau.',
      en: 'Someone else saved this profile while you were editing it. Your changes were not saved: they are still in the form, with the saved value under each field changed in the meantime. Check them, then save again.',
    });
  }
}

export class RenameStaffOnlyError extends DomainError {
  constructor() {
    super(
      'rename_staff_only',
      {
        fr: 'Seule l’équipe de la plateforme peut changer le nom de l’organisme. Écrivez-lui pour le faire changer.',
        en: 'Only the platform team can change the organization’s name. Write to them to have it changed.',
      },
      { status: 403 },
    );
  }
}

/** ORG-03: the profile of one organization, read consistently (the form's version must be the latest). */
export async function getOrganizationProfile(
  deps: Pick<Deps, 'db'>,
  input: { orgId: string },
): Promise<OrganizationProfile> {
  const { orgId } = parseInput(z.object({ orgId: id() }), input);
  const organization = (await deps.db.identity.entities.organization.get({ orgId }).go({ consistent: true }))
    .data;
  if (!organization) throw notFound();
  return profileOf(organization);
}

const updateInput = z.object({
  /** The session's organization (portal) or the console page's (staff). */
  orgId: id(),
  actor: z.object({ userId: id(), staff: z.boolean() }),
  /** The `version` of the profile the editor loaded. */
  expectedVersion: z.int().check(z.minimum(0)),
  /** A new name: staff only; the same name from anyone changes nothing. */
  name: z.optional(line(profileFieldLimits.name)),
  profile: profileFields,
});

export type UpdateOrganizationProfileInput = z.input<typeof updateInput>;

/**
 * Replaces the profile's details with `profile` (absent fields are removed) and returns the new
 * version. Errors: `ValidationError` naming the field (`profile.websiteUrl`…), `NotFoundError`,
 * `RenameStaffOnlyError`, `OrganizationChangedError` with what is stored now.
 */
export async function updateOrganizationProfile(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: UpdateOrganizationProfileInput,
): Promise<{ version: number }> {
  const parsed = parseInput(updateInput, input);
  const { organization } = deps.db.identity.entities;
  const current = (await organization.get({ orgId: parsed.orgId }).go({ consistent: true })).data;
  if (!current) throw notFound();
  const version = current.version ?? 0;
  if (parsed.expectedVersion !== version) throw new OrganizationChangedError(profileOf(current));
  const renamed = parsed.name !== undefined && parsed.name !== current.name;
  if (renamed && !parsed.actor.staff) throw new RenameStaffOnlyError();

  const set: Partial<Organization> = {};
  const removed: (keyof ProfileFields)[] = [];
  for (const name of profileFieldNames) {
    const value = parsed.profile[name];
    if (value !== undefined) set[name] = value;
    else if (current[name] !== undefined) removed.push(name);
  }
  const name = renamed ? (parsed.name ?? current.name) : current.name;
  try {
    const patch = organization.patch({ orgId: parsed.orgId }).set({
      ...set,
      ...(renamed ? { name, nameKey: nameKey(name) || parsed.orgId } : {}),
      version: version + 1,
      updatedAt: deps.clock.now().toISOString(),
      updatedBy: parsed.actor.userId,
    });
    await (removed.length > 0 ? patch.remove(removed) : patch)
      .where((attr, { eq, notExists }) =>
        current.version === undefined ? notExists(attr.version) : eq(attr.version, version),
      )
      .go();
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const again = (await organization.get({ orgId: parsed.orgId }).go({ consistent: true })).data;
    if (!again) throw notFound();
    throw new OrganizationChangedError(profileOf(again));
  }
  return { version: version + 1 };
}
