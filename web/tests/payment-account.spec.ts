import { type Browser, expect, type Page, test } from '@playwright/test';
import { ulid } from 'ulid';
import { listAudit } from '../../shared/identity/audit';
import { createAccount } from '../../shared/identity/log-in';
import { createOrganization } from '../../shared/identity/members';
import { listPaymentAccounts } from '../../shared/payments/payment-accounts';
import { e2e } from './support/e2e';
import { sessionFor, staffSession, twinDeps } from './support/twin';

/**
 * The organization's payment accounts (TIX-01, ORG-09), against the built site and its twin: an
 * organizer enters its Stripe keys and its PayPal merchant, sees them masked and pending, with the
 * webhook address to register; the raw secrets never appear in any page's HTML afterwards, even
 * after a refusal; staff activate and suspend in the console, with an audit entry each; another
 * organization's member and anonymous visitors can neither read nor change them, and a non-staff
 * cannot reach the console's page.
 */

const secret = {
  publishable: 'pk_live_51E2ePublishableKey1111',
  key: 'sk_live_51E2eSecretKeyDoNotLeak4242',
  webhook: 'whsec_E2eSigningSecretDoNotLeak9999',
  paypalSecret: 'PaypalClientSecretDoNotLeak77',
};

async function organizationWithOwner(name: string) {
  const deps = twinDeps();
  const email = `paiements+${ulid().toLowerCase()}@example.org`;
  await createAccount(deps, { email, password: 'correct horse battery staple' });
  const org = await createOrganization(deps, {
    name,
    firstMember: { email, displayName: `Responsable ${name}`, locale: 'fr' },
    actorUserId: 'staff-e2e',
  });
  const token = await sessionFor(org.userId, { roles: [{ orgId: org.orgId, role: 'organisme' }] });
  return { ...org, name, token };
}

async function pageWith(browser: Browser, token: string, width = 1280): Promise<Page> {
  const context = await browser.newContext({ baseURL: e2e.origin, viewport: { width, height: 900 } });
  await context.addCookies([{ name: 'parvis_session', value: token, url: e2e.origin }]);
  return context.newPage();
}

const payments = '/fr/organisme/paiements';
const consolePayments = '/fr/console/paiements';
const notice = (page: Page, text: string | RegExp) => page.getByRole('status').filter({ hasText: text });
const leaks = (html: string) =>
  [secret.key, secret.webhook, secret.paypalSecret, 'DoNotLeak'].filter((value) => html.includes(value));
const accountsOf = (orgId: string) =>
  listPaymentAccounts(twinDeps(), { actor: { userId: 'spec', orgId: 'parvis', staff: true }, orgId });

async function fillStripe(page: Page) {
  const stripe = page.getByRole('region', { name: /Stripe/ });
  await stripe.getByLabel('Clé secrète (sk_live_… ou rk_live_…)').fill(secret.key);
  await stripe.getByLabel('Secret de signature du webhook (whsec_…)').fill(secret.webhook);
  await stripe.getByLabel(/Clé publiable/).fill(secret.publishable);
  return stripe;
}

