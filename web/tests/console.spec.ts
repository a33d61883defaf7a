import { type Browser, expect, type Locator, type Page, test } from '@playwright/test';
import { HOTP, Secret, TOTP } from 'otpauth';
import { ulid } from 'ulid';
import { type SesNotificationMessage, sesNotificationMessage } from '../../events/ses-notification';
import { env } from '../../infra/wiring';
import { documentClient } from '../../shared/adapters/dynamodb';
import { recordSesNotification } from '../../shared/comms/record-ses-notification';
import { addClientNote } from '../../shared/crm/add-client-note';
import { clientEmailLog } from '../../shared/crm/client-email-log';
import { clientFileItemEntity } from '../../shared/crm/client-history';
import { createClientByStaff } from '../../shared/crm/create-client-by-staff';
import { recordConsent } from '../../shared/crm/record-consent';
import { signUpClient } from '../../shared/crm/sign-up-client';
import { listAudit } from '../../shared/identity/audit';
import { createAccount, logIn } from '../../shared/identity/log-in';
import { createOrganization } from '../../shared/identity/members';
import { type MemberRole, platformOrgId } from '../../shared/identity/membership';
import { beginTotpEnrollment, confirmTotpEnrollment } from '../../shared/identity/second-factor';
import { totpConfig } from '../../shared/identity/totp';
import { e2e } from './support/e2e';
import { e2eTwin, mailTo, sessionFor, twinDeps, waitFor } from './support/twin';

/**
 * The staff console (issue #11: CRM-01, CRM-03..09, ORG-01, ORG-08, COM-01, PLAT-02, ROLE-05),
 * against the built site and its twin: files are arranged with the CRM use cases, sessions are
 * created directly, e-mails really go through the pipeline to the SES twin.
 */

const password = 'correct horse battery staple';
const email = (tag: string) => `${tag}+${ulid().toLowerCase()}@example.org`;
/** Letters only, so the name index of one test never meets another's. */
const uniqueName = (base: string) => `${base}${ulid().slice(-8).replace(/\d/g, 'x').toLowerCase()}`;

/** A Canadian postal code no other test uses (the search lists by prefix). */
function randomPostalCode(): string {
  const letters = 'ABCEGHJKLMNPRSTVXY';
  const pick = (from: string) => from[Math.floor(Math.random() * from.length)] ?? 'A';
  const digit = () => String(Math.floor(Math.random() * 10));
  return `${pick(letters)}${digit()}${pick(letters)} ${digit()}${pick(letters)}${digit()}`;
}

/** An active account with these roles and a full session; its user id and session token. */
async function userWith(
  roles: { orgId: string; role: MemberRole }[],
  options: { displayName?: string; clientId?: string; address?: string } = {},
) {
  const deps = twinDeps();
  const { userId } = await createAccount(deps, { email: options.address ?? email('console'), password });
  if (options.displayName) {
    await deps.db.identity.entities.account.patch({ userId }).set({ displayName: options.displayName }).go();
  }
  for (const { orgId, role } of roles) {
    await deps.db.identity.entities.membership
      .create({ userId, orgId, role, grantedAt: new Date().toISOString(), grantedBy: 'console.spec' })
      .go();
  }
  const token = await sessionFor(userId, { roles, clientId: options.clientId });
  return { userId, token };
}

const staffMember = (displayName = 'Julie Lavoie') =>
  userWith([{ orgId: platformOrgId, role: 'staff' }], { displayName });

/** The code an authenticator app shows for `secret` at `at` (ms). */
const totpCode = (secret: string, at: number) =>
  HOTP.generate({
    secret: Secret.fromBase32(secret),
    digits: totpConfig.digits,
    algorithm: totpConfig.algorithm,
    counter: TOTP.counter({ period: totpConfig.period, timestamp: at }),
  });

/** Someone who enrolled TOTP (staff: at their first log-in), through the use cases; no session left. */
async function withTotp(displayName: string, role: 'staff' | 'trainer' = 'staff') {
  const address = email(role);
  const { userId } = await userWith([{ orgId: platformOrgId, role }], { displayName, address });
  const deps = twinDeps();
  const pending = await logIn(deps, { email: address, password, address: 'console.spec' });
  const enrollment = await beginTotpEnrollment(deps, {
    token: pending.token,
    issuer: 'Parvis',
    locale: 'fr',
  });
  await confirmTotpEnrollment(deps, {
    token: pending.token,
    code: totpCode(enrollment.secretForDisplay.replaceAll(' ', ''), Date.now()),
  });
  const secret = enrollment.secretForDisplay.replaceAll(' ', '');
  return { userId, email: address, secret };
}

/** A browser page with this session cookie (none: a visitor). */
async function pageWith(
  browser: Browser,
  token?: string,
  options: { javaScriptEnabled?: boolean; viewport?: { width: number; height: number } } = {},
): Promise<Page> {
  const context = await browser.newContext({ baseURL: e2e.origin, ...options });
  if (token) await context.addCookies([{ name: 'parvis_session', value: token, url: e2e.origin }]);
  return context.newPage();
}

