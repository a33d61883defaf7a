/**
 * The door page's load and its one form action (TIX-12). The manual entry is a plain form POST that
 * calls `scanTicket`, so a phone without JavaScript (or whose script failed) still checks tickets;
 * web/static/scripts/scanner.js takes the same form over when it runs (camera, offline queue).
 */
import { randomUUID } from 'node:crypto';
import { error, type RequestEvent } from '@sveltejs/kit';
import { paths } from '$lib/paths';
import { doorActor, entryDeps } from '$lib/server/entry/door';
import { formFailure } from '$lib/server/form';
import { doorEvent } from '$shared/entry/door-list';
import { type ScanAnswer, scanTicket } from '$shared/entry/scan-ticket';
import { NotFoundError } from '$shared/kernel/errors';
import type { Locale } from '$shared/templates/i18n/locale';
import { t } from '$shared/templates/i18n/messages';

type DoorEvent = RequestEvent<{ locale: Locale; eventId: string }>;

/** The query that keeps a multi-organization member on the organization they chose. */
function organizationQuery(url: URL): string {
  const chosen = url.searchParams.get('organisme');
  return chosen ? `?organisme=${encodeURIComponent(chosen)}` : '';
}

export async function loadDoor(event: DoorEvent) {
  const actor = doorActor(event);
  const { locale } = event.locals;
  const deps = await entryDeps();
  let door: Awaited<ReturnType<typeof doorEvent>>;
  try {
    door = await doorEvent(deps, { actor, eventId: event.params.eventId });
  } catch (cause) {
    if (cause instanceof NotFoundError) error(404, cause.userMessage[locale]);
    throw cause;
  }
  const base = paths.doorScanner(locale, door.eventId);
  const query = organizationQuery(event.url);
  return {
    door,
    // A new nonce per page: the same form posted twice (a reload, a double tap) counts once.
    scanId: randomUUID(),
    // Without JavaScript the device is the member's browser form; the script sends its own id.
    deviceId: `form-${actor.userId.slice(-10)}`,
    endpoints: {
      list: `${base}/liste${query}`,
      scan: `${base}/lecture${query}`,
      sync: `${base}/synchro${query}`,
    },
    historyHref: `${paths.doorHistory(locale, door.eventId)}${query}`,
    eventHref: paths.organizationEvent(locale, door.eventId),
    scriptMessages: scriptMessages(locale),
  };
}

/** POST ?/scan: the manual entry field; the answer is rendered by the page like the script's. */
export async function scanAction(event: DoorEvent) {
  const actor = doorActor(event);
  const { locale } = event.locals;
  const form = await event.request.formData();
  const text = (name: string) => String(form.get(name) ?? '').trim();
  try {
    const answer = await scanTicket(await entryDeps(), {
      actor,
      eventId: event.params.eventId,
      token: text('token'),
      scanId: text('scanId'),
      deviceId: text('deviceId'),
      scannedAt: new Date().toISOString(),
    });
    return { answer: answer as ScanAnswer };
  } catch (cause) {
    return formFailure(cause, locale, {
      values: { token: text('token') },
      labels: { token: t(locale, 'entry.manual.label') },
    });
  }
}

/** The words scanner.js shows, in the page's language (it has no catalogue of its own). */
function scriptMessages(locale: Locale) {
  const keys = [
    'entry.result.valid',
    'entry.result.alreadyUsed',
    'entry.result.alreadyUsedDetail',
    'entry.result.cancelled',
    'entry.result.otherEvent',
    'entry.result.otherEventDetail',
    'entry.result.unknown',
    'entry.result.unknownDetail',
    'entry.result.category',
    'entry.result.repeated',
    'entry.result.offline',
    'entry.result.thisDevice',
    'entry.camera.start',
    'entry.camera.stop',
    'entry.camera.denied',
    'entry.camera.unsupported',
    'entry.offline.ready',
    'entry.offline.none',
    'entry.offline.status.online',
    'entry.offline.status.offline',
    'entry.offline.queue',
    'entry.offline.synced',
    'entry.offline.conflicts',
    'entry.offline.conflict',
    'entry.offline.conflictScan',
    'entry.busy',
  ] as const;
  return Object.fromEntries(keys.map((key) => [key.slice('entry.'.length), t(locale, key)]));
}
