import { ulid } from 'ulid';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type PrivateTestBed, privateTestBed, sentMail, useTwin, waitFor } from '../../tests/twin';
import { createDeps } from '../adapters/create-deps';
import type { Deps, MailDeps } from '../deps';
import { listAudit } from '../identity/audit';
import { ConflictError, ValidationError } from '../kernel/errors';
import { fixedClock, type MailSender } from '../kernel/ports';
import { emailTemplateIds } from '../templates/email';
import { emailTemplateCacheMs, findEmailTemplateOverride } from './email-template-store';
import { getEmailTemplate, listEmailTemplates } from './list-email-templates';
import { previewEmailTemplate } from './preview-email-template';
import { commitWithEmails } from './queue-email';
import { resetEmailTemplate, saveEmailTemplate, TemplateChangedError } from './save-email-template';
import { sendQueuedEmail } from './send-queued-email';

/**
 * Staff-editable e-mail templates (COM-01) against DynamoDB Local, in a table of this file's own
 * with a fixed clock and a recording mail port; the last test goes through the twin's real
 * sender function and SES.
 */
const start = '2026-11-24T15:00:00.000Z';
const clock = fixedClock(start);
const sent: { to: string; subject: string; html: string; text: string }[] = [];
const recordingMail: MailSender = {
  async send(mail) {
    sent.push({ to: mail.to, subject: mail.subject, html: mail.html, text: mail.text });
    return { providerMessageId: `ses-${ulid()}` };
  },
};
const noPacing = { service: async () => {}, mass: async () => {} };
const warnings: { message: string; data?: Record<string, unknown> }[] = [];
let bed: PrivateTestBed;
let deps: Deps & MailDeps;

beforeAll(async () => {
  useTwin();
  bed = await privateTestBed('email-templates', clock);
  deps = {
    ...bed.deps,
    mail: recordingMail,
    queues: { publish: async () => {} },
    log: { info() {}, error() {}, warn: (message, data) => warnings.push({ message, data }) },
  };
});

beforeEach(() => clock.set(start));
afterEach(() => vi.restoreAllMocks());

const staff = 'STAFF01';
const invitationData = {
  firstName: 'Léa',
  salutation: 'f',
  activationUrl: 'https://parvis.example/fr/compte/activer?jeton=abc',
};
const goodBody = '{cher} {prenom_client},\n\nVotre dossier vous attend.\n\n{lien_activation}';

/** Each test takes a template+locale of its own, so none sees another's override. */
async function fresh(key: string, locale: 'fr' | 'en' = 'fr') {
  const detail = await getEmailTemplate(deps, { key, locale });
  if (detail.version > 0) {
    await resetEmailTemplate(deps, { key, locale, expectedVersion: detail.version, actorUserId: staff });
  }
  return { key, locale };
}

async function queueAndSend(templateId: string, locale: 'fr' | 'en', data: Record<string, unknown>) {
  const to = `client+${ulid().toLowerCase()}@example.org`;
  const { messageIds } = await commitWithEmails(deps, { emails: [{ templateId, locale, to, data }] });
  expect(await sendQueuedEmail(deps, { messageId: messageIds[0] ?? '', pacers: noPacing })).toBe('sent');
  const mail = sent.find((m) => m.to === to);
  if (!mail) throw new Error('not sent');
  return mail;
}

