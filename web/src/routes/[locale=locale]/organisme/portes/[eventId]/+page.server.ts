import { loadDoor, scanAction } from '$lib/server/entry/door-page';
import type { Actions, PageServerLoad } from './$types';

/**
 * TIX-12: the door-scanning app of an event, for members of its organization. Rendered without
 * SvelteKit's client: web/static/scripts/scanner.js is all the page runs (camera, offline list and
 * queue), loaded once, so nothing has to be fetched when the network goes (decision 0019).
 */
export const csr = false;

export const load: PageServerLoad = (event) => loadDoor(event);

export const actions: Actions = {
  scan: (event) => scanAction(event),
};
