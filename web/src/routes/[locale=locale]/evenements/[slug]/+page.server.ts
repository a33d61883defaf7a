import { error, redirect } from '@sveltejs/kit';
import { renditionUrl } from '$lib/components/calendar/format';
import { paths } from '$lib/paths';
import { setPublicCache } from '$lib/server/calendar/public-cache';
import { categoryViews } from '$lib/server/checkout/categories';
import { serverDeps } from '$lib/server/deps';
import { plainDescription, publicEventSheet, sheetJsonLd } from '$shared/calendar/public-calendar';
import { type VenueMapView, venueMapView } from '$shared/calendar/venue-map';
import { jsonLdScriptBody } from '$shared/feeds/json-ld';
import { NotFoundError, ValidationError } from '$shared/kernel/errors';
import type { Locale } from '$shared/templates/i18n/locale';
import { t } from '$shared/templates/i18n/messages';
import { passesOfEvent, passSaleState } from '$shared/ticketing/passes';
import { listTicketTypes } from '$shared/ticketing/ticket-types';
import { readTicketingSettings } from '$shared/ticketing/ticketing-settings';
import { env } from '../../../../../../infra/wiring';
import type { PageServerLoad } from './$types';

/**
 * CAL-01: each located venue's map, from the stage's tile template (config.mapTiles); none when
 * the stage has no tiles (`npm start` and the tests are offline), then the address and its link.
 */
function venueMaps(venues: { venueId: string; latitude?: number; longitude?: number }[]) {
  const tiles = process.env[env.mapTiles];
  const maps: Record<string, VenueMapView> = {};
  if (!tiles) return { maps };
  for (const venue of venues) {
    if (venue.latitude === undefined || venue.longitude === undefined) continue;
    const view = venueMapView(venue.latitude, venue.longitude, { tiles, width: 480, height: 300 });
    if (view) maps[venue.venueId] = view;
  }
  const host = new URL(tiles.replace(/\{[xyz]\}/g, '0')).hostname;
  return { maps, source: host.endsWith('openstreetmap.org') ? 'OpenStreetMap' : host };
}

/**
 * TIX-02, TIX-03: the categories of an event that sells on Parvis, and whether its button says
 * « Acheter des billets » or « S'inscrire »; nothing when it does not. The same for every visitor
 * (the page is cached): what is left is the checkout's to say live.
 */
async function sheetTicketing(eventId: string, onPlatform: boolean, locale: Locale) {
  if (!onPlatform) return undefined;
  const deps = serverDeps();
  const [settings, list] = await Promise.all([
    readTicketingSettings(deps, eventId),
    listTicketTypes(deps, { eventId }),
  ]);
  if (!settings.enabled) return undefined;
  const categories = categoryViews(list.ticketTypes, deps.clock.now(), locale).filter(
    (category) => category.state !== 'withdrawn',
  );
  if (categories.length === 0) return undefined;
  return { action: list.action, categories, waitingList: settings.waitingList };
}

/**
 * TIX-08: the passes that include the event (active, sales not ended), from the links its
 * partition holds; the sheet shows each with a link to its page, which sells it.
 */
async function sheetPasses(eventId: string) {
  const deps = serverDeps();
  const now = deps.clock.now();
  return (await passesOfEvent(deps, eventId)).map((link) => ({
    passId: link.passId,
    title: link.title,
    eventCount: link.eventCount,
    state: passSaleState(link, now) === 'upcoming' ? ('upcoming' as const) : ('onSale' as const),
    salesStartAt: link.salesStartAt,
    salesEndAt: link.salesEndAt,
  }));
}

/**
 * CAL-01: an event's sheet. A former address answers 301 to the current one (CAL-06), an unknown
 * or unpublished event 404; the page is public and cacheable like the calendar.
 */
export const load: PageServerLoad = async (event) => {
  const { locale } = event.locals;
  let result: Awaited<ReturnType<typeof publicEventSheet>>;
  try {
    result = await publicEventSheet(serverDeps(), { slug: event.params.slug, locale });
  } catch (cause) {
    if (cause instanceof NotFoundError || cause instanceof ValidationError) {
      error(404, t(locale, 'calendar.sheet.notFound'));
    }
    throw cause;
  }
  if ('kind' in result) redirect(301, paths.eventSheet(locale, result.slug));
  setPublicCache(event);
  const url = `${event.url.origin}${paths.eventSheet(locale, result.sheet.event.slug)}`;
  const image = result.shareImageKey ? `${event.url.origin}${renditionUrl(result.shareImageKey)}` : undefined;
  const { event: shown } = result.sheet;
  const description = plainDescription(shown.descriptionHtml).replace(/\s+/g, ' ');
  const [ticketing, passes] = await Promise.all([
    sheetTicketing(shown.eventId, shown.onPlatformTicketing, locale),
    sheetPasses(shown.eventId),
  ]);
  const checkoutUrl = ticketing ? `${event.url.origin}${paths.eventCheckout(locale, shown.slug)}` : undefined;
  return {
    sheet: result,
    ticketing,
    passes,
    venueMaps: venueMaps(result.sheet.venues),
    url,
    image,
    summary: description.length > 200 ? `${description.slice(0, 197).trimEnd()}…` : description,
    // CAL-06: schema.org data, written as a data block (json-ld.ts escapes `<`, so it cannot end its element).
    jsonLd: jsonLdScriptBody(
      sheetJsonLd(
        result,
        { sheet: url, image, ticketing: checkoutUrl ?? shown.externalTicketingUrl },
        locale,
      ),
    ),
  };
};
