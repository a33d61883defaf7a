import { type Browser, expect, type Page, test } from '@playwright/test';
import { HOTP, Secret, TOTP } from 'otpauth';
import { ulid } from 'ulid';
import { issueAccountToken } from '../../shared/identity/account-tokens';
import { createAccount } from '../../shared/identity/log-in';
import { platformOrgId } from '../../shared/identity/membership';
import { e2e } from './support/e2e';
import { mailTo, twinDeps, waitFor } from './support/twin';

/**
 * The account pages in a browser (issue #11; ROLE-01..05, CRM-01, CRM-03): sign-up, e-mail links,
 * log-in with throttling and the second factor, log-out, and the security page, against the built
 * site and its twin (e-mails really go through the queue, the sender and the SES twin).
 */

const password = 'correct horse battery staple';
const email = (tag: string) => `${tag}+${ulid().toLowerCase()}@example.org`;

async function account(options: { role?: 'staff' } = {}) {
  const address = email(options.role ?? 'client');
  const { userId } = await createAccount(twinDeps(), { email: address, password });
  if (options.role) {
    await twinDeps()
      .db.identity.entities.membership.create({
        userId,
        orgId: platformOrgId,
        role: options.role,
        grantedAt: new Date().toISOString(),
        grantedBy: 'account.spec',
      })
      .go();
  }
  return { email: address, userId };
}

/** The first link to `path` in the newest mail to `to` (waits for the sender to deliver it). */
async function linkInMail(to: string, path: string, since?: Date): Promise<string> {
  const pattern = new RegExp(`https?://[^\\s"<>]+${path.replace(/[/?]/g, '\\$&')}\\?jeton=[A-Za-z0-9_-]+`);
  return waitFor(
    async () => {
      const mails = await mailTo(to, since);
      const match = mails.at(-1)?.text?.match(pattern) ?? mails.at(-1)?.html?.match(pattern);
      return match?.[0];
    },
    30_000,
    200,
  );
}

const summary = (page: Page) => page.locator('.error-summary');
/** The page's notice (the forms' own live region is empty unless sending). */
const notice = (page: Page) => page.getByRole('status').filter({ hasText: /\S/ });

/** Logs in through the form; waits until the page moved on, or (`fails`) until the summary shows. */
async function logIn(page: Page, address: string, secret = password, options: { fails?: boolean } = {}) {
  await page.goto('/fr/connexion');
  await page.getByLabel('Adresse courriel').fill(address);
  await page.getByLabel('Mot de passe', { exact: true }).fill(secret);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  if (options.fails) await expect(summary(page)).toBeVisible();
  else await page.waitForURL((url) => url.pathname !== '/fr/connexion');
}

const codeAt = (secret: string, at: number) =>
  HOTP.generate({
    secret: Secret.fromBase32(secret.replaceAll(' ', '')),
    counter: TOTP.counter({ period: 30, timestamp: at }),
  });

async function newPage(browser: Browser, options: { javaScriptEnabled?: boolean } = {}) {
  const context = await browser.newContext({ baseURL: e2e.origin, ...options });
  return context.newPage();
}

