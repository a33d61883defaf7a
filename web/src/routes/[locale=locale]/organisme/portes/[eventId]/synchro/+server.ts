import { json } from '@sveltejs/kit';
import { doorActor, entryDeps, jsonBody, jsonFailure } from '$lib/server/entry/door';
import { syncScans } from '$shared/entry/scan-ticket';
import type { RequestHandler } from './$types';

/** TIX-12 (beyond): a phone's offline scans, up to 500 a call; idempotent by each scan's `scanId`. */
export const POST: RequestHandler = async (event) => {
  const actor = doorActor(event);
  const body = (await jsonBody(event.request)) as { scans?: unknown };
  try {
    const result = await syncScans(await entryDeps(), {
      actor,
      eventId: event.params.eventId,
      scans: body?.scans as never,
    });
    return json(result, { headers: { 'cache-control': 'no-store' } });
  } catch (cause) {
    return jsonFailure(cause, event);
  }
};
