/**
 * The staff console's calendar pages: approval queue, venues, categories, audiences, exhibition types, flags. French first; the English catalogue is typed against it, so a missing or an extra key
 * fails the build. Keys start with "consoleCalendar.".
 */
export const fr = {} satisfies Record<`consoleCalendar.${string}`, string>;

export const en: Record<keyof typeof fr, string> = {};
