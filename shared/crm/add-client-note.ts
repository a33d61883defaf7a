/**
 * Staff notes on a file (CRM-08): written with the profile flag they raise in one transaction, so
 * the red banner and the trainer "i" — read from the profile alone — appear exactly when the note
 * exists. Notes are never part of a client-facing read (./get-client-file.ts).
 */
import * as z from 'zod/mini';
import { isConditionFailure } from '../db/conditions';
import type { Deps } from '../deps';
import { ConflictError, NotFoundError } from '../kernel/errors';
import { clientFieldLimits, idField, parseClientInput, textBlock } from './client-input';
import { noteKinds } from './client-note';

const noteInput = z.object({
  clientId: idField,
  kind: z.enum(noteKinds),
  text: textBlock(clientFieldLimits.noteText),
  authorUserId: idField,
});

export type AddClientNoteInput = z.input<typeof noteInput>;

/** The red flag shown on top of the file: the latest accounting note, shortened. */
export const redFlagMaxLength = 300;

const notFound = () => new NotFoundError({ fr: 'Le dossier', en: 'The file' });

/**
 * Adds a note. `accounting` makes it the file's red flag (the latest one wins); `trainer` lights
 * the "i"; `general` only checks that the file exists.
 */
export async function addClientNote(
  deps: Pick<Deps, 'db' | 'clock' | 'ids'>,
  input: AddClientNoteInput,
): Promise<{ noteId: string; at: string }> {
  const { clientId, kind, text, authorUserId } = parseClientInput(noteInput, input);
  const noteId = deps.ids();
  const at = deps.clock.now().toISOString();
  const result = await deps.db.crm.transaction
    .write(({ clientNote, clientProfile }) => [
      clientNote.create({ clientId, kind, at, noteId, authorUserId, text }).commit(),
      kind === 'general'
        ? clientProfile
            .check({ clientId })
            // A check, unlike patch, does not require the item: `exists` says it must be there.
            .where((attr, { exists, ne }) => `${exists(attr.status)} AND ${ne(attr.status, 'erasing')}`)
            .commit()
        : clientProfile
            .patch({ clientId })
            .set(
              kind === 'accounting' ? { redFlag: shorten(text, redFlagMaxLength) } : { hasTrainerNote: true },
            )
            .where((attr, { ne }) => ne(attr.status, 'erasing'))
            .commit(),
    ])
    .go();
  if (result.canceled) {
    if (result.data[1]?.code === 'ConditionalCheckFailed') throw notFound();
    throw new ConflictError('transaction_canceled', {
      fr: 'La modification a été refusée parce que les données ont changé entre-temps. Veuillez réessayer.',
      en: 'The change was refused because the data changed in the meantime. Please try again.',
    });
  }
  return { noteId, at };
}

/** Takes the red banner down (the debt is settled); the accounting notes stay in the file. */
export async function clearRedFlag(deps: Pick<Deps, 'db'>, input: { clientId: string }): Promise<void> {
  const { clientId } = parseClientInput(z.object({ clientId: idField }), input);
  try {
    await deps.db.crm.entities.clientProfile.patch({ clientId }).remove(['redFlag']).go();
  } catch (error) {
    if (isConditionFailure(error)) throw notFound();
    throw error;
  }
}

function shorten(text: string, max: number): string {
  const single = text.replace(/\s+/g, ' ');
  return single.length <= max ? single : `${single.slice(0, max - 1)}…`;
}