test('TIX-01 ORG-09 an organizer saves its Stripe keys and PayPal merchant, masked and pending, secrets never in any page afterwards; staff activate and suspend, audited', async ({
  browser,
  request,
}) => {
  test.setTimeout(120_000);
  const org = await organizationWithOwner(`Paiements ${ulid().slice(-6)}`);
  const page = await pageWith(browser, org.token);

  await page.goto('/fr/organisme');
  await page
    .getByRole('navigation', { name: /organisme/i })
    .getByRole('link', { name: 'Paiements' })
    .click();
  await expect(page.getByRole('heading', { name: 'Comptes de paiement' })).toBeVisible();
  await expect(page.getByText('Aucun compte enregistré.')).toHaveCount(2);
  // The webhook addresses the organization pastes in its provider's dashboard (decision 0017 §7).
  await expect(page.getByText(`${e2e.origin}/webhooks/stripe`, { exact: true })).toBeVisible();
  await expect(page.getByText(`${e2e.origin}/webhooks/paypal`, { exact: true })).toBeVisible();

  // A refused Stripe save: the secret typed is not sent back, the public key is.
  let stripe = page.getByRole('region', { name: /Stripe/ });
  await stripe.getByLabel('Clé secrète (sk_live_… ou rk_live_…)').fill(secret.key);
  await stripe.getByLabel('Secret de signature du webhook (whsec_…)').fill('pas-un-secret');
  await stripe.getByLabel(/Clé publiable/).fill(secret.publishable);
  await stripe.getByRole('button', { name: 'Enregistrer les clés Stripe' }).click();
  await expect(page.locator('#f-webhookSecret-error')).toContainText(
    'Le secret de signature du webhook Stripe commence par « whsec_ ».',
  );
  await expect(page.locator('.error-summary')).toContainText('entrez-les de nouveau');
  await expect(stripe.getByLabel('Clé secrète (sk_live_… ou rk_live_…)')).toHaveValue('');
  await expect(stripe.getByLabel(/Clé publiable/)).toHaveValue(secret.publishable);
  expect(leaks(await page.content())).toEqual([]);
  expect(await accountsOf(org.orgId)).toEqual([]);

  // Saved: masked, pending until staff activate it.
  stripe = await fillStripe(page);
  await stripe.getByRole('button', { name: 'Enregistrer les clés Stripe' }).click();
  await expect(
    notice(page, 'Vos clés Stripe sont enregistrées. L’équipe Parvis doit maintenant activer le compte.'),
  ).toBeVisible();
  await expect(stripe).toContainText('sk_live_…4242');
  await expect(stripe).toContainText('pk_live_…1111');
  await expect(stripe).toContainText('En attente d’activation');
  await expect(stripe.getByRole('heading', { name: 'Remplacer mes clés Stripe' })).toBeVisible();
  await expect(stripe.getByLabel('Clé secrète (sk_live_… ou rk_live_…)')).toHaveValue('');

  // PayPal: refused without a payee, then saved with the merchant's e-mail.
  const paypal = page.getByRole('region', { name: /PayPal/ });
  await paypal.getByLabel('Identifiant client (Client ID)').fill('AbCdEfClientId123456');
  await paypal.getByLabel('Secret client (Secret)').fill(secret.paypalSecret);
  await paypal.getByLabel('Identifiant du webhook (Webhook ID)').fill('WH-8PT597110X687430LKGECATA');
  await paypal.getByRole('button', { name: 'Enregistrer le compte PayPal' }).click();
  await expect(page.locator('#f-payeeEmail-error')).toBeVisible();
  await expect(paypal.getByLabel('Identifiant client (Client ID)')).toHaveValue('AbCdEfClientId123456');
  await expect(paypal.getByLabel('Secret client (Secret)')).toHaveValue('');
  expect(leaks(await page.content())).toEqual([]);
  await paypal.getByLabel('Secret client (Secret)').fill(secret.paypalSecret);
  await paypal.getByLabel(/Adresse courriel du compte PayPal/).fill('Caisse@Exemple.org');
  await paypal.getByRole('button', { name: 'Enregistrer le compte PayPal' }).click();
  await expect(notice(page, 'Votre compte PayPal est enregistré.')).toBeVisible();
  await expect(paypal).toContainText('caisse@exemple.org');
  await expect(paypal).toContainText('En attente d’activation');

  // The raw secrets are in no page's HTML, with or without JavaScript, for the organizer or staff.
  const cookie = (token: string) => ({ cookie: `parvis_session=${token}`, accept: 'text/html' });
  expect(leaks(await (await request.get(payments, { headers: cookie(org.token) })).text())).toEqual([]);
  expect(leaks(await page.content())).toEqual([]);
  expect((await accountsOf(org.orgId)).map((a) => [a.provider, a.status, a.maskedKey])).toEqual([
    ['paypal', 'pending', 'AbC…3456'],
    ['stripe', 'pending', 'sk_live_…4242'],
  ]);

  // Staff activate Stripe in the console.
  const staff = await staffSession('paiements');
  const consolePage = await pageWith(browser, staff.token);
  await consolePage.goto('/fr/console');
  await consolePage
    .getByRole('navigation', { name: /console/i })
    .getByRole('link', { name: 'Paiements' })
    .click();
  await expect(
    consolePage.getByRole('heading', { name: 'Comptes de paiement des organismes' }),
  ).toBeVisible();
  const row = consolePage.getByRole('row', { name: new RegExp(`${org.name}.*Stripe`) });
  await expect(row).toContainText('En attente d’activation');
  await expect(row).toContainText('sk_live_…4242');
  expect(leaks(await consolePage.content())).toEqual([]);
  await consolePage.getByRole('button', { name: `Activer le compte Stripe de ${org.name}` }).click();
  await expect(notice(consolePage, `Le compte Stripe de ${org.name} est activé`)).toBeVisible();
  await expect(row).toContainText('Actif');
  await consolePage.getByRole('button', { name: `Suspendre le compte Stripe de ${org.name}` }).click();
  await expect(notice(consolePage, `Le compte Stripe de ${org.name} est suspendu`)).toBeVisible();
  await expect(row).toContainText('Suspendu');
  await consolePage.getByRole('button', { name: `Activer le compte Stripe de ${org.name}` }).click();
  await expect(row).toContainText('Actif');
  const audit = await listAudit(twinDeps(), { by: 'target', targetType: 'ORG', targetId: org.orgId });
  expect(
    audit.entries
      .filter((entry) => entry.action.startsWith('payment.'))
      .map((entry) => [entry.action, entry.actorUserId, entry.refs?.provider]),
  ).toEqual([
    ['payment.activate', staff.userId, 'stripe'],
    ['payment.suspend', staff.userId, 'stripe'],
    ['payment.activate', staff.userId, 'stripe'],
  ]);

  // The organizer sees it active; PayPal still waits.
  await page.goto(payments);
  await expect(page.getByRole('region', { name: /Stripe/ })).toContainText(
    'Actif : les ventes payantes passent par ce compte.',
  );
  await expect(page.getByRole('region', { name: /PayPal/ })).toContainText('En attente d’activation');
  // New keys from the organizer wait for staff again (they decide where the money goes).
  await fillStripe(page);
  await page.getByRole('button', { name: 'Enregistrer les clés Stripe' }).click();
  await expect(notice(page, 'L’équipe Parvis doit maintenant activer le compte.')).toBeVisible();
  expect((await accountsOf(org.orgId)).find((a) => a.provider === 'stripe')?.status).toBe('pending');
});

