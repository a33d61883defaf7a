import { json } from '@sveltejs/kit';
import { doorActor, entryDeps, jsonBody, jsonFailure } from '$lib/server/entry/door';
import { scanTicket } from '$shared/entry/scan-ticket';
import type { RequestHandler } from './$types';

/** TIX-12: one scan, online. The body's `scanId` makes a retried call count once. */
export const POST: RequestHandler = async (event) => {
  const actor = doorActor(event);
  const body = (await jsonBody(event.request)) as Record<string, unknown>;
  try {
    const answer = await scanTicket(await entryDeps(), {
      actor,
      eventId: event.params.eventId,
      scanId: body?.scanId as string,
      token: body?.token as string,
      deviceId: body?.deviceId as string,
      scannedAt: (body?.scannedAt as string) ?? new Date().toISOString(),
    });
    return json(answer, { headers: { 'cache-control': 'no-store' } });
  } catch (cause) {
    return jsonFailure(cause, event);
  }
};