describe('editing e-mail templates', () => {
  it('COM-01 lists every template with its French name, none reworded at first', async () => {
    const list = await listEmailTemplates(deps);
    expect(list.map((t) => t.key)).toEqual(emailTemplateIds);
    expect(list.find((t) => t.key === 'client.signup')?.name.fr).toBe('Création d’un dossier par le client');
    expect(list.find((t) => t.key === 'client.manualInvitation')?.name.fr).toBe(
      'Nouveau client ajouté manuellement',
    );
    for (const template of list) {
      expect(template.locales).toEqual({
        fr: { overridden: false, version: 0 },
        en: { overridden: false, version: 0 },
      });
    }
  });

  it('COM-01 saves a wording, shows it as current with who changed it, and lists it as reworded', async () => {
    const ref = await fresh('client.restoration');
    const before = await getEmailTemplate(deps, ref);
    expect(before).toMatchObject({ version: 0, overridden: false, current: before.default });
    expect(before.placeholders.map((p) => p.token)).toEqual(['{cher}', '{prenom_client}', '{lien_dossier}']);
    expect(before.placeholders[2]).toMatchObject({ kind: 'link', required: true });

    const saved = await saveEmailTemplate(deps, {
      ...ref,
      subject: '  Bon retour, {prenom_client}  ',
      body: '{cher} {prenom_client},\r\n\r\nBon retour!\r\n\r\n{lien_dossier}',
      expectedVersion: 0,
      updatedBy: staff,
    });
    expect(saved).toEqual({ version: 1, updatedAt: start });
    const after = await getEmailTemplate(deps, ref);
    expect(after).toMatchObject({
      version: 1,
      overridden: true,
      updatedBy: staff,
      updatedAt: start,
      current: {
        subject: 'Bon retour, {prenom_client}',
        body: '{cher} {prenom_client},\n\nBon retour!\n\n{lien_dossier}',
      },
    });
    expect(await bed.item('TEMPLATES', 'client.restoration#fr')).toMatchObject({ version: 1 });
    const listed = (await listEmailTemplates(deps)).find((t) => t.key === 'client.restoration');
    expect(listed?.locales.fr).toMatchObject({ overridden: true, version: 1, updatedBy: staff });
    expect(listed?.locales.en).toEqual({ overridden: false, version: 0 });
  });

  it('COM-01 refuses an unknown placeholder on save, naming it in French and English, and stores nothing', async () => {
    const ref = await fresh('client.invitation', 'en');
    const save = saveEmailTemplate(deps, {
      ...ref,
      subject: 'Hi {first_name}',
      body: goodBody,
      expectedVersion: 0,
      updatedBy: staff,
    });
    await expect(save).rejects.toBeInstanceOf(ValidationError);
    await expect(save).rejects.toMatchObject({
      code: 'validation_failed',
      issues: [{ path: 'subject', message: expect.stringContaining('{first_name}') }],
      userMessage: {
        fr: expect.stringContaining('Le champ de fusion {first_name} n’existe pas'),
        en: expect.stringContaining('Unknown placeholder {first_name}'),
      },
    });
    expect(await bed.item('TEMPLATES', 'client.invitation#en')).toBeUndefined();
  });

  it('COM-01 refuses bad drafts with clear messages: empty, too long, no activation link, unknown template or locale', async () => {
    const ref = await fresh('client.manualInvitation');
    const attempt = (change: Record<string, unknown>) =>
      saveEmailTemplate(deps, {
        ...ref,
        subject: 'Objet',
        body: goodBody,
        expectedVersion: 0,
        updatedBy: staff,
        ...change,
      } as Parameters<typeof saveEmailTemplate>[1]);
    await expect(attempt({ subject: '   ' })).rejects.toMatchObject({
      userMessage: { fr: 'L’objet est obligatoire.' },
    });
    await expect(attempt({ body: '\n\n' })).rejects.toMatchObject({
      userMessage: { en: 'The body is required.' },
    });
    await expect(attempt({ subject: 'x'.repeat(201) })).rejects.toMatchObject({
      userMessage: { fr: 'L’objet doit compter au plus 200 caractères (il en compte 201).' },
    });
    await expect(attempt({ subject: 'x'.repeat(10_000) })).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt({ body: `${goodBody}\n\n${'y'.repeat(20_000)}` })).rejects.toMatchObject({
      issues: [{ path: 'body' }],
      userMessage: { fr: expect.stringContaining('au plus 20000 caractères') },
    });
    await expect(attempt({ body: 'Bonjour {prenom_client}' })).rejects.toMatchObject({
      userMessage: { fr: expect.stringContaining('{lien_activation}') },
    });
    await expect(attempt({ key: 'no.such.template' })).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt({ key: '__proto__' })).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt({ locale: 'de' })).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt({ expectedVersion: -1 })).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt({ updatedBy: '' })).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt({ body: 42 })).rejects.toBeInstanceOf(ValidationError);
    expect(await bed.item('TEMPLATES', 'client.manualInvitation#fr')).toBeUndefined();
    // A body of exactly 20,000 characters is fine.
    const longest = `${goodBody}\n\n${'z'.repeat(20_000 - goodBody.length - 2)}`;
    await expect(attempt({ body: longest })).resolves.toMatchObject({ version: 1 });
  });

  it('COM-01 of two staff saving the same template at once, exactly one wins; the other is told to reload', async () => {
    const ref = await fresh('account.passwordReset');
    const draft = (n: number) => ({
      ...ref,
      subject: `Version ${n}`,
      body: `Texte ${n}\n\n{lien_reinitialisation}`,
      updatedBy: `STAFF${n}`,
    });
    const first = await Promise.allSettled(
      [1, 2, 3, 4].map((n) => saveEmailTemplate(deps, { ...draft(n), expectedVersion: 0 })),
    );
    expect(first.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = first.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused).toHaveLength(3);
    for (const { reason } of refused) {
      expect(reason).toBeInstanceOf(TemplateChangedError);
      expect(reason).toBeInstanceOf(ConflictError);
      expect(reason).toMatchObject({ code: 'template_changed', status: 409 });
    }
    const winner = await getEmailTemplate(deps, ref);
    expect(winner.version).toBe(1);

    const second = await Promise.allSettled(
      [5, 6].map((n) => saveEmailTemplate(deps, { ...draft(n), expectedVersion: 1 })),
    );
    expect(second.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const now = await getEmailTemplate(deps, ref);
    expect(now.version).toBe(2);
    // The loser's text was not written over the winner's.
    const kept = second.findIndex((r) => r.status === 'fulfilled');
    expect(now.current.subject).toBe(`Version ${kept + 5}`);
    // A save against a version already replaced (an editor left open) is refused too.
    await expect(saveEmailTemplate(deps, { ...draft(7), expectedVersion: 1 })).rejects.toBeInstanceOf(
      TemplateChangedError,
    );
  });

  it('COM-01 resets to the default only from the version staff saw', async () => {
    const ref = await fresh('account.signupAttempt', 'en');
    await saveEmailTemplate(deps, {
      ...ref,
      subject: 'Already here',
      body: '{lien_dossier}',
      expectedVersion: 0,
      updatedBy: staff,
    });
    await expect(
      resetEmailTemplate(deps, { ...ref, expectedVersion: 0, actorUserId: staff }),
    ).rejects.toBeInstanceOf(TemplateChangedError);
    await expect(
      resetEmailTemplate(deps, { ...ref, expectedVersion: 2, actorUserId: staff }),
    ).rejects.toBeInstanceOf(TemplateChangedError);
    expect(await resetEmailTemplate(deps, { ...ref, expectedVersion: 1, actorUserId: staff })).toEqual({
      version: 0,
    });
    // PLAT-02: the save and the reset that took effect are audited with them; the refused ones are not.
    const audit = await listAudit(deps, {
      by: 'target',
      targetType: 'TEMPLATE',
      targetId: `${ref.key}:${ref.locale}`,
    });
    expect(audit.entries.map((entry) => entry.action)).toEqual(['template.reset', 'template.save']);
    const detail = await getEmailTemplate(deps, ref);
    expect(detail).toMatchObject({ version: 0, overridden: false });
    expect(detail.current).toEqual(detail.default);
    // Nothing to reset: nothing happens.
    expect(await resetEmailTemplate(deps, { ...ref, expectedVersion: 0, actorUserId: staff })).toEqual({
      version: 0,
    });
    // After a reset the next save starts again from version 0.
    await expect(
      saveEmailTemplate(deps, {
        ...ref,
        subject: 'Again',
        body: '{lien_dossier}',
        expectedVersion: 0,
        updatedBy: staff,
      }),
    ).resolves.toMatchObject({ version: 1 });
  });

  it('COM-01 previews a draft with sample data without saving it, HTML typed by staff escaped', async () => {
    const ref = await fresh('client.signup');
    const preview = await previewEmailTemplate(deps, {
      ...ref,
      draft: {
        subject: 'Bienvenue {prenom_client} <script>alert(1)</script>',
        body: '<img src=x onerror=alert(1)> {cher} {prenom_client},\n\n{lien_validation}',
      },
    });
    expect(preview.subject).toBe('Bienvenue Amélie <script>alert(1)</script>');
    expect(preview.html).not.toMatch(/<script|<img/);
    expect(preview.html).toContain('&lt;img src=x onerror=alert(1)&gt; Chère Amélie,');
    expect(preview.text).toContain(
      'Valider mon adresse courriel : https://parvis.example/compte/verifier?jeton=exemple',
    );
    expect(preview.sample).toMatchObject({ firstName: 'Amélie' });
    expect(await bed.item('TEMPLATES', 'client.signup#fr')).toBeUndefined();

    await expect(
      previewEmailTemplate(deps, {
        ...ref,
        draft: { subject: 'x', body: '{lien_inconnu} {lien_validation}' },
      }),
    ).rejects.toMatchObject({ userMessage: { fr: expect.stringContaining('{lien_inconnu}') } });

    // Without a draft: what is sent today, the default, then the saved wording.
    expect((await previewEmailTemplate(deps, ref)).subject).toBe(
      'Bienvenue\u00a0! Validez votre adresse courriel',
    );
    await saveEmailTemplate(deps, {
      ...ref,
      subject: 'Dossier créé',
      body: '{lien_validation}',
      expectedVersion: 0,
      updatedBy: staff,
    });
    expect((await previewEmailTemplate(deps, ref)).subject).toBe('Dossier créé');
  });

  it('COM-01 the sender uses the saved wording, with the message’s own data escaped', async () => {
    const ref = await fresh('client.invitation', 'fr');
    const before = await queueAndSend('client.invitation', 'fr', invitationData);
    expect(before.subject).toBe('Votre dossier est prêt');

    await saveEmailTemplate(deps, {
      ...ref,
      subject: '{prenom_client}, activez votre dossier',
      body: '{cher} {prenom_client},\n\nUn seul clic\u00a0: {lien_activation|activer}.\n\n<b>Merci</b>',
      expectedVersion: 0,
      updatedBy: staff,
    });
    const after = await queueAndSend('client.invitation', 'fr', {
      ...invitationData,
      firstName: '<i>Léa</i>',
    });
    expect(after.subject).toBe('<i>Léa</i>, activez votre dossier');
    expect(after.text).toContain(
      'Chère <i>Léa</i>,\n\nUn seul clic\u00a0: activer (https://parvis.example/fr/compte/activer?jeton=abc).',
    );
    expect(after.html).toContain('Chère &lt;i&gt;Léa&lt;/i&gt;,');
    expect(after.html).toContain('&lt;b&gt;Merci&lt;/b&gt;');
    // The other locale still sends its default.
    expect((await queueAndSend('client.invitation', 'en', invitationData)).subject).toBe(
      'Your client file is ready',
    );

    await resetEmailTemplate(deps, { ...ref, expectedVersion: 1, actorUserId: staff });
    expect((await queueAndSend('client.invitation', 'fr', invitationData)).subject).toBe(
      'Votre dossier est prêt',
    );
  });

  it('COM-01 the sender reads a template once a minute per container, and ignores a wording that no longer fits', async () => {
    const ref = await fresh('account.emailVerification', 'en');
    const data = { verificationUrl: 'https://parvis.example/v' };
    const reads = vi.spyOn(deps.db.comms.entities.emailTemplate, 'get');
    expect(await findEmailTemplateOverride(deps, ref.key, ref.locale)).toBeUndefined();
    expect(await findEmailTemplateOverride(deps, ref.key, ref.locale)).toBeUndefined();
    expect(reads).toHaveBeenCalledTimes(1);

    // Written behind this container's back (another container's save): not seen for a minute.
    const { emailTemplate } = deps.db.comms.entities;
    await emailTemplate
      .create({
        ...ref,
        templateKey: ref.key,
        subject: 'Elsewhere',
        body: '{lien_validation}',
        version: 1,
        updatedAt: start,
        updatedBy: staff,
      })
      .go();
    expect((await queueAndSend(ref.key, ref.locale, data)).subject).toBe('Confirm your e-mail address');
    const now = Date.now();
    vi.spyOn(Date, 'now').mockReturnValue(now + emailTemplateCacheMs + 1);
    expect((await queueAndSend(ref.key, ref.locale, data)).subject).toBe('Elsewhere');

    // A wording saved before a placeholder was removed from the code: the default goes out, logged.
    await emailTemplate
      .patch({ templateKey: ref.key, locale: ref.locale })
      .set({ subject: 'Old {removed_field}', version: 2 })
      .go();
    vi.spyOn(Date, 'now').mockReturnValue(now + 2 * emailTemplateCacheMs + 2);
    expect((await queueAndSend(ref.key, ref.locale, data)).subject).toBe('Confirm your e-mail address');
    expect(warnings).toContainEqual({
      message: 'e-mail template override no longer valid: default used',
      data: { templateKey: ref.key, locale: 'en', version: 2 },
    });
  });
});

