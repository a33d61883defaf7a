import type { Locale } from '$shared/templates/i18n/locale';

/** A moment at the door in the venue's zone ("3 déc. 2026, 19 h 02"), as scanner.js writes it too. */
export function doorTime(locale: Locale, iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-CA' : 'en-CA', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone,
  }).format(new Date(iso));
}

/** The colour family of an answer: green admits, orange warns, red refuses. */
export function tone(result: string): 'ok' | 'warn' | 'stop' {
  if (result === 'valid') return 'ok';
  if (result === 'alreadyUsed') return 'warn';
  return 'stop';
}
