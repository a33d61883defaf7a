import type { Cookies } from '@sveltejs/kit';
import { isLocale, type Locale, localeFromPath, negotiateLocale } from '$shared/templates/i18n/locale';

/** Remembers the language last read, so `/` sends a returning visitor back to it. */
export const LOCALE_COOKIE = 'parvis_locale';

const ONE_YEAR = 60 * 60 * 24 * 365;

/**
 * The request's language: the URL prefix when there is one (it is the visitor's choice), else the
 * remembered cookie, else Accept-Language, else French. A prefixed URL also updates the cookie,
 * which is how the header's language switch is remembered.
 */
export function resolveLocale(pathname: string, cookies: Cookies, acceptLanguage: string | null): Locale {
  const fromPath = localeFromPath(pathname);
  const remembered = cookies.get(LOCALE_COOKIE);
  if (!fromPath) return isLocale(remembered) ? remembered : negotiateLocale(acceptLanguage);
  if (fromPath !== remembered) {
    cookies.set(LOCALE_COOKIE, fromPath, { path: '/', maxAge: ONE_YEAR, sameSite: 'lax', httpOnly: true });
  }
  return fromPath;
}
