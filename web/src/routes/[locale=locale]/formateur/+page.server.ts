import { requireTrainer } from '$lib/server/access';
import type { PageServerLoad } from './$types';

/** The trainer's space (ROLE-04): their workshops and participant lists arrive with the workshops issue. */
export const load: PageServerLoad = (event) => {
  const principal = requireTrainer(event);
  return { name: principal.displayName ?? principal.email };
};