test('ROLE-06 ORG-09 another organization’s member and anonymous visitors can neither read nor change an organization’s accounts; a non-staff cannot reach the console’s page', async ({
  request,
}) => {
  const a = await organizationWithOwner(`A ${ulid()}`);
  const b = await organizationWithOwner(`B ${ulid()}`);
  const deps = twinDeps();
  const { savePaymentAccount } = await import('../../shared/payments/payment-accounts');
  const { filePaymentSecrets } = await import('../../shared/adapters/payment-secrets');
  const { env } = await import('../../infra/wiring');
  const { e2eTwin } = await import('./support/twin');
  await savePaymentAccount(
    { ...deps, paymentSecrets: filePaymentSecrets(e2eTwin().env[env.paymentSecretsDir] as string) },
    {
      actor: { userId: a.userId, orgId: a.orgId, staff: false },
      orgId: a.orgId,
      keys: { provider: 'stripe', secretKey: secret.key, webhookSecret: secret.webhook },
    },
  );
  const as = (token?: string) => ({
    ...(token ? { cookie: `parvis_session=${token}` } : {}),
    origin: e2e.origin,
    accept: 'text/html',
  });

  // B's page shows B's (none), never A's; B's save with A's id in the form changes B's only.
  const bView = await request.get(payments, { headers: as(b.token), maxRedirects: 0 });
  expect(bView.status()).toBe(200);
  const bHtml = await bView.text();
  expect(bHtml).not.toContain('sk_live_…4242');
  expect(bHtml).toContain('Aucun compte enregistré.');
  const bPost = await request.post(`${payments}?/stripe`, {
    headers: as(b.token),
    form: {
      orgId: a.orgId,
      secretKey: 'sk_live_51StolenByOrgB0000',
      webhookSecret: 'whsec_StolenByOrgB0000',
    },
    maxRedirects: 0,
  });
  expect(bPost.status()).toBe(303);
  expect((await accountsOf(a.orgId)).map((x) => [x.maskedKey, x.status])).toEqual([
    ['sk_live_…4242', 'pending'],
  ]);
  expect((await accountsOf(b.orgId)).map((x) => x.maskedKey)).toEqual(['sk_live_…0000']);

  // Anonymous: the log-in page, nothing saved.
  for (const [method, path] of [
    ['GET', payments],
    ['POST', `${payments}?/stripe`],
    ['GET', consolePayments],
    ['POST', `${consolePayments}?/activate`],
  ] as const) {
    const answer =
      method === 'GET'
        ? await request.get(path, { headers: as(), maxRedirects: 0 })
        : await request.post(path, {
            headers: as(),
            form: {
              orgId: a.orgId,
              provider: 'stripe',
              secretKey: secret.key,
              webhookSecret: secret.webhook,
            },
            maxRedirects: 0,
          });
    expect(answer.status(), `${method} ${path}`).toBe(303);
    expect(answer.headers().location).toMatch(/^\/fr\/connexion/);
  }

  // An organizer is no staff: the console's page and its actions answer 403; A stays pending.
  expect((await request.get(consolePayments, { headers: as(a.token), maxRedirects: 0 })).status()).toBe(403);
  for (const action of ['activate', 'suspend']) {
    const post = await request.post(`${consolePayments}?/${action}`, {
      headers: as(a.token),
      form: { orgId: a.orgId, provider: 'stripe' },
      maxRedirects: 0,
    });
    expect(post.status(), action).toBe(403);
  }
  expect((await accountsOf(a.orgId))[0]?.status).toBe('pending');
});

