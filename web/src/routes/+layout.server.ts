import { isLocale } from '$shared/templates/i18n/locale';
import type { LayoutServerLoad } from './$types';

// Reading params.locale makes SvelteKit rerun this load when the language changes, and only then.
export const load: LayoutServerLoad = ({ locals, params }) => ({
  locale: isLocale(params.locale) ? params.locale : locals.locale,
});
