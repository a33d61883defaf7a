import * as z from 'zod/mini';
import { nameKey } from '../crm/normalize';
import type { Deps } from '../deps';
import { listOrganizations } from '../identity/members';
import { ContainerCache } from '../kernel/container-cache';
import { NotFoundError } from '../kernel/errors';
import { parseInput } from '../kernel/validate';
import { defaultTimeZone, isKnownTimeZone } from '../kernel/zoned-time';
import { StaffOnlyError } from './errors';
import { id, line } from './event-input';
import { type TaxonomyKind, type TaxonomyTerm, taxonomyKinds } from './taxonomy-term';
import type { Venue } from './venue';

type RefDeps = Pick<Deps, 'db' | 'clock' | 'ids'>;

const staffOnly = z.object({ userId: id(), staff: z.boolean() });

function requireStaff(actor: z.output<typeof staffOnly>, what: string) {
  if (!actor.staff) throw new StaffOnlyError(what);
}

/**
 * Pick lists change a few times a year and are read by every event form and public page: one copy
 * per container, for a minute, forgotten whenever this container changes them (ORG-05, ORG-09).
 */
const pickLists = new ContainerCache<unknown>(60_000);

function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
  return pickLists.through(key, load) as Promise<T>;
}

/** Forgets the pick lists of this container (after a change, and between tests). */
export function clearReferenceCache(): void {
  pickLists.clear();
}

const venueFields = z.object({
  name: line(150),
  address: line(200),
  city: line(100),
  postalCode: z.optional(line(12)),
  latitude: z.optional(z.number().check(z.minimum(-90), z.maximum(90))),
  longitude: z.optional(z.number().check(z.minimum(-180), z.maximum(180))),
  timeZone: z._default(z.string().check(z.refine(isKnownTimeZone, 'unknown_time_zone')), defaultTimeZone),
});

const saveVenueInput = z.object({ actor: staffOnly, venueId: z.optional(id()), fields: venueFields });

/** ORG-09: staff create or edit a venue with its geolocation and time zone (checked with Intl). */
export async function saveVenue(
  deps: RefDeps,
  input: z.input<typeof saveVenueInput>,
): Promise<{ venueId: string }> {
  const parsed = parseInput(saveVenueInput, input);
  requireStaff(parsed.actor, 'Lieux');
  const { venue } = deps.db.calendar.entities;
  const now = deps.clock.now().toISOString();
  const venueId = parsed.venueId ?? deps.ids();
  const current = parsed.venueId ? (await venue.get({ venueId }).go({ consistent: true })).data : null;
  if (parsed.venueId && !current) throw new NotFoundError({ fr: 'Le lieu', en: 'The venue' });
  await venue
    .put({
      venueId,
      ...parsed.fields,
      nameKey: nameKey(parsed.fields.name) || venueId.toLowerCase(),
      createdAt: current?.createdAt ?? now,
      updatedAt: now,
    })
    .go();
  clearReferenceCache();
  return { venueId };
}

/** ORG-05, ORG-09: venues by name, for pick lists (g1 `VENUES`, hydrated: the index holds keys only). */
export async function listVenues(deps: Pick<Deps, 'db'>): Promise<Venue[]> {
  return cached('venues', async () => {
    const { data } = await deps.db.calendar.entities.venue.query
      .byName({})
      .go({ pages: 'all', hydrate: true });
    return data;
  });
}

const termFields = z.object({
  nameFr: line(100),
  nameEn: line(100),
  requiresExhibitionType: z._default(z.boolean(), false),
});

const saveTermInput = z.object({
  actor: staffOnly,
  kind: z.enum(taxonomyKinds),
  termId: z.optional(id()),
  fields: termFields,
});

/** ORG-09: staff create or rename a category, audience or exhibition type; its id never changes. */
export async function saveTaxonomyTerm(
  deps: RefDeps,
  input: z.input<typeof saveTermInput>,
): Promise<{ termId: string }> {
  const parsed = parseInput(saveTermInput, input);
  requireStaff(parsed.actor, 'Listes');
  const { taxonomyTerm } = deps.db.calendar.entities;
  const now = deps.clock.now().toISOString();
  const termId = parsed.termId ?? deps.ids();
  const current = parsed.termId
    ? (await taxonomyTerm.get({ kind: parsed.kind, termId }).go({ consistent: true })).data
    : null;
  if (parsed.termId && !current) throw new NotFoundError({ fr: 'L’élément de liste', en: 'The list item' });
  await taxonomyTerm
    .put({
      kind: parsed.kind,
      termId,
      ...parsed.fields,
      requiresExhibitionType: parsed.kind === 'category' && parsed.fields.requiresExhibitionType,
      createdAt: current?.createdAt ?? now,
      updatedAt: now,
    })
    .go();
  clearReferenceCache();
  return { termId };
}

/**
 * CAL-02: the organizations the calendar's presenter filter offers (the active ones, by name),
 * copied per container like the pick lists: every calendar page shows them, and an organization
 * created or renamed in another container shows there within the minute a public page is cached
 * by CloudFront anyway (decision 0013).
 */
export async function listPresenters(deps: Pick<Deps, 'db'>): Promise<{ orgId: string; name: string }[]> {
  return cached('presenters', async () =>
    (await listOrganizations(deps))
      .filter((organization) => organization.status === 'active')
      .map((organization) => ({ orgId: organization.orgId, name: organization.name })),
  );
}

/** ORG-05: one pick list, sorted by its French name. */
export async function listTaxonomyTerms(deps: Pick<Deps, 'db'>, kind: TaxonomyKind): Promise<TaxonomyTerm[]> {
  return cached(`taxo:${kind}`, async () => {
    const { data } = await deps.db.calendar.entities.taxonomyTerm.query.byKind({ kind }).go({ pages: 'all' });
    return [...data].sort((a, b) => a.nameFr.localeCompare(b.nameFr, 'fr'));
  });
}