describe('editing e-mail templates through the twin', () => {
  // The twin's shared table, read by its real send-email function. No other test sends this
  // template in English; it is put back to its default afterwards.
  const ref = { key: 'account.passwordChanged', locale: 'en' } as const;
  let shared: Deps;

  beforeAll(() => {
    shared = createDeps(useTwin(), { test: 'email-templates' });
  });

  afterAll(async () => {
    const detail = await getEmailTemplate(shared, ref);
    if (detail.version > 0)
      await resetEmailTemplate(shared, { ...ref, expectedVersion: detail.version, actorUserId: staff });
  });

  it('COM-01 a saved wording is what the real sender sends through SES', { timeout: 90_000 }, async () => {
    const { version } = await getEmailTemplate(shared, ref);
    const marker = ulid();
    await saveEmailTemplate(shared, {
      ...ref,
      subject: `Security notice ${marker} for {prenom_client}`,
      body: '{cher} {prenom_client},\n\nChanged: {date_changement}\n\n{lien_mot_de_passe_oublie}',
      expectedVersion: version,
      updatedBy: staff,
    });
    const to = `security+${ulid().toLowerCase()}@example.org`;
    await commitWithEmails(shared, {
      emails: [
        {
          templateId: 'account.passwordChanged',
          locale: 'en',
          to,
          data: {
            firstName: 'Sam',
            salutation: 'm',
            changedAt: '2026-11-24T15:00:00Z',
            forgotPasswordUrl: 'https://parvis.example/en/forgot',
          },
        },
      ],
    });
    const [mail] = await waitFor(async () => {
      const mails = await sentMail({ to });
      return mails.length > 0 ? mails : undefined;
    }, 60_000);
    expect(mail?.subject).toBe(`Security notice ${marker} for Sam`);
    expect(mail?.text).toContain('Dear Sam,\n\nChanged: November 24, 2026 at 10:00 a.m.');
    expect(mail?.html).toContain('href="https://parvis.example/en/forgot"');
  });
});
