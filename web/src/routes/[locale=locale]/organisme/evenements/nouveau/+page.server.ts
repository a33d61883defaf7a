import { addDateRow, loadEventForm, saveEventForm } from '$lib/server/organization/event-actions';
import type { Actions, PageServerLoad } from './$types';

/** ORG-04, ORG-05: a new event's form; saving creates a draft and opens its own page. */
export const load: PageServerLoad = (event) => loadEventForm(event);

export const actions: Actions = {
  save: (event) => saveEventForm(event, undefined, false),
  addDate: (event) => addDateRow(event),
};