/** A self-signed-up client who has answered the consent question (the portal opens on its overview). */
async function portalClient(lastName = uniqueName('Côté')) {
  const deps = twinDeps();
  const address = email('client');
  const outcome = await signUpClient(deps, {
    salutation: 'f',
    firstName: 'Marie-Ève',
    lastName,
    email: address,
    password,
    phone: '418 555-0142',
    address: {
      street: '123, rue Saint-Jean',
      city: 'Québec',
      region: 'QC',
      postalCode: 'G1R 4P5',
      country: 'CA',
    },
    locale: 'fr',
  });
  expect(outcome.outcome).toBe('checkInbox');
  const guard = (await deps.db.identity.entities.emailGuard.get({ email: address }).go({ consistent: true }))
    .data;
  if (!guard?.clientId || !guard.userId) throw new Error('sign-up made no file');
  for (const channel of ['email', 'phone', 'mail'] as const) {
    await recordConsent(deps, {
      clientId: guard.clientId,
      channel,
      value: 'granted',
      method: 'portal',
      actorUserId: guard.userId,
    });
  }
  const token = await sessionFor(guard.userId, { roles: [] });
  return { clientId: guard.clientId, userId: guard.userId, email: address, lastName, token };
}

/** A file made by staff through the use case (no invitation unless asked). */
async function staffFile(
  actorUserId: string,
  person: {
    firstName: string;
    lastName: string;
    email?: string;
    phone?: string;
    postalCode?: string;
    city?: string;
  },
  options: { sendInvitation?: boolean; confirmDuplicate?: boolean } = {},
) {
  const created = await createClientByStaff(twinDeps(), {
    salutation: 'f',
    firstName: person.firstName,
    lastName: person.lastName,
    email: person.email,
    phone: person.phone,
    address: { city: person.city ?? 'Rimouski', region: 'QC', postalCode: person.postalCode, country: 'CA' },
    locale: 'fr',
    actorUserId,
    sendInvitation: options.sendInvitation ?? false,
    confirmDuplicate: options.confirmDuplicate ?? false,
  });
  if (created.outcome !== 'created') throw new Error('not created');
  return created;
}

const pdf = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const png = Buffer.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1,
]);

const searchBox = (page: Page) => page.getByLabel('Nom, courriel, téléphone ou code postal');
const resultRows = (page: Page) => page.locator('table tbody tr');
const understood = (page: Page) => page.locator('.understood');
/** One of the file's three note boxes. */
const noteBox = (page: Page, kind: 'accounting' | 'trainer' | 'general'): Locator =>
  page.locator(`section.box.${kind}`);

async function search(page: Page, query: string) {
  await searchBox(page).fill(query);
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await expect(page).toHaveURL(/\/fr\/console\?q=/);
}

/** A permanent bounce from SES for one of our sent messages, as the ses-notifications consumer gets it. */
function bounceOf(mail: { sesMessageId: string; messageId: string; to: string }): SesNotificationMessage {
  const at = new Date().toISOString();
  const message = {
    eventType: 'Bounce',
    mail: {
      timestamp: at,
      source: 'Parvis <noreply@parvis.local>',
      messageId: mail.sesMessageId,
      destination: [mail.to],
      tags: { template: ['client.invitation'], kind: ['service'], messageId: [mail.messageId] },
    },
    bounce: {
      bounceType: 'Permanent',
      bounceSubType: 'General',
      bouncedRecipients: [{ emailAddress: mail.to, diagnosticCode: 'smtp; 550 5.1.1 user unknown' }],
      timestamp: at,
      feedbackId: ulid(),
    },
  };
  return sesNotificationMessage.parse({
    Type: 'Notification',
    MessageId: ulid(),
    TopicArn: 'arn:aws:sns:ca-central-1:000000000000:ses-events',
    Message: JSON.stringify(message),
    Timestamp: at,
  });
}

