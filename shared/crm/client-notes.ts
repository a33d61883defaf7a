/**
 * Reading staff notes (CRM-08). Staff read every kind; trainers read trainer notes only (the "i"
 * on their participant list). No client-facing reader exists.
 */
import * as z from 'zod/mini';
import type { Deps } from '../deps';
import { idField, parseClientInput } from './client-input';
import { type NoteKind, noteKinds } from './client-note';
import { cursorField, withCursor } from './paging';

export interface ClientNoteView {
  noteId: string;
  kind: NoteKind;
  at: string;
  authorUserId: string;
  text: string;
}

const notesInput = z.object({
  clientId: idField,
  kind: z.optional(z.enum(noteKinds)),
  cursor: cursorField,
  limit: z._default(z.int().check(z.minimum(1), z.maximum(100)), 50),
});

/**
 * One page of a file's notes, newest first. With `kind`, that kind only (one `begins_with`);
 * without, every kind, newest first within the page.
 */
export async function listClientNotes(
  deps: Pick<Deps, 'db'>,
  input: { clientId: string; kind?: NoteKind; cursor?: string | null; limit?: number },
): Promise<{ items: ClientNoteView[]; cursor: string | null }> {
  const { clientId, kind, cursor, limit } = parseClientInput(notesInput, input);
  const query = deps.db.crm.entities.clientNote.query.byClient({ clientId });
  const page = await withCursor(() =>
    (kind ? query.begins({ kind }) : query).go({ order: 'desc', count: limit, cursor: cursor ?? null }),
  );
  const items = page.data
    .map(({ noteId, kind: noteKind, at, authorUserId, text }) => ({
      noteId,
      kind: noteKind,
      at,
      authorUserId,
      text,
    }))
    .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  return { items, cursor: page.cursor };
}

/** What a trainer may read of a participant's file: the trainer notes. */
export function listTrainerNotes(
  deps: Pick<Deps, 'db'>,
  input: { clientId: string; cursor?: string | null },
): Promise<{ items: ClientNoteView[]; cursor: string | null }> {
  return listClientNotes(deps, { ...input, kind: 'trainer' });
}
