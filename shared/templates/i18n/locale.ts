import type { Locale } from '../../kernel/errors';

export type { Locale };

/** Languages of the interface, French (Canada) first (PLAT-01). The URL's first segment is one of these. */
export const locales = ['fr', 'en'] as const satisfies readonly Locale[];

/** French is the default: the platform serves Québec first and English is the second language. */
export const defaultLocale: Locale = 'fr';

/** Narrows untrusted input (a URL segment, a cookie) to a supported locale. */
export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

/** BCP 47 tag used for `<html lang>` and Intl: Canadian conventions, not France's or the US's. */
export function localeTag(locale: Locale): 'fr-CA' | 'en-CA' {
  return locale === 'fr' ? 'fr-CA' : 'en-CA';
}

/**
 * Picks the visitor's preferred supported locale from an `Accept-Language` header, so a first
 * visit without a remembered choice lands in a language the browser asked for; `fr` otherwise.
 */
export function negotiateLocale(acceptLanguage: string | null | undefined): Locale {
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [range = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const quality = q ? Number(q.slice(2)) : 1;
      return {
        language: range.split('-')[0]?.toLowerCase(),
        quality: Number.isNaN(quality) ? 0 : quality,
        index,
      };
    })
    .filter((entry) => entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  return ranked.map((entry) => entry.language).find(isLocale) ?? defaultLocale;
}

/** The locale written as the URL's first segment (`/fr/…`), which is where the UI language lives. */
export function localeFromPath(pathname: string): Locale | undefined {
  const segment = pathname.split('/')[1];
  return isLocale(segment) ? segment : undefined;
}
