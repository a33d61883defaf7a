import { portalScope } from '$lib/server/client-portal/portal';
import type { PageServerLoad } from './$types';

/** CRM-02: this section's records come with a later feature; until then it explains itself and is empty. */
export const load: PageServerLoad = (event) => {
  portalScope(event);
  return {};
};
