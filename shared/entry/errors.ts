import { ConflictError, type LocalizedMessage, NotFoundError } from '../kernel/errors';
import { en, fr } from '../templates/i18n/catalogues/entry';

type EntryKey = keyof typeof fr;

/** A message of the door-scanning catalogue in both languages, its `{placeholders}` filled. */
export function entryMessage(key: EntryKey, params: Record<string, string | number> = {}): LocalizedMessage {
  const fill = (text: string) =>
    text.replace(/\{(\w+)\}/g, (placeholder, name: string) =>
      name in params ? String(params[name]) : placeholder,
    );
  return { fr: fill(fr[key]), en: fill(en[key]) };
}

/** The event is not this organization's (or does not exist): the door shows nothing of it. */
export const entryEventNotFound = () => new NotFoundError(entryMessage('entry.event'));

/** The same ticket was scanned at the same moment so many times that no answer settled: scan again. */
export class EntryBusyError extends ConflictError {
  constructor() {
    super('entry_busy', entryMessage('entry.busy'));
  }
}
