import { addDateRow, loadEventForm, saveEventForm } from '$lib/server/organization/event-actions';
import type { Actions, PageServerLoad } from './$types';

/**
 * ORG-05, ORG-07: an event of the session's organization (another one's answers 404): its form, the
 * staff's send-back note at the top, « Enregistrer » and « Soumettre pour approbation ».
 */
export const load: PageServerLoad = (event) => loadEventForm(event, event.params.eventId);

export const actions: Actions = {
  save: (event) => saveEventForm(event, event.params.eventId, false),
  submit: (event) => saveEventForm(event, event.params.eventId, true),
  addDate: (event) => addDateRow(event),
};
