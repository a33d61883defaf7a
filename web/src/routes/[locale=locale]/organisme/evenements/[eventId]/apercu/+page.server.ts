import { error } from '@sveltejs/kit';
import { serverDeps } from '$lib/server/deps';
import { orgActor } from '$lib/server/organization/event-actions';
import { cardWhen } from '$shared/calendar/calendar-cards';
import { readImage } from '$shared/calendar/event-images';
import { eventForEditing } from '$shared/calendar/organization-events';
import { listTaxonomyTerms, listVenues } from '$shared/calendar/reference-data';
import { getOrganization } from '$shared/identity/members';
import type { StoredRendition } from '$shared/images/crops';
import { NotFoundError, ValidationError } from '$shared/kernel/errors';
import { t } from '$shared/templates/i18n/messages';
import type { PageServerLoad } from './$types';

/**
 * ORG-05 « prévisualiser »: the event of the session's organization as its public sheet will show
 * it, drafts included (the public sheet shows published events only). Never cached, never indexed.
 */
export const load: PageServerLoad = async (event) => {
  const actor = orgActor(event);
  const { locale } = event.locals;
  const deps = serverDeps();
  let editing: Awaited<ReturnType<typeof eventForEditing>>;
  try {
    editing = await eventForEditing(deps, { actor, eventId: event.params.eventId });
  } catch (cause) {
    if (cause instanceof NotFoundError || cause instanceof ValidationError) {
      error(404, t(locale, 'consoleCalendar.review.notFound'));
    }
    throw cause;
  }
  const { event: shown, mainDate, extraDates } = editing;
  const [venues, categories, audiences, presenter, image] = await Promise.all([
    listVenues(deps),
    listTaxonomyTerms(deps, 'category'),
    listTaxonomyTerms(deps, 'audience'),
    getOrganization(deps, { orgId: shown.presenterOrgId }).catch(() => undefined),
    shown.imageId ? readImage(deps, { actor, imageId: shown.imageId }).catch(() => undefined) : undefined,
  ]);
  const name = (term: { nameFr: string; nameEn: string }) => (locale === 'en' ? term.nameEn : term.nameFr);
  const pick = <T extends { termId: string }>(terms: T[], ids: string[]) =>
    ids.flatMap((id) => terms.filter((term) => term.termId === id));
  const dates = [...(mainDate ? [mainDate] : []), ...extraDates].sort((a, b) =>
    a.startsAt.localeCompare(b.startsAt),
  );
  return {
    preview: {
      eventId: shown.eventId,
      title: shown.title,
      descriptionHtml: shown.descriptionHtml,
      presenter: presenter?.name,
      categories: pick(categories, shown.categoryIds).map(name),
      audiences: pick(audiences, shown.audienceIds).map(name),
      venues: shown.venueIds
        .flatMap((venueId) => venues.filter((venue) => venue.venueId === venueId))
        .map((venue) => ({
          venueId: venue.venueId,
          name: venue.name,
          address: venue.address,
          city: venue.city,
        })),
      dates: dates.map((date) => cardWhen({ ...date, timeZone: shown.timeZone })),
      price: {
        free: shown.free,
        freeOption: shown.freeOption,
        priceMinCents: shown.priceMinCents,
        priceMaxCents: shown.priceMaxCents,
        currency: shown.currency,
      },
      soldOut: shown.soldOut,
      renditions: (image?.crops.sheet?.renditions ?? []) as StoredRendition[],
    },
  };
};
