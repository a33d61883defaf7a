/**
 * Reading a file. Two readers, two types: the staff console sees everything on the profile and the
 * notes; the client (and staff impersonating them, CRM-09) get `ClientFileForClient`, which has no
 * field for notes, red flag or trainer "i" — a portal page cannot show what its type lacks.
 */
import * as z from 'zod/mini';
import type { Deps } from '../deps';
import { NotFoundError } from '../kernel/errors';
import { idField, parseClientInput } from './client-input';
import { type ClientNoteView, listClientNotes } from './client-notes';
import { type ClientPortalView, type StaffClientView, toPortalView, toStaffView } from './client-views';
import { type ConsentHistoryEntry, consentHistory } from './consent-history';

export interface ClientFileForStaff {
  profile: StaffClientView;
  /** The latest consent decisions (20); `consentHistory` pages through the rest. */
  consent: ConsentHistoryEntry[];
  /** The latest notes of every kind (50); `listClientNotes` pages through the rest. */
  notes: ClientNoteView[];
}

export interface ClientFileForClient {
  profile: ClientPortalView;
  consent: ConsentHistoryEntry[];
}

const fileInput = z.object({ clientId: idField });
const notFound = () => new NotFoundError({ fr: 'Le dossier', en: 'The file' });

/** The staff view of any file, deactivated ones included (staff restore them). */
export async function getClientFileForStaff(
  deps: Pick<Deps, 'db'>,
  input: { clientId: string },
): Promise<ClientFileForStaff> {
  const { clientId } = parseClientInput(fileInput, input);
  const [profile, consent, notes] = await Promise.all([
    deps.db.crm.entities.clientProfile.get({ clientId }).go({ consistent: true }),
    consentHistory(deps, { clientId, limit: 20 }),
    listClientNotes(deps, { clientId, limit: 50 }),
  ]);
  if (!profile.data) throw notFound();
  return { profile: toStaffView(profile.data), consent: consent.items, notes: notes.items };
}

/**
 * The client's own file; `clientId` must come from the session (ROLE-06), never from the request.
 * A deactivated or erasing file is not found.
 */
export async function getClientFileForClient(
  deps: Pick<Deps, 'db'>,
  input: { clientId: string },
): Promise<ClientFileForClient> {
  const { clientId } = parseClientInput(fileInput, input);
  const [profile, consent] = await Promise.all([
    deps.db.crm.entities.clientProfile.get({ clientId }).go({ consistent: true }),
    consentHistory(deps, { clientId, limit: 20 }),
  ]);
  if (profile.data?.status !== 'active') throw notFound();
  return { profile: toPortalView(profile.data), consent: consent.items };
}
