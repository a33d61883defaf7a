import { json } from '@sveltejs/kit';
import { doorActor, entryDeps, jsonFailure } from '$lib/server/entry/door';
import { doorList } from '$shared/entry/door-list';
import type { RequestHandler } from './$types';

/** TIX-12: the event's tickets and the public keys, for checking tickets offline. */
export const GET: RequestHandler = async (event) => {
  const actor = doorActor(event);
  try {
    const list = await doorList(await entryDeps(), { actor, eventId: event.params.eventId });
    return json(list, { headers: { 'cache-control': 'no-store' } });
  } catch (cause) {
    return jsonFailure(cause, event);
  }
};
