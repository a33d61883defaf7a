import { type Locale, localeFromPath } from '$shared/templates/i18n/locale';

/** Language names as each language writes its own, for the switch and the footer. */
export const localeNames: Record<Locale, string> = { fr: 'Français', en: 'English' };

/**
 * The same page in another language: the locale prefix is swapped (or added, on a page outside
 * any prefix such as a 404) and the query string kept.
 */
export function localizedPath(url: URL, locale: Locale): string {
  const current = localeFromPath(url.pathname);
  const rest = current ? url.pathname.slice(current.length + 1) : url.pathname;
  return `/${locale}${rest === '/' ? '' : rest}${url.search}`;
}
