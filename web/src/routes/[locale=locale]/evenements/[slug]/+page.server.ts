import { error, redirect } from '@sveltejs/kit';
import { renditionUrl } from '$lib/components/calendar/format';
import { paths } from '$lib/paths';
import { setPublicCache } from '$lib/server/calendar/public-cache';
import { serverDeps } from '$lib/server/deps';
import { plainDescription, publicEventSheet, sheetJsonLd } from '$shared/calendar/public-calendar';
import { jsonLdScriptBody } from '$shared/feeds/json-ld';
import { NotFoundError, ValidationError } from '$shared/kernel/errors';
import { t } from '$shared/templates/i18n/messages';
import type { PageServerLoad } from './$types';

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
  return {
    sheet: result,
    url,
    image,
    summary: description.length > 200 ? `${description.slice(0, 197).trimEnd()}…` : description,
    // CAL-06: schema.org data, written as a data block (json-ld.ts escapes `<`, so it cannot end its element).
    jsonLd: jsonLdScriptBody(
      sheetJsonLd(result, { sheet: url, image, ticketing: shown.externalTicketingUrl }, locale),
    ),
  };
};
