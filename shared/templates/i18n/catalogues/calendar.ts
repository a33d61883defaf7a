/**
 * The public calendar's pages (home, filters, event sheet, search, public submission form) and their components (web/src/lib/components/calendar/). French first; the English catalogue is typed against it, so a missing or an extra key
 * fails the build. Keys start with "calendar.".
 */
export const fr = {} satisfies Record<`calendar.${string}`, string>;

export const en: Record<keyof typeof fr, string> = {};
