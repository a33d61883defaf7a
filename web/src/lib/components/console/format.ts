import { formatDateTime } from '$shared/templates/i18n/format';
import type { Locale } from '$shared/templates/i18n/locale';

/** The staff work from the school's head office in Québec: the console shows times there. */
export const consoleTimeZone = 'America/Toronto';

/** "2 décembre 2025 à 09 h 14": when something happened, as staff read it. */
export function when(iso: string | undefined, locale: Locale): string {
  if (!iso) return '—';
  try {
    return formatDateTime(iso, consoleTimeZone, locale);
  } catch {
    return iso;
  }
}

const shortFormats = new Map<Locale, Intl.DateTimeFormat>();

/** "2 déc. 2026, 09 h 14": the same instant, compact, for table cells. */
export function shortWhen(iso: string | undefined, locale: Locale): string {
  if (!iso) return '—';
  let format = shortFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale === 'fr' ? 'fr-CA' : 'en-CA', {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: consoleTimeZone,
    });
    shortFormats.set(locale, format);
  }
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : format.format(date);
}

/** "1,2 Mo" / "1.2 MB". */
export function fileSize(bytes: number | undefined, locale: Locale): string {
  if (bytes === undefined) return '—';
  const units = locale === 'fr' ? ['o', 'Ko', 'Mo'] : ['B', 'KB', 'MB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return `${value.toLocaleString(locale === 'fr' ? 'fr-CA' : 'en-CA', { maximumFractionDigits: digits })}\u00a0${units[unit]}`;
}