test('TIX-01 the payment pages at 390 and 1280 px (screenshots)', async ({ browser }) => {
  test.setTimeout(90_000);
  const org = await organizationWithOwner(`Théâtre du Bic ${ulid().slice(-4)}`);
  const setup = await pageWith(browser, org.token);
  await setup.goto(payments);
  await fillStripe(setup);
  await setup.getByRole('button', { name: 'Enregistrer les clés Stripe' }).click();
  await expect(notice(setup, 'Vos clés Stripe sont enregistrées.')).toBeVisible();
  await setup.context().close();
  const staff = await staffSession('p');
  for (const width of [390, 1280]) {
    const page = await pageWith(browser, org.token, width);
    await page.goto(payments);
    await expect(page.getByRole('region', { name: /Stripe/ })).toContainText('sk_live_…4242');
    await page.screenshot({ path: `docs/screenshots/org-payments-${width}.png`, fullPage: true });
    await page.context().close();
    const consolePage = await pageWith(browser, staff.token, width);
    await consolePage.goto(consolePayments);
    await expect(consolePage.getByRole('row', { name: new RegExp(org.name) })).toBeVisible();
    await consolePage.screenshot({ path: `docs/screenshots/console-payments-${width}.png`, fullPage: true });
    await consolePage.context().close();
  }
});
