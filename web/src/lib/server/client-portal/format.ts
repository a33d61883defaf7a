/**
 * Dates and sizes as the portal shows them, formatted on the server so the page a browser gets
 * (and hydrates) says exactly the same thing: in the client's own time zone, with Canadian
 * conventions for each language.
 */
import { type Locale, localeTag } from '$shared/templates/i18n/locale';
import { t } from '$shared/templates/i18n/messages';

/** Countries of Central European time among the school's clients; anyone else lives on Québec's clock. */
const europeanCountries = new Set(['FR', 'BE', 'CH', 'LU', 'MC', 'DE', 'ES', 'IT', 'NL']);

/** The time zone a client's dates are shown in, from the file's country. */
export function timeZoneOf(country: string): string {
  return europeanCountries.has(country) ? 'Europe/Paris' : 'America/Toronto';
}

/** "12 mars 2026" / "March 12, 2026". */
export function formatDate(iso: string, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(localeTag(locale), { dateStyle: 'long', timeZone }).format(new Date(iso));
}

/** "12 mars 2026, 14 h 05" / "March 12, 2026, 2:05 p.m.". */
export function formatDateTime(iso: string, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(localeTag(locale), {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone,
  }).format(new Date(iso));
}

/** "840 o", "12,4 Ko", "3,2 Mo": one decimal under 10, none above. */
export function formatSize(bytes: number, locale: Locale): string {
  const number = (value: number) =>
    new Intl.NumberFormat(localeTag(locale), { maximumFractionDigits: value < 10 ? 1 : 0 }).format(value);
  if (bytes < 1024) return t(locale, 'clientPortal.size.bytes', { n: bytes });
  if (bytes < 1024 * 1024) return t(locale, 'clientPortal.size.kb', { n: number(bytes / 1024) });
  return t(locale, 'clientPortal.size.mb', { n: number(bytes / 1024 / 1024) });
}

/** A country's name in the page's language ("Canada", "Belgique" / "Belgium"), or its code. */
export function countryName(code: string, locale: Locale): string {
  try {
    return new Intl.DisplayNames(localeTag(locale), { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** An address as it is written on an envelope: street; city (region) postal code; country. */
export function addressLines(
  address: { street?: string; city?: string; region?: string; postalCode?: string; country: string },
  locale: Locale,
): string[] {
  const place = [address.city, address.region ? `(${address.region})` : undefined, address.postalCode]
    .filter(Boolean)
    .join(' ');
  return [address.street, place, countryName(address.country, locale)].filter((line): line is string =>
    Boolean(line),
  );
}

/**
 * A stored E.164 number as people write it: `418 555-0142` in North America, `06 12 34 56 78` in
 * France; others stay in international form. Read back by the profile's phone normalization.
 */
export function formatPhone(e164: string): string {
  const northAmerican = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  if (northAmerican) return `${northAmerican[1]} ${northAmerican[2]}-${northAmerican[3]}`;
  const french = /^\+33(\d)(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(e164);
  if (french) return `0${french.slice(1).join(' ')}`;
  return e164;
}
