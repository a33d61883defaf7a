import type { Cookies } from '@sveltejs/kit';
import { isLocale, type Locale, localeFromPath, negotiateLocale } from '$shared/templates/i18n/locale';

/** Remembers the language chosen with the switch, so `/` sends a returning visitor back to it. */
export const LOCALE_COOKIE = 'parvis_locale';

const ONE_YEAR = 60 * 60 * 24 * 365;

/**
 * The request's language: the URL prefix when there is one (it is the visitor's choice), else the
 * remembered cookie, else Accept-Language, else French. Reading a page never writes the cookie: a
 * public page is cached by CloudFront and must set none (docs/decisions/0013); only the language
 * switch does (`rememberLocale`, web/src/routes/langue/+server.ts).
 */
export function resolveLocale(pathname: string, cookies: Cookies, acceptLanguage: string | null): Locale {
  const fromPath = localeFromPath(pathname);
  if (fromPath) return fromPath;
  const remembered = cookies.get(LOCALE_COOKIE);
  return isLocale(remembered) ? remembered : negotiateLocale(acceptLanguage);
}

/** The language switch's choice, kept a year. */
export function rememberLocale(cookies: Cookies, locale: Locale): void {
  cookies.set(LOCALE_COOKIE, locale, { path: '/', maxAge: ONE_YEAR, sameSite: 'lax', httpOnly: true });
}

/**
 * The page the switch may send the visitor to: a path of this site under a language prefix, with
 * its query string, or nothing. Refuses what a browser would read as another site (`//host`,
 * `/\host`, `https://…`), control characters, and anything outside `/fr` and `/en`, so the switch
 * is no open redirect.
 */
export function switchTarget(page: string | null): { path: string; locale: Locale } | undefined {
  if (!page || page.length > 2000 || !page.startsWith('/') || page.startsWith('//')) return undefined;
  // Browsers read a backslash as a slash; no page of ours has one, or a control character.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing them is the point.
  if (/[\\\u0000-\u001f\u007f]/.test(page)) return undefined;
  const base = 'http://parvis.invalid';
  let url: URL;
  try {
    url = new URL(page, base);
  } catch {
    return undefined;
  }
  if (url.origin !== base) return undefined;
  const locale = localeFromPath(url.pathname);
  if (!locale) return undefined;
  return { path: `${url.pathname}${url.search}`, locale };
}
