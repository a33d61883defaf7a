import { paths } from '$lib/paths';
import { requireOrganization } from '$lib/server/access';
import { serverDeps } from '$lib/server/deps';
import { embedQueryString, readEmbedOptions } from '$shared/calendar/embed';
import type { PageServerLoad } from './$types';

/**
 * Issue #12: the snippet an organization pastes on its own website, with its options and a live
 * preview. The organization is the session's; the options come from the address (a GET form).
 */
export const load: PageServerLoad = async (event) => {
  const { orgId } = requireOrganization(event);
  const { locale } = event.locals;
  const options = readEmbedOptions(event.url.searchParams);
  const query = embedQueryString(options);
  const siteUrl = serverDeps().config.siteUrl.replace(/\/+$/, '');
  return {
    options,
    chosenOrganization: event.url.searchParams.get('organisme') ?? undefined,
    frameSrc: paths.embedCalendar(locale, orgId, query),
    frameUrl: `${siteUrl}${paths.embedCalendar(locale, orgId, query)}`,
    scriptUrl: `${siteUrl}${paths.embedScript()}`,
  };
};
