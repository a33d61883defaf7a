import { error } from '@sveltejs/kit';
import { paths } from '$lib/paths';
import { doorActor, entryDeps } from '$lib/server/entry/door';
import { doorEvent } from '$shared/entry/door-list';
import { scanHistory } from '$shared/entry/scan-history';
import { NotFoundError } from '$shared/kernel/errors';
import type { PageServerLoad } from './$types';

/** TIX-12: an event's scans, newest first, 50 a page, with the tickets two devices both let in. */
export const load: PageServerLoad = async (event) => {
  const actor = doorActor(event);
  const { locale } = event.locals;
  const deps = await entryDeps();
  const eventId = event.params.eventId;
  const cursor = event.url.searchParams.get('curseur') ?? undefined;
  try {
    const [door, history] = await Promise.all([
      doorEvent(deps, { actor, eventId }),
      scanHistory(deps, { actor, eventId, ...(cursor ? { cursor } : {}) }),
    ]);
    const chosen = event.url.searchParams.get('organisme');
    const keep = chosen ? `organisme=${encodeURIComponent(chosen)}` : '';
    const base = paths.doorHistory(locale, eventId);
    return {
      door,
      history,
      scannerHref: `${paths.doorScanner(locale, eventId)}${keep ? `?${keep}` : ''}`,
      nextHref: history.cursor
        ? `${base}?${keep ? `${keep}&` : ''}curseur=${encodeURIComponent(history.cursor)}`
        : undefined,
    };
  } catch (cause) {
    if (cause instanceof NotFoundError) error(404, cause.userMessage[locale]);
    throw cause;
  }
};
