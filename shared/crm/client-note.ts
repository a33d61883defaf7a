import { Entity, type EntityItem } from 'electrodb';

/**
 * A staff note on a file (CRM-08), `CLIENT#<clientId>` · `NOTE#<kind>#<at>#<noteId>`:
 * `accounting` (the red flag on top of the file), `trainer` (the "i" trainers see on participant
 * lists), `general` ("Notes et commentaires"). Never shown to the client. Kind first in the key so
 * a trainer's read of trainer notes is one `begins_with`.
 */
export const noteKinds = ['accounting', 'trainer', 'general'] as const;
export type NoteKind = (typeof noteKinds)[number];

export const clientNoteEntity = () =>
  new Entity(
    {
      model: { entity: 'clientNote', version: '1', service: 'parvis' },
      attributes: {
        clientId: { type: 'string', required: true, readOnly: true },
        kind: { type: noteKinds, required: true, readOnly: true },
        at: { type: 'string', required: true, readOnly: true },
        noteId: { type: 'string', required: true, readOnly: true },
        authorUserId: { type: 'string', required: true, readOnly: true },
        /** Plain text; shown escaped. */
        text: { type: 'string', required: true, readOnly: true },
      },
      indexes: {
        byClient: {
          pk: { field: 'pk', composite: ['clientId'], template: 'CLIENT#${clientId}', casing: 'none' },
          sk: {
            field: 'sk',
            composite: ['kind', 'at', 'noteId'],
            template: 'NOTE#${kind}#${at}#${noteId}',
            casing: 'none',
          },
        },
      },
    },
    {},
  );

export type ClientNote = EntityItem<ReturnType<typeof clientNoteEntity>>;