test.describe('account pages', () => {
  test('CRM-01 CRM-03 CRM-11 CRM-02 sign-up → verify (a GET consumes nothing) → first log-in asks consent → edit the address', async ({
    page,
    browser,
  }) => {
    test.setTimeout(120_000);
    const address = email('signup');
    const lastName = `Tremblay-${ulid().slice(-6)}`;
    await page.goto('/fr/inscription');
    await page.getByRole('radio', { name: 'Madame' }).check();
    await page.getByLabel('Prénom').fill('Amélie');
    await page.getByLabel('Nom de famille').fill(lastName);
    await page.getByLabel('Adresse courriel').fill(address);
    await page.getByLabel('Mot de passe', { exact: true }).fill(password);
    await page.getByLabel('Adresse (numéro, rue, appartement)').fill('12 rue des Érables');
    await page.getByLabel('Ville').fill('Québec');
    await page.getByLabel('Province, État ou région').fill('QC');
    await page.getByLabel('Code postal').fill('g1r 4p5');
    await page.getByLabel('Pays').selectOption('CA');
    await page.getByRole('button', { name: 'Créer mon dossier' }).click();
    await expect(page).toHaveURL('/fr/inscription/courriel-envoye');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Vérifiez vos courriels');

    const link = await linkInMail(address, '/fr/compte/verifier');
    const path = new URL(link).pathname + new URL(link).search;
    // A mail scanner opening the link twice uses nothing.
    for (let i = 0; i < 2; i++) expect((await page.request.get(path)).status()).toBe(200);
    await page.goto(path);
    await page.getByRole('button', { name: 'Confirmer mon adresse' }).click();
    await expect(notice(page)).toContainText('Votre adresse courriel est confirmée');
    const verified = await twinDeps()
      .db.identity.entities.emailGuard.get({ email: address })
      .go({ consistent: true });
    const user = await twinDeps()
      .db.identity.entities.account.get({ userId: verified.data?.userId ?? '' })
      .go({ consistent: true });
    expect(user.data?.emailVerifiedAt).toBeTruthy();
    // The link worked once.
    await page.goto(path);
    await page.getByRole('button', { name: 'Confirmer mon adresse' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ce lien ne fonctionne plus');

    await logIn(page, address);
    // CRM-11: the first log-in asks the communication preferences before anything else.
    await expect(page).toHaveURL('/fr/mon-dossier/preferences');
    await expect(page.getByRole('banner').getByRole('button', { name: 'Se déconnecter' })).toBeVisible();
    for (const [channel, answer] of [
      [/par courriel/, 'Oui, j’accepte'],
      [/par téléphone/, 'Non, je refuse'],
      [/par la poste/, 'Oui, j’accepte'],
    ] as const) {
      await page.getByRole('group', { name: channel }).getByLabel(answer).check();
    }
    await page.getByRole('button', { name: 'Enregistrer mes préférences' }).click();
    await expect(page).toHaveURL('/fr/mon-dossier?bienvenue');
    await expect(page.getByRole('heading', { level: 1, name: 'Bonjour Amélie' })).toBeVisible();

    // CRM-02: then the client moves, from the portal's own navigation.
    await page
      .getByRole('navigation', { name: 'Sections de mon dossier' })
      .getByRole('link', { name: 'Coordonnées' })
      .click();
    await page.getByLabel('Adresse (numéro, rue, appartement)').fill('2500, boulevard Laurier, bureau 210');
    await page.getByLabel('Ville').fill('Sherbrooke');
    await page.getByLabel('Code postal').fill('j1h 5n4');
    await page.getByRole('button', { name: 'Enregistrer mes coordonnées' }).click();
    await expect(notice(page)).toContainText('Vos coordonnées ont été enregistrées.');
    await page
      .getByRole('navigation', { name: 'Sections de mon dossier' })
      .getByRole('link', { name: 'Mon dossier' })
      .click();
    await expect(page.getByRole('region', { name: 'Mes renseignements' })).toContainText(
      'Sherbrooke (QC) J1H 5N4',
    );

    // CRM-03: the same address again gets the very same page; the owner is told by e-mail instead.
    const before = (await mailTo(address)).length;
    const again = await newPage(browser);
    await again.goto('/fr/inscription');
    await again.getByRole('radio', { name: 'Monsieur' }).check();
    await again.getByLabel('Prénom').fill('Intrus');
    await again.getByLabel('Nom de famille').fill('Inconnu');
    await again.getByLabel('Adresse courriel').fill(address.toUpperCase());
    await again.getByLabel('Mot de passe', { exact: true }).fill('another passphrase');
    await again.getByLabel('Adresse (numéro, rue, appartement)').fill('1 rue Autre');
    await again.getByLabel('Ville').fill('Lévis');
    await again.getByLabel('Code postal').fill('G6V 1A1');
    await again.getByRole('button', { name: 'Créer mon dossier' }).click();
    await expect(again).toHaveURL('/fr/inscription/courriel-envoye');
    const attempt = await waitFor(
      async () => {
        const mails = await mailTo(address);
        return mails.length > before ? mails.at(-1) : undefined;
      },
      30_000,
      200,
    );
    // Its links (log in, forgotten password) lead to pages that exist.
    const links = [...new Set(attempt.text?.match(/https?:\/\/[^\s"<>)]+/g) ?? [])];
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) {
      expect((await again.request.get(new URL(link).pathname)).status(), link).toBe(200);
    }

    // CRM-03: another address, same name and (new) postal code: « Déjà client ? » with the school's
    // contacts.
    await again.goto('/fr/inscription');
    await again.getByRole('radio', { name: 'Madame' }).check();
    await again.getByLabel('Prénom').fill('amelie');
    await again.getByLabel('Nom de famille').fill(lastName.toUpperCase());
    await again.getByLabel('Adresse courriel').fill(email('twin'));
    await again.getByLabel('Mot de passe', { exact: true }).fill(password);
    await again.getByLabel('Adresse (numéro, rue, appartement)').fill('2500 boul. Laurier');
    await again.getByLabel('Ville').fill('Sherbrooke');
    await again.getByLabel('Code postal').fill('J1H5N4');
    await again.getByRole('button', { name: 'Créer mon dossier' }).click();
    await expect(again).toHaveURL('/fr/inscription/deja-client');
    await expect(again.getByRole('heading', { level: 1 })).toHaveText('Déjà client\u00a0?');
    await expect(again.getByRole('main')).toContainText(
      'Vous avez déjà un dossier à notre école, veuillez communiquer avec nous afin qu’on vous y donne accès.',
    );
    await expect(again.getByRole('link', { name: '1-800-361-3834' })).toHaveAttribute(
      'href',
      'tel:+18003613834',
    );
    await expect(again.getByRole('link', { name: '01 76 66 07 55' })).toBeVisible();
    await expect(again.getByRole('link', { name: 'info@ecoutetoncorps.com' })).toBeVisible();
    await again.context().close();
  });

  test('CRM-01 sign-up errors: each field says what is wrong, the summary gets focus, typed values stay, HTML stays text', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    const dialogs: string[] = [];
    page.on('dialog', async (dialog) => {
      dialogs.push(dialog.message());
      await dialog.dismiss();
    });
    await page.goto('/fr/inscription');
    await page.getByLabel('Prénom').fill('<script>alert(1)</script><img src=x onerror=alert(2)>');
    await page.getByLabel('Mot de passe', { exact: true }).fill('short');
    await page.getByRole('button', { name: 'Créer mon dossier' }).click();
    await expect(summary(page)).toBeFocused();
    await expect(summary(page).getByRole('link')).toContainText([
      'Remplissez le champ «\u00a0Formule d’appel\u00a0».',
      'Remplissez le champ «\u00a0Nom de famille\u00a0».',
      'Remplissez le champ «\u00a0Adresse courriel\u00a0».',
    ]);
    await expect(page.getByLabel('Prénom')).toHaveValue(
      '<script>alert(1)</script><img src=x onerror=alert(2)>',
    );
    await expect(page.getByLabel('Mot de passe', { exact: true })).toHaveValue('');
    // The summary's link takes the keyboard to the field.
    await summary(page)
      .getByRole('link', { name: /Adresse courriel/ })
      .click();
    await expect(page.getByLabel('Adresse courriel')).toBeFocused();
    await expect(page.getByLabel('Adresse courriel')).toHaveAttribute('aria-invalid', 'true');

    // Then one problem at a time, each on its field, from the use case's own checks.
    const submit = async (field: string, expected: string) => {
      await page.getByRole('button', { name: 'Créer mon dossier' }).click();
      await expect(summary(page)).toBeFocused();
      await expect(page.locator(`#${field}-error`)).toContainText(expected);
    };
    await page.getByRole('radio', { name: 'Sans formule' }).check();
    const lastName = page.getByLabel('Nom de famille');
    // A hostile client ignores maxlength.
    await lastName.evaluate((input) => input.removeAttribute('maxlength'));
    await lastName.fill('x'.repeat(10_000));
    await page.getByLabel('Adresse courriel').fill(email('errors'));
    await page.getByLabel('Mot de passe', { exact: true }).fill('short');
    await page.getByLabel('Adresse (numéro, rue, appartement)').fill('1 rue Principale');
    await page.getByLabel('Ville').fill('Rimouski');
    await page.getByLabel('Code postal').fill('75001');
    await submit('f-lastName', 'Le nom de famille est trop long (100 caractères au plus).');
    await page.getByLabel('Nom de famille').fill('Gagnon');
    await page.getByLabel('Mot de passe', { exact: true }).fill('short');
    await submit('f-address-postalCode', 'Le code postal n’est pas valide.');
    await page.getByLabel('Code postal').fill('G5L 1A1');
    await page.getByLabel('Mot de passe', { exact: true }).fill('short');
    await submit('f-password', 'Le mot de passe doit contenir au moins 8 caractères.');
    expect(dialogs).toEqual([]);
  });

  test('ROLE-02 forgotten password → e-mail → reset → log in with the new password; the link works once', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    const user = await account();
    await page.goto('/fr/connexion');
    await page.getByRole('link', { name: 'Mot de passe oublié\u00a0?' }).click();
    await expect(page).toHaveURL('/fr/mot-de-passe-oublie');
    const since = new Date(Date.now() - 1000);
    await page.getByLabel('Adresse courriel').fill(user.email);
    await page.getByRole('button', { name: 'Envoyer le lien' }).click();
    const answer = notice(page);
    await expect(answer).toContainText('Si un compte existe pour cette adresse, un courriel est en route');
    // An address without an account gets the very same answer.
    const known = (await answer.textContent()) ?? '';
    await page.goto('/fr/mot-de-passe-oublie');
    await page.getByLabel('Adresse courriel').fill(email('nobody'));
    await page.getByRole('button', { name: 'Envoyer le lien' }).click();
    await expect(notice(page)).toHaveText(known);

    const link = await linkInMail(user.email, '/fr/compte/reinitialiser', since);
    const path = new URL(link).pathname + new URL(link).search;
    expect((await page.request.get(path)).status()).toBe(200);
    await page.goto(path);
    await page.getByLabel('Nouveau mot de passe').fill('short');
    await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await expect(summary(page)).toBeFocused();
    await expect(summary(page)).toContainText('Le mot de passe doit contenir au moins 8 caractères.');
    // A refused password leaves the link usable.
    const fresh = 'a completely fresh passphrase';
    await page.getByLabel('Nouveau mot de passe').fill(fresh);
    await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await expect(page).toHaveURL('/fr/connexion?raison=mot-de-passe');
    await expect(notice(page)).toContainText('Votre nouveau mot de passe est enregistré');

    await logIn(page, user.email, password, { fails: true });
    await expect(summary(page)).toContainText('Courriel ou mot de passe incorrect.');
    await logIn(page, user.email, fresh);
    await expect(page.getByRole('banner').getByRole('button', { name: 'Se déconnecter' })).toBeVisible();

    await page.goto(path);
    await page.getByLabel('Nouveau mot de passe').fill('yet another passphrase');
    await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ce lien ne fonctionne plus');
    await expect(page.getByRole('link', { name: 'Demander un nouveau lien' })).toHaveAttribute(
      'href',
      '/fr/mot-de-passe-oublie',
    );
  });

  test('CRM-01 an invitation link: the GET uses nothing, choosing a password activates the account', async ({
    page,
  }) => {
    const user = await account();
    await twinDeps()
      .db.identity.entities.account.patch({ userId: user.userId })
      .set({ status: 'invited' })
      .go();
    const { token } = await issueAccountToken(twinDeps(), { userId: user.userId, purpose: 'invitation' });
    expect((await page.request.get(`/fr/compte/activer?jeton=${token}`)).status()).toBe(200);
    await page.goto(`/fr/compte/activer?jeton=${token}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Activer mon compte');
    const chosen = 'my own invited passphrase';
    await page.getByLabel('Nouveau mot de passe').fill(chosen);
    await page.getByRole('button', { name: 'Activer mon compte' }).click();
    await expect(page).toHaveURL('/fr/connexion?raison=active');
    await logIn(page, user.email, chosen);
    await expect(page.getByRole('banner').getByRole('button', { name: 'Se déconnecter' })).toBeVisible();
    // Forged or missing tokens: the invalid-link page, nothing else.
    for (const query of ['', '?jeton=', '?jeton=%3Cscript%3E', `?jeton=${'A'.repeat(43)}`]) {
      await page.goto(`/fr/compte/activer${query}`);
      if (query.endsWith('A'.repeat(43))) {
        await page.getByLabel('Nouveau mot de passe').fill(chosen);
        await page.getByRole('button', { name: 'Activer mon compte' }).click();
      }
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ce lien ne fonctionne plus');
    }
  });

  test('ROLE-02 100 wrong passwords: throttled with a clear message, the e-mail kept, the password never echoed', async ({
    page,
  }) => {
    test.setTimeout(180_000);
    const user = await account();
    for (let i = 0; i < 99; i++) {
      const response = await page.request.post('/fr/connexion', {
        form: { email: user.email, password: `wrong guess ${i}` },
        // A browser's form post: the HTML page, with the failure's status.
        headers: { origin: e2e.origin, accept: 'text/html' },
        maxRedirects: 0,
      });
      expect(response.status(), `attempt ${i + 1}`).toBe(i < 5 ? 401 : 429);
      expect(await response.text()).not.toContain(`wrong guess ${i}`);
    }
    await logIn(page, user.email, 'wrong guess 100', { fails: true });
    await expect(summary(page)).toBeFocused();
    await expect(summary(page)).toContainText(
      /Trop de tentatives de connexion\. Veuillez réessayer dans \d+ minutes?\./,
    );
    await expect(page.getByLabel('Adresse courriel')).toHaveValue(user.email);
    await expect(page.getByLabel('Mot de passe', { exact: true })).toHaveValue('');
    // Even the right password waits for the window to end.
    await logIn(page, user.email, password, { fails: true });
    await expect(summary(page)).toContainText('Trop de tentatives de connexion');
  });

  test('ROLE-02 a session cookie replayed after log-out is anonymous; log-out is POST only', async ({
    page,
    browser,
  }) => {
    const user = await account();
    await logIn(page, user.email);
    await expect(page.getByRole('banner').getByRole('button', { name: 'Se déconnecter' })).toBeVisible();
    const cookie = (await page.context().cookies()).find((entry) => entry.name === 'parvis_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    // A GET of the log-out page logs nobody out.
    await page.goto('/fr/deconnexion');
    await expect(page.getByRole('main').getByRole('button', { name: 'Se déconnecter' })).toBeVisible();
    await page.goto('/fr/compte/securite');
    await expect(page).toHaveURL('/fr/compte/securite');

    await page.getByRole('banner').getByRole('button', { name: 'Se déconnecter' }).click();
    await expect(page).toHaveURL('/fr');
    await expect(page.getByRole('banner').getByRole('link', { name: 'Se connecter' })).toBeVisible();

    const replay = await newPage(browser);
    await replay.context().addCookies([{ ...(cookie as NonNullable<typeof cookie>) }]);
    await replay.goto('/fr/compte/securite');
    await expect(replay).toHaveURL(/\/fr\/connexion\?suite=%2Ffr%2Fcompte%2Fsecurite$/);
    await expect(replay.getByRole('banner').getByRole('link', { name: 'Se connecter' })).toBeVisible();
    await replay.context().close();
  });

  test('ROLE-05 staff: first log-in enrolls TOTP (codes shown once), the next asks for the code; a recovery code works once', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    const staff = await account({ role: 'staff' });
    await logIn(page, staff.email);
    await expect(page).toHaveURL('/fr/connexion/double-authentification');
    // Nothing else opens before enrollment.
    await page.goto('/fr/compte/securite');
    await expect(page).toHaveURL('/fr/connexion/double-authentification');
    await expect(page.getByRole('img', { name: /Code QR à balayer/ })).toBeVisible();
    const secret = (await page.getByTestId('totp-secret').textContent()) ?? '';
    await page.getByLabel('Code à 6 chiffres').fill('000000');
    await page.getByRole('button', { name: 'Activer la double authentification' }).click();
    await expect(summary(page)).toBeFocused();
    await expect(page.getByTestId('totp-secret')).toHaveText(secret);
    await page.getByLabel('Code à 6 chiffres').fill(codeAt(secret, Date.now()));
    await page.getByRole('button', { name: 'Activer la double authentification' }).click();
    const codes = page.getByTestId('recovery-codes').getByRole('listitem');
    await expect(codes).toHaveCount(10);
    const recovery = (await codes.allInnerTexts()).map((code) => code.trim());
    await page.getByRole('link', { name: 'J’ai mis mes codes en lieu sûr — continuer' }).click();
    await expect(page).toHaveURL('/fr/console');
    // Shown once: the enrollment page now only says it is on.
    await page.goto('/fr/connexion/double-authentification');
    await expect(page.getByTestId('recovery-codes')).toHaveCount(0);

    await page.getByRole('banner').getByRole('button', { name: 'Se déconnecter' }).click();
    // The log-out is a form post: wait for its answer before the next log-in, or the log-in page
    // may still see the session and send the visitor on to the console.
    await expect(page.getByRole('banner').getByRole('link', { name: 'Se connecter' })).toBeVisible();
    await logIn(page, staff.email);
    await expect(page).toHaveURL('/fr/connexion/code');
    await page.getByLabel('Code de vérification').fill('123 456');
    await page.getByRole('button', { name: 'Vérifier le code' }).click();
    await expect(summary(page)).toBeFocused();
    await expect(page.getByLabel('Code de vérification')).toHaveAttribute('aria-invalid', 'true');
    // The enrollment used this step's code: the next step's is accepted (30 s of drift allowed).
    await page.getByLabel('Code de vérification').fill(codeAt(secret, Date.now() + 30_000));
    await page.getByRole('button', { name: 'Vérifier le code' }).click();
    await expect(page).toHaveURL('/fr/console');

    // A recovery code: in once, then refused; the security page says how many are left.
    for (const expected of ['in', 'refused'] as const) {
      await page.context().clearCookies();
      await logIn(page, staff.email);
      await expect(page).toHaveURL('/fr/connexion/code');
      await page.getByLabel('Code de vérification').fill(recovery[0]?.toUpperCase() ?? '');
      await page.getByRole('button', { name: 'Vérifier le code' }).click();
      if (expected === 'in') {
        await expect(page).toHaveURL('/fr/compte/securite?codes-restants=9');
        await expect(page.getByRole('main')).toContainText('Il vous en reste 9.');
        await expect(page.getByRole('main')).toContainText('Obligatoire pour le personnel');
        await expect(page.getByRole('button', { name: 'Désactiver la double authentification' })).toHaveCount(
          0,
        );
      } else {
        await expect(summary(page)).toContainText('Code incorrect.');
      }
    }
  });

  test('ROLE-02 security page: change the password (other sessions end), turn TOTP on and off, log out everywhere', async ({
    page,
    browser,
  }) => {
    test.setTimeout(120_000);
    const user = await account();
    const other = await newPage(browser);
    await logIn(other, user.email);
    await logIn(page, user.email);
    await page.goto('/fr/compte/securite');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sécurité du compte');

    await page.getByLabel('Mot de passe actuel').fill('not my password');
    await page.getByLabel('Nouveau mot de passe').fill('a new passphrase here');
    await page.getByRole('button', { name: 'Changer le mot de passe' }).click();
    await expect(summary(page)).toBeFocused();
    await expect(page.getByLabel('Mot de passe actuel')).toHaveAttribute('aria-invalid', 'true');
    await page.getByLabel('Mot de passe actuel').fill(password);
    await page.getByLabel('Nouveau mot de passe').fill('a new passphrase here');
    await page.getByRole('button', { name: 'Changer le mot de passe' }).click();
    await expect(
      page.getByRole('status').filter({ hasText: 'Votre mot de passe a été changé' }),
    ).toBeVisible();
    // This browser stays logged in; the other one is out.
    await page.reload();
    await expect(page).toHaveURL('/fr/compte/securite');
    await other.goto('/fr/compte/securite');
    await expect(other).toHaveURL(/\/fr\/connexion/);
    await waitFor(
      async () =>
        (await mailTo(user.email)).some((mail) => mail.subject === 'Votre mot de passe a été changé'),
      30_000,
      200,
    );

    await page.getByRole('button', { name: 'Activer la double authentification' }).click();
    const secret = (await page.getByTestId('totp-secret').textContent()) ?? '';
    await page.getByLabel('Code à 6 chiffres').fill(codeAt(secret, Date.now()));
    await page.getByRole('button', { name: 'Activer la double authentification' }).click();
    await expect(page.getByTestId('recovery-codes').getByRole('listitem')).toHaveCount(10);
    await page.getByRole('link', { name: 'J’ai mis mes codes en lieu sûr — continuer' }).click();
    await expect(page.getByRole('main')).toContainText('Codes de récupération inutilisés\u00a0: 10.');
    await page.getByRole('button', { name: 'Générer de nouveaux codes de récupération' }).click();
    await expect(page.getByTestId('recovery-codes').getByRole('listitem')).toHaveCount(10);
    await page.getByRole('link', { name: 'J’ai mis mes codes en lieu sûr — continuer' }).click();
    await page.getByRole('button', { name: 'Désactiver la double authentification' }).click();
    await expect(
      page.getByRole('status').filter({ hasText: 'La double authentification est désactivée.' }),
    ).toBeVisible();

    await page.getByRole('button', { name: 'Se déconnecter de tous les appareils' }).click();
    await expect(page).toHaveURL('/fr/connexion?raison=partout');
    await expect(notice(page)).toContainText('Vous avez été déconnecté de tous les appareils.');
    await expect(page.getByRole('banner').getByRole('link', { name: 'Se connecter' })).toBeVisible();
    await other.context().close();
  });

  test('ROLE-01 every page works without JavaScript: log in, fail with a focused summary, log out', async ({
    browser,
  }) => {
    const user = await account();
    const page = await newPage(browser, { javaScriptEnabled: false });
    await page.goto('/fr/connexion');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await expect(summary(page)).toBeFocused();
    await expect(summary(page).getByRole('link')).toHaveText([
      'Remplissez le champ «\u00a0Adresse courriel\u00a0».',
      'Remplissez le champ «\u00a0Mot de passe\u00a0».',
    ]);
    await page.getByLabel('Adresse courriel').fill(user.email);
    await page.getByLabel('Mot de passe', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    // No client file, no portal: the home page, logged in.
    await expect(page).toHaveURL('/fr');
    await expect(page.getByRole('banner').getByRole('link', { name: 'Sécurité du compte' })).toBeVisible();
    await page.goto('/fr/compte/securite');
    await page.getByLabel('Mot de passe actuel').fill(password);
    await page.getByLabel('Nouveau mot de passe').fill('no script passphrase');
    await page.getByRole('button', { name: 'Changer le mot de passe' }).click();
    await expect(
      page.getByRole('status').filter({ hasText: 'Votre mot de passe a été changé' }),
    ).toBeVisible();
    // The page after the action already shows the new session; the header offers log-out.
    await page.getByRole('banner').getByRole('button', { name: 'Se déconnecter' }).click();
    await expect(page).toHaveURL('/fr');
    await expect(page.getByRole('banner').getByRole('link', { name: 'Se connecter' })).toBeVisible();
    await page.context().close();
  });

  test('ROLE-01 a11y: every field of every account page has a label; the log-in page reads in English too', async ({
    page,
  }) => {
    const token = 'A'.repeat(43);
    for (const path of [
      '/fr/connexion',
      '/fr/inscription',
      '/fr/mot-de-passe-oublie',
      `/fr/compte/activer?jeton=${token}`,
      `/fr/compte/reinitialiser?jeton=${token}`,
      `/fr/compte/verifier?jeton=${token}`,
      '/en/connexion',
      '/en/inscription',
    ]) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);
      const fields = page.locator('main input:not([type=hidden]), main select');
      for (const field of await fields.all()) {
        await expect(field, `${path} ${await field.getAttribute('name')}`).toHaveAccessibleName(/\S/);
      }
      for (const [name, autocomplete] of [
        ['email', 'email'],
        ['password', path.includes('connexion') ? 'current-password' : 'new-password'],
      ] as const) {
        const input = page.locator(`main input[name="${name}"]`);
        if ((await input.count()) > 0) await expect(input).toHaveAttribute('autocomplete', autocomplete);
      }
    }
    await page.goto('/en/connexion');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Log in');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(summary(page)).toBeFocused();
    await expect(summary(page)).toContainText('There is a problem');
  });

  test('PLAT-01 the log-in and sign-up pages fit 390 and 1280 px (log-in screenshots in docs/screenshots)', async ({
    page,
  }) => {
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 800 });
      await page.goto('/fr/connexion');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await page.screenshot({ path: `docs/screenshots/login-${width}.png`, fullPage: true });
      // The long form with its errors, for review (not kept in docs).
      await page.goto('/fr/inscription');
      await page.getByRole('button', { name: 'Créer mon dossier' }).click();
      await expect(summary(page)).toBeFocused();
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
      ).toBeLessThanOrEqual(0);
      await page.screenshot({ path: `test-results/screenshots/signup-errors-${width}.png`, fullPage: true });
    }
  });
});
