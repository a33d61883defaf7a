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

/**
 * The language switch's link to `localizedPath(url, locale)`: through /langue, which remembers the
 * choice in a cookie (pages set none, so they can be cached; docs/decisions/0013).
 */
export function localeSwitchHref(url: URL, locale: Locale): string {
  return `/langue?page=${encodeURIComponent(localizedPath(url, locale))}`;
}