test.describe('staff console', () => {
  // Journeys wait for e-mails to go through the pipeline: more than the default 30 s.
  test.describe.configure({ timeout: 120_000 });

  test('CRM-03 CRM-04 staff find clients by name prefix, e-mail and postal code, and see who must be called', async ({
    browser,
  }) => {
    const staff = await staffMember();
    const lastName = uniqueName('Tremblay');
    const postalCode = randomPostalCode();
    const address = email('recherche');
    await staffFile(staff.userId, {
      firstName: 'Marie',
      lastName,
      email: address,
      postalCode,
      city: 'Rimouski',
    });
    await staffFile(
      staff.userId,
      { firstName: 'Paul', lastName, phone: '418 555-0199', postalCode, city: 'Rimouski' },
      { confirmDuplicate: true },
    );
    // Without JavaScript: the search is a GET form.
    const page = await pageWith(browser, staff.token, { javaScriptEnabled: false });
    await page.goto('/fr/console');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Rechercher un client');
    await expect(page.getByText('Connecté : Julie Lavoie')).toBeVisible();

    await search(page, lastName.slice(0, 12));
    await expect(understood(page)).toContainText(
      `Recherche par nom de famille commençant par « ${lastName.slice(0, 12)} »`,
    );
    await expect(resultRows(page)).toHaveCount(2);
    const paul = resultRows(page).filter({ hasText: 'Paul' });
    await expect(paul).toContainText('À appeler (sans courriel)');
    await expect(paul).toContainText('Rimouski');
    await expect(resultRows(page).filter({ hasText: 'Marie' })).toContainText(address);

    await search(page, `  ${address.toUpperCase()} `);
    await expect(understood(page)).toContainText('Recherche par adresse courriel');
    await expect(resultRows(page)).toHaveCount(1);
    await expect(resultRows(page)).toContainText(`${lastName}, Marie`);

    await search(page, postalCode.toLowerCase());
    await expect(understood(page)).toContainText(
      `Recherche par code postal commençant par « ${postalCode.replace(' ', '')} »`,
    );
    await expect(resultRows(page)).toHaveCount(2);

    await search(page, `${lastName}, Paul`);
    await expect(understood(page)).toContainText('Recherche par nom et prénom');
    await expect(resultRows(page)).toHaveCount(1);

    // Hostile or useless input is just a search that finds nothing, said in words.
    await search(page, '<script>alert(1)</script>');
    await expect(page.getByText('Aucun dossier ne correspond')).toBeVisible();
    await search(page, 'x'.repeat(500));
    await expect(page.getByRole('alert')).toContainText('Le nom de famille est trop long');
    await page.context().close();
  });

  test('CRM-01 CRM-03 staff create a file → invitation e-mail → the client activates and logs in; a known address or the same name and postal code is caught', async ({
    browser,
  }) => {
    const staff = await staffMember();
    const page = await pageWith(browser, staff.token);
    const lastName = uniqueName('Bouchard');
    const postalCode = randomPostalCode();
    const address = email('nouveau');

    const fill = async (person: { firstName: string; email?: string }) => {
      await page.goto('/fr/console/clients/nouveau');
      await page.getByLabel('Madame (Chère)').check();
      await page.getByLabel('Prénom').fill(person.firstName);
      await page.getByLabel('Nom de famille').fill(lastName);
      if (person.email) await page.getByRole('textbox', { name: /Adresse courriel/ }).fill(person.email);
      await page.getByLabel('Ville').fill('Sherbrooke');
      await page.getByLabel('Code postal').fill(postalCode);
    };

    // Nothing filled: the error summary names the fields.
    await page.goto('/fr/console/clients/nouveau');
    await page.getByRole('button', { name: 'Créer le dossier' }).click();
    await expect(page.locator('.error-summary')).toContainText('Prénom');
    await expect(page.locator('.error-summary')).toBeFocused();

    await fill({ firstName: 'Louise', email: address });
    await page.getByRole('button', { name: 'Créer le dossier' }).click();
    await expect(page).toHaveURL(/\/fr\/console\/clients\/[0-9A-Z]{26}\?cree=invitation$/);
    await expect(page.getByText('l’invitation au portail est partie par courriel')).toBeVisible();
    const firstFile = new URL(page.url()).pathname;
    const invitation = await waitFor(async () => (await mailTo(address))[0], 30_000);
    expect(invitation.text).toContain('Louise');
    const link = invitation.text?.match(
      /https?:\/\/[^\s"<>]+\/fr\/compte\/activer\?jeton=[A-Za-z0-9_-]{20,}/,
    )?.[0];
    expect(link).toBeTruthy();

    // The client follows the link, chooses a password, logs in and reaches their file.
    const invited = await pageWith(browser);
    const activation = new URL(link ?? '');
    await invited.goto(activation.pathname + activation.search);
    await expect(invited.getByRole('heading', { level: 1 })).toHaveText('Activer mon compte');
    await invited.getByLabel('Nouveau mot de passe').fill('la phrase de passe de Louise');
    await invited.getByRole('button', { name: 'Activer mon compte' }).click();
    await expect(invited).toHaveURL('/fr/connexion?raison=active');
    await invited.getByLabel('Adresse courriel').fill(address);
    await invited.getByLabel('Mot de passe', { exact: true }).fill('la phrase de passe de Louise');
    await invited.getByRole('button', { name: 'Se connecter' }).click();
    await expect(invited).toHaveURL(/\/fr\/mon-dossier/);
    await expect(invited.getByRole('banner').getByRole('button', { name: 'Se déconnecter' })).toBeVisible();
    const activated = await twinDeps()
      .db.identity.entities.emailGuard.get({ email: address })
      .go({ consistent: true });
    expect(activated.data?.clientId).toBe(firstFile.split('/').at(-1));
    await invited.context().close();

    // The same address: no second file, a link to the first.
    await fill({ firstName: 'Louisette', email: address.toUpperCase() });
    await page.getByRole('button', { name: 'Créer le dossier' }).click();
    await expect(page.getByText('Cette adresse courriel appartient déjà à un dossier')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Ouvrir le dossier existant' })).toHaveAttribute(
      'href',
      firstFile,
    );

    // Same names and postal code under another address: "Déjà client ?", then "Créer quand même".
    await fill({ firstName: 'Louise', email: email('autre') });
    await page.getByRole('button', { name: 'Créer le dossier' }).click();
    await expect(page.getByRole('heading', { name: 'Déjà client ?' })).toBeVisible();
    await expect(page.getByRole('link', { name: `${lastName}, Louise` })).toHaveAttribute('href', firstFile);
    await page.getByRole('button', { name: 'Créer quand même' }).click();
    await expect(page).toHaveURL(/\/fr\/console\/clients\/[0-9A-Z]{26}\?cree=invitation$/);
    expect(new URL(page.url()).pathname).not.toBe(firstFile);

    // CRM-04: no e-mail, a phone: kept, flagged for calls, no invitation.
    await page.goto('/fr/console/clients/nouveau');
    await page.getByLabel('Monsieur (Cher)').check();
    await page.getByLabel('Prénom').fill('Gérard');
    await page.getByLabel('Nom de famille').fill(uniqueName('Pelletier'));
    await page.getByLabel('Téléphone').fill('418 555-0123');
    await page.getByRole('button', { name: 'Créer le dossier' }).click();
    await expect(page).toHaveURL(/\?cree=1$/);
    await expect(page.getByText('Ce client n’a pas d’adresse courriel')).toBeVisible();
    await expect(page.locator('.file-head')).toContainText('À appeler (sans courriel)');
    await page.context().close();
  });

  test('CRM-08 an accounting note raises the red banner, never shown in the client portal', async ({
    browser,
  }) => {
    const staff = await staffMember();
    const client = await portalClient();
    const page = await pageWith(browser, staff.token);
    await page.goto(`/fr/console/clients/${client.clientId}`);
    await expect(page.locator('.red-flag')).toHaveCount(0);

    const secret = `Doit 120 $ depuis mars <script>alert('x')</script> ${ulid()}`;
    const accounting = noteBox(page, 'accounting');
    await accounting.getByLabel('Nouvelle note').fill(secret);
    await accounting.getByRole('button', { name: 'Ajouter la note' }).click();
    await expect(accounting.locator('.notice.success')).toContainText('La note a été ajoutée.');
    await expect(page.locator('.red-flag')).toContainText(secret);
    await expect(accounting.locator('.notes')).toContainText(secret);

    const trainerNote = `Pose beaucoup de questions ${ulid()}`;
    const trainer = noteBox(page, 'trainer');
    await trainer.getByLabel('Nouvelle note').fill(trainerNote);
    await trainer.getByRole('button', { name: 'Ajouter la note' }).click();
    await expect(trainer.locator('.notes')).toContainText(trainerNote);
    await expect(page.locator('.i-marker')).toBeVisible();

    // An empty note is refused in words, on its own box.
    const general = noteBox(page, 'general');
    await general.getByRole('button', { name: 'Ajouter la note' }).click();
    await expect(general.locator('.error-summary')).toContainText('Nouvelle note');

    // The search result carries the red flag too.
    await page.goto(`/fr/console?q=${encodeURIComponent(client.email)}`);
    await expect(resultRows(page)).toContainText('Red Flag');

    // The client sees none of it, anywhere in the portal's pages.
    const portal = await pageWith(browser, client.token);
    for (const path of ['/fr/mon-dossier', '/fr/mon-dossier/coordonnees', '/fr/mon-dossier/preferences']) {
      const response = await portal.goto(path);
      expect(response?.status()).toBe(200);
      const html = await portal.content();
      expect(html).not.toContain(secret.slice(0, 20));
      expect(html).not.toContain('Pose beaucoup');
      expect(html).not.toContain('Red Flag');
    }
    await portal.context().close();

    // Taking the banner down keeps the note.
    await page.goto(`/fr/console/clients/${client.clientId}`);
    await page.getByRole('button', { name: 'Retirer le bandeau rouge' }).click();
    await expect(page.locator('.red-flag')).toHaveCount(0);
    await expect(noteBox(page, 'accounting').locator('.notes')).toContainText(secret);
    await page.context().close();
  });

  test('CRM-09 PLAT-02 ROLE-05 staff log in with TOTP, "Se connecter en tant que…" opens the portal read-only, audited, with the way back', async ({
    browser,
  }) => {
    const staff = await withTotp('Nadia Gagnon');
    const client = await portalClient();
    const page = await pageWith(browser);
    await page.goto('/fr/connexion');
    await page.getByLabel('Adresse courriel').fill(staff.email);
    await page.getByLabel('Mot de passe', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await expect(page).toHaveURL('/fr/connexion/code');
    // The enrollment used this period's code; the next period's is accepted (30 s of drift allowed).
    await page.getByLabel('Code de vérification').fill(totpCode(staff.secret, Date.now() + 30_000));
    await page.getByRole('button', { name: 'Vérifier le code' }).click();
    await expect(page).toHaveURL('/fr/console');

    await search(page, client.lastName);
    await page
      .getByRole('link', { name: new RegExp(client.lastName) })
      .first()
      .click();
    await expect(page).toHaveURL(`/fr/console/clients/${client.clientId}`);
    await page.getByRole('button', { name: 'Se connecter en tant que…' }).click();
    await expect(page).toHaveURL('/fr/mon-dossier');
    await expect(page.getByText(/en lecture seule/).first()).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Bonjour');

    // The client's forms are shown disabled, and sending one anyway is refused by the server.
    await page
      .getByRole('navigation', { name: 'Sections de mon dossier' })
      .getByRole('link', { name: 'Coordonnées' })
      .click();
    await expect(page.getByRole('button', { name: 'Enregistrer mes coordonnées' })).toBeDisabled();
    const write = await page.request.post('/fr/mon-dossier/coordonnees', {
      form: { firstName: 'Écrit', lastName: client.lastName, 'address.city': 'Gaspé' },
      headers: { origin: e2e.origin, accept: 'text/html' },
    });
    expect(write.status()).toBe(403);
    const profile = await twinDeps()
      .db.crm.entities.clientProfile.get({ clientId: client.clientId })
      .go({ consistent: true });
    expect(profile.data?.city).toBe('Québec');

    // The console is closed while viewing the portal; a write is refused whatever the form.
    expect((await page.goto('/fr/console'))?.status()).toBe(403);
    const forged = await page.request.post(`/fr/console/clients/${client.clientId}?/note`, {
      form: { kind: 'general', text: 'écrit pendant la consultation' },
      headers: { origin: e2e.origin },
    });
    expect(forged.status()).toBe(403);

    await page.goto('/fr/mon-dossier');
    await page.getByRole('button', { name: 'Revenir à la console' }).click();
    await expect(page).toHaveURL(`/fr/console/clients/${client.clientId}`);
    await expect(page.getByRole('heading', { level: 1 })).toContainText(client.lastName);

    const audit = await listAudit(twinDeps(), {
      by: 'target',
      targetType: 'CLIENT',
      targetId: client.clientId,
    });
    expect(audit.entries.map((entry) => [entry.action, entry.actorUserId])).toEqual([
      ['impersonation.end', staff.userId],
      ['impersonation.start', staff.userId],
    ]);
    await page.goto('/fr/console/journal');
    const rows = resultRows(page).filter({ hasText: 'Nadia Gagnon' });
    await expect(rows.filter({ hasText: 'Se connecter en tant que… (début)' })).toHaveCount(1);
    await expect(rows.filter({ hasText: 'Se connecter en tant que… (fin)' })).toHaveCount(1);
    await page.context().close();
  });

  test('CRM-05 CRM-06 a bounced address is corrected, the missed invitation resent, the logs show it all', async ({
    browser,
  }) => {
    const staff = await staffMember();
    const wrong = email('faute');
    const right = email('corrige');
    const created = await staffFile(
      staff.userId,
      { firstName: 'Sylvie', lastName: uniqueName('Roy'), email: wrong, postalCode: randomPostalCode() },
      { sendInvitation: true },
    );
    await waitFor(async () => (await mailTo(wrong))[0], 30_000);
    const sent = await waitFor(async () => {
      const message = (
        await twinDeps()
          .db.comms.entities.outboundMessage.get({ messageId: created.messageId ?? '' })
          .go({
            consistent: true,
          })
      ).data;
      return message?.sesMessageId ? message : undefined;
    });
    await recordSesNotification(
      twinDeps(),
      bounceOf({ sesMessageId: sent.sesMessageId ?? '', messageId: sent.messageId, to: wrong }),
    );

    const page = await pageWith(browser, staff.token);
    await page.goto(`/fr/console/clients/${created.clientId}`);
    await expect(page.locator('.file-head')).toContainText('Courriel en échec');
    const emails = page.locator('#courriels');
    await expect(emails).toContainText('L’adresse actuelle est en échec');
    await expect(emails.locator('table')).toContainText('Non distribué (bounce)');

    await page.locator('summary', { hasText: 'Corriger les coordonnées' }).click();
    await page.getByRole('textbox', { name: /Adresse courriel/ }).fill(right);
    await page.getByRole('button', { name: 'Enregistrer les corrections' }).click();
    await expect(page.getByText('L’adresse courriel a changé')).toBeVisible();

    const missed = page.getByRole('region', { name: 'Courriels non reçus' });
    await expect(missed).toContainText(wrong);
    await expect(missed).toContainText(`Ils seront envoyés de nouveau à ${right}`);
    const missedId = await missed.getByRole('checkbox').first().getAttribute('value');
    await missed.getByRole('button', { name: 'Renvoyer les courriels non reçus' }).click();
    await expect(page.getByText('1 courriel(s) renvoyé(s).')).toBeVisible();
    const resent = await waitFor(async () => (await mailTo(right))[0], 30_000);
    expect(resent.text).toContain('Sylvie');
    // Resent, it is no longer offered; the same form sent again (a double submit, a second staff
    // member's older page) resends nothing twice.
    await expect(page.getByRole('region', { name: 'Courriels non reçus' })).toHaveCount(0);
    const replay = await page.request.post(`${new URL(page.url()).pathname}?/resend`, {
      form: { messageId: missedId ?? '' },
      headers: { origin: e2e.origin, accept: 'text/html' },
    });
    expect(await replay.text()).toContain('1\u00a0avaient déjà été renvoyés.');
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(await mailTo(right)).toHaveLength(1);

    await page.getByRole('link', { name: 'Consulter les logs' }).first().click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Courriels envoyés à Sylvie');
    await expect(page.locator('table').first()).toContainText('Non distribué (bounce)');
    await expect(page.locator('table').first()).toContainText('550 5.1.1 user unknown');
    await waitFor(async () => {
      const log = await clientEmailLog(twinDeps(), { clientId: created.clientId });
      return log.entries.some((entry) => entry.to === right && entry.event === 'sent');
    }, 30_000);
    await page.reload();
    await expect(page.locator('table tbody tr').filter({ hasText: right })).toContainText('Envoyé');
    await page.context().close();
  });

  test('CRM-10 staff attach a PDF to a file, download it and delete it; a PNG named .pdf is refused', async ({
    browser,
  }) => {
    const staff = await staffMember();
    const created = await staffFile(staff.userId, {
      firstName: 'Denis',
      lastName: uniqueName('Ouellet'),
      phone: '418 555-0177',
      postalCode: randomPostalCode(),
    });
    const page = await pageWith(browser, staff.token);
    await page.goto(`/fr/console/clients/${created.clientId}`);
    const documents = page.locator('#documents');
    await expect(documents).toContainText('Aucun document au dossier.');

    // The file goes to the S3 twin, which sends the browser back to have its content checked.
    await documents.getByLabel('Fichier à déposer').setInputFiles({
      name: 'Reçu de paiement.pdf',
      mimeType: 'application/pdf',
      buffer: pdf,
    });
    await documents.getByRole('button', { name: 'Déposer le document' }).click();
    await expect(page).toHaveURL(new RegExp(`/fr/console/clients/${created.clientId}\\?ajoute=`));
    await expect(
      page.getByText('Le document « Reçu de paiement.pdf » a été joint au dossier.'),
    ).toBeVisible();
    const row = page.locator('#documents tbody tr').filter({ hasText: 'Reçu de paiement.pdf' });
    await expect(row).toContainText('Le personnel');

    const href = (await row.getByRole('link', { name: 'Reçu de paiement.pdf' }).getAttribute('href')) ?? '';
    const download = await page.request.get(href, { maxRedirects: 0 });
    expect(download.status()).toBe(303);
    const signed = download.headers().location ?? '';
    expect(new URL(signed).searchParams.get('X-Amz-Expires')).toBe('300');
    expect(
      Buffer.from(await (await fetch(signed)).arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    // A forged document id is not found.
    const forged = await page.request.get(href.replace(/documents\/[^/?]+/, `documents/${ulid()}`), {
      maxRedirects: 0,
    });
    expect(forged.status()).toBe(404);

    // A PNG that says it is a PDF: refused, and nothing is kept.
    await page.goto(`/fr/console/clients/${created.clientId}`);
    await page
      .locator('#documents')
      .getByLabel('Fichier à déposer')
      .setInputFiles({ name: 'photo.pdf', mimeType: 'application/pdf', buffer: png });
    await page.locator('#documents').getByRole('button', { name: 'Déposer le document' }).click();
    await expect(page).toHaveURL(/\/documents\/recu\?/);
    await expect(page.getByRole('alert')).toContainText("Le fichier n'est pas un PDF valide (c'est un PNG).");
    await page.getByRole('link', { name: 'Retour au dossier' }).click();
    await expect(page.locator('#documents tbody tr')).toHaveCount(1);

    await page
      .locator('#documents tbody tr')
      .getByRole('button', { name: /Supprimer/ })
      .click();
    await expect(page.getByText('Le document a été supprimé.')).toBeVisible();
    await expect(page.locator('#documents tbody tr')).toHaveCount(0);
    await page.context().close();
  });

  test('CRM-07 PLAT-02 staff run a deletion request: deleted without history, deactivated with it, then restored', async ({
    browser,
  }) => {
    const staff = await staffMember();
    const page = await pageWith(browser, staff.token);
    const fileItems = clientFileItemEntity();
    fileItems.setClient(documentClient(e2eTwin().env));
    fileItems.setTableName(e2eTwin().env[env.tableName] ?? '');
    const erase = page.locator('section.danger-zone');

    // No history: deleted completely, after the confirmation box.
    const lone = await staffFile(staff.userId, {
      firstName: 'Aline',
      lastName: uniqueName('Fortin'),
      email: email('seule'),
      postalCode: randomPostalCode(),
    });
    await page.goto(`/fr/console/clients/${lone.clientId}`);
    await erase.getByRole('button', { name: 'Supprimer le dossier' }).click();
    await expect(erase.locator('.error-summary')).toContainText('Cochez la case de confirmation');
    await erase.getByLabel(/a demandé à être retiré/).check();
    await erase.getByRole('button', { name: 'Supprimer le dossier' }).click();
    await expect(page).toHaveURL('/fr/console?supprime=1');
    await expect(page.getByText('Le dossier a été complètement supprimé.')).toBeVisible();
    expect((await page.goto(`/fr/console/clients/${lone.clientId}`))?.status()).toBe(404);

    // A balance due refuses; a paid invoice (history) deactivates.
    const lastName = uniqueName('Bérubé');
    const postalCode = randomPostalCode();
    const kept = await staffFile(staff.userId, {
      firstName: 'Rémi',
      lastName,
      email: email('ancien'),
      phone: '418 555-0188',
      postalCode,
    });
    const invoice = `INVOICE#${ulid()}`;
    await fileItems.put({ clientId: kept.clientId, sortKey: invoice, balanceCents: 4000 }).go();
    await page.goto(`/fr/console/clients/${kept.clientId}`);
    await erase.getByLabel(/a demandé à être retiré/).check();
    await erase.getByRole('button', { name: 'Supprimer le dossier' }).click();
    await expect(erase.locator('.error-summary')).toContainText('car il a un solde');
    await fileItems.put({ clientId: kept.clientId, sortKey: invoice, balanceCents: 0 }).go();
    await erase.getByLabel(/a demandé à être retiré/).check();
    await erase.getByRole('button', { name: 'Supprimer le dossier' }).click();
    const restore = page.locator('section.restore');
    await expect(restore.locator('.notice.success')).toContainText('Le dossier a été désactivé');
    await expect(page.locator('.file-head')).toContainText('Désactivé');
    await expect(page.locator('.file-head h1')).toContainText(`${lastName}, Rémi`);
    await expect(page.getByText('418 555-0188')).toHaveCount(0);

    // « Restaurer ce client »: the missing details, and the restoration e-mail to the new address.
    const back = email('retour');
    await restore.getByRole('textbox', { name: /Adresse courriel/ }).fill(back);
    await restore.getByLabel('Ville').fill('Matane');
    await restore.getByRole('button', { name: 'Restaurer ce client' }).click();
    await expect(page.getByText('Le dossier a été restauré')).toBeVisible();
    await expect(page.locator('.file-head')).not.toContainText('Désactivé');
    const mail = await waitFor(async () => (await mailTo(back))[0], 30_000);
    expect(mail.text).toContain('Rémi');

    const audit = await listAudit(twinDeps(), { by: 'actor', actorUserId: staff.userId });
    expect(audit.entries.map((entry) => [entry.action, entry.targetId])).toEqual(
      expect.arrayContaining([
        ['client.delete', lone.clientId],
        ['client.deactivate', kept.clientId],
        ['client.restore', kept.clientId],
      ]),
    );
    await page.context().close();
  });

  test('COM-01 PLAT-02 the template editor refuses an unknown placeholder, keeps the text, previews, saves and resets', async ({
    browser,
  }) => {
    const staff = await staffMember();
    const page = await pageWith(browser, staff.token);
    await page.goto('/fr/console/modeles');
    const row = resultRows(page).filter({ hasText: 'Nouveau client ajouté manuellement' });
    await expect(row).toContainText('Texte par défaut');
    await row.getByRole('link', { name: /Modifier.*Français/ }).click();
    await expect(page).toHaveURL('/fr/console/modeles/client.manualInvitation/fr');
    await expect(page.getByRole('heading', { name: 'Mots à remplacer' })).toBeVisible();
    await expect(page.locator('.placeholders')).toContainText('{prenom_client}');

    const body = page.getByLabel('Texte', { exact: true });
    const original = await body.inputValue();
    const edited = `${original}\n\nÀ bientôt {surnom_inconnu} !`;
    await body.fill(edited);
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(page.locator('.error-summary')).toContainText('{surnom_inconnu}');
    await expect(page.getByLabel('Texte', { exact: true })).toHaveValue(edited);

    // The preview of the refused draft says why, in its frame; a fitting draft renders.
    const frame = page.frameLocator('iframe[name="apercu"]');
    await expect(frame.locator('body')).toContainText('Amélie');
    await page.getByRole('button', { name: 'Aperçu' }).click();
    await expect(frame.locator('body')).toContainText('{surnom_inconnu}');
    await page.getByLabel('Texte', { exact: true }).fill(`${original}\n\nÀ bientôt <b>{prenom_client}</b> !`);
    await page.getByRole('button', { name: 'Aperçu' }).click();
    await expect(frame.locator('body')).toContainText('À bientôt <b>');

    // Saving the default's own words changes no e-mail another test may be waiting for.
    await page.getByLabel('Texte', { exact: true }).fill(original);
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(page.getByText('Le modèle a été enregistré.')).toBeVisible();
    await expect(page.locator('.state')).toContainText('Modifié');
    await page.getByRole('button', { name: 'Revenir au texte par défaut' }).click();
    await expect(page.getByText('Le modèle est revenu au texte par défaut.')).toBeVisible();
    await expect(page.locator('.state')).toContainText('Texte par défaut');

    const audit = await listAudit(twinDeps(), { by: 'actor', actorUserId: staff.userId });
    // Besides the staff member's own log-in (staff.login, when the test made the session).
    expect(
      audit.entries
        .filter((entry) => entry.targetType === 'TEMPLATE')
        .map((entry) => [entry.action, entry.targetId]),
    ).toEqual([
      ['template.reset', 'client.manualInvitation:fr'],
      ['template.save', 'client.manualInvitation:fr'],
    ]);
    await page.context().close();
  });

  test('ORG-01 ORG-08 staff create an organization with its first member, then manage its users', async ({
    browser,
  }) => {
    const staff = await staffMember();
    const page = await pageWith(browser, staff.token);
    const name = `Théâtre ${uniqueName('du Parvis ')}`;
    const first = email('organisme');
    await page.goto('/fr/console/organismes');
    await page.getByLabel('Nom de l’organisme').fill(name);
    await page.getByLabel('Nom de la personne').fill('Hélène Dubé');
    await page.getByLabel('Courriel de la personne').fill(first);
    await page.getByRole('button', { name: 'Créer l’organisme' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
    await expect(page.getByText('L’organisme a été créé')).toBeVisible();
    const invitation = await waitFor(async () => (await mailTo(first))[0], 30_000);
    expect(invitation.text).toContain('/fr/compte/activer?jeton=');

    const members = page.locator('table tbody tr');
    await expect(members.filter({ hasText: first })).toContainText('Invitation envoyée');

    // The last "Organisme" cannot be removed.
    await members
      .filter({ hasText: first })
      .getByRole('button', { name: /Retirer/ })
      .click();
    await expect(page.getByRole('alert').filter({ hasText: 'au moins un utilisateur' })).toBeVisible();

    const moderator = email('moderation');
    await page.getByLabel('Nom', { exact: true }).fill('Kevin Moreau');
    await page.getByLabel('Courriel', { exact: true }).fill(moderator);
    await page.getByLabel('Modérateur de clavardage').check();
    await page.getByRole('button', { name: 'Ajouter', exact: true }).click();
    await expect(page.getByText('L’utilisateur a été ajouté')).toBeVisible();
    await waitFor(async () => (await mailTo(moderator))[0], 30_000);
    const kevin = members.filter({ hasText: moderator });
    await expect(kevin.getByLabel('Rôle de Kevin Moreau')).toHaveValue('moderator');
    await kevin.getByLabel('Rôle de Kevin Moreau').selectOption('organisme');
    await kevin.getByRole('button', { name: 'Changer' }).click();
    await expect(page.getByText('Le rôle a été changé.')).toBeVisible();
    await members
      .filter({ hasText: first })
      .getByRole('button', { name: /Retirer/ })
      .click();
    await expect(page.getByText('L’utilisateur a été retiré.')).toBeVisible();
    await expect(members.filter({ hasText: first })).toHaveCount(0);

    await page.goto('/fr/console/organismes');
    await expect(page.getByRole('link', { name })).toBeVisible();
    const audit = await listAudit(twinDeps(), { by: 'actor', actorUserId: staff.userId });
    expect(
      audit.entries
        .map((entry) => entry.action)
        .filter((action) => action !== 'staff.login')
        .sort(),
    ).toEqual(['member.add', 'member.remove', 'org.create', 'role.grant', 'role.grant'].sort());
    await page.context().close();
  });

  test('ROLE-05 PLAT-02 staff reset a trainer’s lost second factor: logged out everywhere, audited', async ({
    browser,
  }) => {
    const staff = await staffMember('Julie Lavoie');
    const trainerName = `Formatrice ${uniqueName('Roy')}`;
    const trainer = await withTotp(trainerName, 'trainer');
    const page = await pageWith(browser, staff.token);
    await page.goto('/fr/console/personnel');
    const reset = page.getByRole('button', {
      name: `Réinitialiser la double authentification ${trainerName}`,
    });
    await reset.click();
    await expect(
      page.getByRole('status').filter({ hasText: 'La double authentification a été retirée' }),
    ).toBeVisible();
    await expect(reset).toHaveCount(0);
    const account = await twinDeps()
      .db.identity.entities.account.get({ userId: trainer.userId })
      .go({ consistent: true });
    expect(account.data?.totpEnabledAt).toBeUndefined();
    await page.goto('/fr/console/journal');
    await expect(
      resultRows(page)
        .filter({ hasText: 'Double authentification réinitialisée' })
        .filter({ hasText: 'Julie Lavoie' }),
    ).not.toHaveCount(0);
    await page.context().close();
  });

  test('ROLE-05 ROLE-06 visitors, clients and organization members never reach the console', async ({
    browser,
  }) => {
    const staff = await staffMember();
    const { orgId } = await createOrganization(twinDeps(), {
      name: `Galerie ${uniqueName('Est')}`,
      firstMember: { email: email('galerie'), displayName: 'Galerie' },
      actorUserId: staff.userId,
    });
    const member = await userWith([{ orgId, role: 'organisme' }]);
    const client = await portalClient();
    const file = `/fr/console/clients/${client.clientId}`;

    const visitor = await pageWith(browser);
    await visitor.goto('/fr/console');
    await expect(visitor).toHaveURL(`/fr/connexion?suite=${encodeURIComponent('/fr/console')}`);
    await visitor.goto(`${file}?x=1`);
    await expect(visitor).toHaveURL(`/fr/connexion?suite=${encodeURIComponent(`${file}?x=1`)}`);
    await visitor.context().close();

    for (const who of [member, client]) {
      const page = await pageWith(browser, who.token);
      for (const path of [
        '/fr/console',
        file,
        '/fr/console/modeles',
        '/fr/console/journal',
        '/en/console/organismes',
      ]) {
        expect((await page.goto(path))?.status(), path).toBe(403);
      }
      for (const action of ['note', 'impersonate', 'invite']) {
        const response = await page.request.post(`${file}?/${action}`, {
          form: { kind: 'accounting', text: 'forgée' },
          headers: { origin: e2e.origin },
          maxRedirects: 0,
        });
        expect(response.status(), action).toBe(403);
      }
      const ended = await page.request.post('/fr/console/emprunt/fin', {
        headers: { origin: e2e.origin },
        maxRedirects: 0,
      });
      expect(ended.status()).toBe(403);
      await page.context().close();
    }
    const notes = await twinDeps()
      .db.crm.entities.clientNote.query.byClient({ clientId: client.clientId })
      .go();
    expect(notes.data).toEqual([]);
  });

  test('CRM-06 CRM-08 CRM-11 screenshots of a client file with notes, consent history and e-mail log', async ({
    browser,
  }) => {
    const staff = await staffMember('Julie Lavoie');
    const deps = twinDeps();
    const address = email('dossier');
    const created = await staffFile(
      staff.userId,
      {
        firstName: 'Marie-Ève',
        lastName: uniqueName('Côté-Lévesque'),
        email: address,
        phone: '418 555-0142',
        postalCode: 'G5L 1A1',
        city: 'Rimouski',
      },
      { sendInvitation: true },
    );
    await deps.db.crm.entities.clientProfile
      .patch({ clientId: created.clientId })
      .set({ street: '212, avenue de la Cathédrale' })
      .go();
    await recordConsent(deps, {
      clientId: created.clientId,
      channel: 'email',
      value: 'granted',
      method: 'phone',
      source: 'Appel de la cliente pour son inscription',
      actorUserId: staff.userId,
    });
    await recordConsent(deps, {
      clientId: created.clientId,
      channel: 'mail',
      value: 'withdrawn',
      method: 'paper',
      source: 'Formulaire papier signé à l’atelier',
      actorUserId: staff.userId,
    });
    await addClientNote(deps, {
      clientId: created.clientId,
      kind: 'accounting',
      text: 'Ne pas inscrire cette cliente : solde de 120 $ impayé depuis mars.',
      authorUserId: staff.userId,
    });
    await addClientNote(deps, {
      clientId: created.clientId,
      kind: 'trainer',
      text: 'Pose beaucoup de questions hors sujet : la recentrer avec douceur.',
      authorUserId: staff.userId,
    });
    await addClientNote(deps, {
      clientId: created.clientId,
      kind: 'general',
      text: 'Préfère être appelée en après-midi.',
      authorUserId: staff.userId,
    });
    await waitFor(async () => {
      const log = await clientEmailLog(deps, { clientId: created.clientId });
      return log.entries.some((entry) => entry.event === 'sent');
    }, 30_000);

    for (const width of [1280, 390]) {
      const page = await pageWith(browser, staff.token, { viewport: { width, height: 900 } });
      await page.goto(`/fr/console/clients/${created.clientId}`);
      await expect(page.locator('.red-flag')).toContainText('solde de 120 $');
      await expect(page.getByRole('heading', { name: 'Historique des consentements' })).toBeVisible();
      await expect(page.getByText('Formulaire papier signé à l’atelier')).toBeVisible();
      await expect(page.locator('#courriels table')).toContainText('Envoyé');
      await page.screenshot({ path: `docs/screenshots/console-client-${width}.png`, fullPage: true });
      // Nothing wider than the screen.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await page.context().close();
    }
  });
});
