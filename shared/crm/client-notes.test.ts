import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '../kernel/errors';
import { addClientNote, clearRedFlag, redFlagMaxLength } from './add-client-note';
import { listClientNotes, listTrainerNotes } from './client-notes';
import { createClientByStaff } from './create-client-by-staff';
import { type CrmBed, crmBed, signUpForm } from './crm.test-support';
import { getClientFileForClient, getClientFileForStaff } from './get-client-file';
import { recordConsent } from './record-consent';

/** Notes, flags and the two views of a file, against DynamoDB Local with a fixed clock. */
let t: CrmBed;
const start = '2026-11-24T15:00:00.000Z';

beforeAll(async () => {
  t = await crmBed('client-notes', start);
});
beforeEach(() => t.clock.set(start));

async function newClient() {
  const { password: _password, ...form } = signUpForm();
  const created = await createClientByStaff(t.deps, {
    ...form,
    actorUserId: 'staff-1',
    sendInvitation: false,
  });
  if (created.outcome !== 'created') throw new Error(created.outcome);
  return created.clientId;
}

const note = (clientId: string, kind: 'accounting' | 'trainer' | 'general', text: string) =>
  addClientNote(t.deps, { clientId, kind, text, authorUserId: 'staff-1' });

describe('addClientNote', () => {
  it('CRM-08 an accounting note raises the red flag with it; the latest one is shown; it can be taken down', async () => {
    const clientId = await newClient();
    await note(clientId, 'accounting', 'Ne pas inscrire : doit 120 $ depuis mars.');
    t.clock.advance(60_000);
    await note(clientId, 'accounting', `Toujours en souffrance. ${'détail '.repeat(100)}`);
    const file = await getClientFileForStaff(t.deps, { clientId });
    expect(file.profile.redFlag?.startsWith('Toujours en souffrance.')).toBe(true);
    expect(file.profile.redFlag?.length).toBeLessThanOrEqual(redFlagMaxLength);
    expect(file.notes.map((n) => n.kind)).toEqual(['accounting', 'accounting']);
    expect(file.notes[0]?.text.startsWith('Toujours')).toBe(true);

    await clearRedFlag(t.deps, { clientId });
    expect((await getClientFileForStaff(t.deps, { clientId })).profile.redFlag).toBeUndefined();
    expect((await listClientNotes(t.deps, { clientId, kind: 'accounting' })).items).toHaveLength(2);
  });

  it('CRM-08 a trainer note lights the "i"; trainers read trainer notes only', async () => {
    const clientId = await newClient();
    await note(clientId, 'general', 'A appelé pour une facture.');
    expect((await getClientFileForStaff(t.deps, { clientId })).profile.hasTrainerNote).toBe(false);
    await note(clientId, 'trainer', 'Pose beaucoup de questions hors sujet.');
    const file = await getClientFileForStaff(t.deps, { clientId });
    expect(file.profile.hasTrainerNote).toBe(true);
    expect(file.profile.redFlag).toBeUndefined();
    const trainer = await listTrainerNotes(t.deps, { clientId });
    expect(trainer.items.map((n) => n.text)).toEqual(['Pose beaucoup de questions hors sujet.']);
  });

  it('CRM-08 no client-facing read carries notes or staff flags', async () => {
    const clientId = await newClient();
    await recordConsent(t.deps, {
      clientId,
      channel: 'email',
      value: 'granted',
      method: 'portal',
      actorUserId: 'u',
    });
    await note(clientId, 'accounting', 'SECRET-ACCOUNTING');
    await note(clientId, 'trainer', 'SECRET-TRAINER');
    await note(clientId, 'general', 'SECRET-GENERAL');
    const own = await getClientFileForClient(t.deps, { clientId });
    const seen = JSON.stringify(own);
    expect(seen).not.toMatch(/SECRET/);
    expect(own.profile).not.toHaveProperty('redFlag');
    expect(own.profile).not.toHaveProperty('hasTrainerNote');
    expect(own).not.toHaveProperty('notes');
    expect(own.profile.consent.email).toEqual({ value: 'granted', at: start });
    expect(own.profile.mustAskConsent).toBe(false);
    expect(JSON.stringify(await getClientFileForStaff(t.deps, { clientId }))).toMatch(/SECRET-GENERAL/);
  });

  it('CRM-08 ten notes at once are all kept', async () => {
    const clientId = await newClient();
    await Promise.all(Array.from({ length: 10 }, (_, i) => note(clientId, 'general', `note ${i}`)));
    expect((await listClientNotes(t.deps, { clientId })).items).toHaveLength(10);
  });

  it('CRM-08 a note on an unknown or forged file is refused and nothing is written', async () => {
    const forged = '01FORGED0000000000000000000';
    for (const kind of ['general', 'accounting', 'trainer'] as const) {
      await expect(note(forged, kind, 'x')).rejects.toBeInstanceOf(NotFoundError);
    }
    expect((await listClientNotes(t.deps, { clientId: forged })).items).toEqual([]);
    expect(await t.bed.item(`CLIENT#${forged}`, 'PROFILE')).toBeUndefined();
    await expect(getClientFileForClient(t.deps, { clientId: forged })).rejects.toBeInstanceOf(NotFoundError);
    await expect(clearRedFlag(t.deps, { clientId: forged })).rejects.toBeInstanceOf(NotFoundError);
    expect(await t.bed.item(`CLIENT#${forged}`, 'PROFILE')).toBeUndefined();
  });

  it('CRM-08 refuses empty, oversized or control-character text; keeps markup as text', async () => {
    const clientId = await newClient();
    await expect(note(clientId, 'general', '   ')).rejects.toMatchObject({
      userMessage: { fr: 'Le texte est obligatoire.' },
    });
    await expect(note(clientId, 'general', 'x'.repeat(10_000))).rejects.toMatchObject({
      userMessage: { fr: 'Le texte est trop long (5000 caractères au plus).' },
    });
    await expect(note(clientId, 'general', 'a\u0007b')).rejects.toBeInstanceOf(ValidationError);
    await expect(note(clientId, 'other' as 'general', 'x')).rejects.toBeInstanceOf(ValidationError);
    await note(clientId, 'general', '<script>alert(1)</script>\nligne 2');
    const [kept] = (await listClientNotes(t.deps, { clientId })).items;
    expect(kept?.text).toBe('<script>alert(1)</script>\nligne 2');
  });
});
