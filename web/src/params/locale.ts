import type { ParamMatcher } from '@sveltejs/kit';
import { isLocale, type Locale } from '$shared/templates/i18n/locale';

/** `/fr/…` and `/en/…` only: any other first segment matches no route, hence a 404. */
export const match = ((param: string): param is Locale => isLocale(param)) satisfies ParamMatcher;
