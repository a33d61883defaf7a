import type { PageServerLoad } from './$types';
import { loadPassList } from './pass-forms.server';

/** TIX-08, ORG-09: staff's passes, each with its selling organization, its state and its tiers' sales. */
export const load: PageServerLoad = (event) => loadPassList(event);
