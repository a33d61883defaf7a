import { type Browser, expect, type Page, test } from '@playwright/test';
import { ulid } from 'ulid';
import { saveEvent } from '../../shared/calendar/save-event';
import { createAccount } from '../../shared/identity/log-in';
import { createOrganization } from '../../shared/identity/members';
import { listPromoCodes, savePromoCode } from '../../shared/orders/promo-codes';
import { saveTicketType } from '../../shared/ticketing/ticket-types';
import { e2e } from './support/e2e';
import { sessionFor, twinDeps } from './support/twin';

/**
 * An event's promo codes in the organization portal (TIX-07), against the built site and its twin:
 * an organizer adds codes (percent and amount, limit, validity, categories), is refused invalid ones
 * in words with everything typed kept, edits one, loses nothing to another tab's save, disables one;
 * the same without JavaScript; another organization's member gets 404 on every page and action.
 */

async function organizationWithOwner(name: string) {
  const deps = twinDeps();
  const email = `promo+${ulid().toLowerCase()}@example.org`;
  await createAccount(deps, { email, password: 'correct horse battery staple' });
  const org = await createOrganization(deps, {
    name,
    firstMember: { email, displayName: `Responsable ${name}`, locale: 'fr' },
    actorUserId: 'staff-e2e',
  });
  const token = await sessionFor(org.userId, { roles: [{ orgId: org.orgId, role: 'organisme' }] });
  return { ...org, token };
}

async function eventWithCategories(org: { userId: string; orgId: string }, title: string) {
  const deps = twinDeps();
  const actor = { userId: org.userId, orgId: org.orgId };
  const { eventId } = await saveEvent(deps, {
    actor,
    fields: {
      title,
      venueIds: ['VEN-SALLE-DESJARDINS'],
      categoryIds: ['CAT-THEATRE'],
      startsAt: '2027-03-12T19:30',
      endsAt: '2027-03-12T22:00',
    },
  });
  const ids: Record<string, string> = {};
  for (const [nameFr, nameEn, priceCents] of [
    ['Régulier', 'Regular', 3500],
    ['Étudiant', 'Student', 2000],
  ] as const) {
    const saved = await saveTicketType(deps, {
      actor,
      eventId,
      fields: { nameFr, nameEn, priceCents, quantity: 100, perPersonMax: 4 },
    });
    ids[nameFr] = saved.ticketTypeId;
  }
  return { eventId, ids };
}

async function pageWith(
  browser: Browser,
  token: string,
  options: { width?: number; javaScriptEnabled?: boolean } = {},
): Promise<Page> {
  const context = await browser.newContext({
    baseURL: e2e.origin,
    viewport: { width: options.width ?? 1280, height: 900 },
    javaScriptEnabled: options.javaScriptEnabled ?? true,
  });
  await context.addCookies([{ name: 'parvis_session', value: token, url: e2e.origin }]);
  return context.newPage();
}

const codesPath = (eventId: string) => `/fr/organisme/evenements/${eventId}/billetterie/codes-promo`;
const summary = (page: Page) => page.locator('.error-summary');
const notice = (page: Page, text: string | RegExp) => page.getByRole('status').filter({ hasText: text });
const stored = async (org: { userId: string; orgId: string }, eventId: string) =>
  listPromoCodes(twinDeps(), { actor: { userId: org.userId, orgId: org.orgId }, eventId });

test('TIX-07 an organizer adds percent and amount codes, is refused invalid ones in words keeping what was typed, edits one, loses nothing to another tab, disables one', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const org = await organizationWithOwner(`Codes ${ulid().slice(-6)}`);
  const { eventId, ids } = await eventWithCategories(org, `Le Misanthrope ${ulid().slice(-6)}`);
  const page = await pageWith(browser, org.token);

  // From the « Billetterie » tab.
  await page.goto(`/fr/organisme/evenements/${eventId}/billetterie`);
  await page.getByRole('link', { name: 'Codes promotionnels' }).click();
  await expect(page.getByRole('heading', { name: 'Codes promotionnels' })).toBeVisible();
  await expect(page.getByText('Aucun code promotionnel pour l’instant.')).toBeVisible();

  // A percent code, limited, valid until a date, for one category.
  await page.getByRole('link', { name: 'Ajouter un code' }).click();
  await expect(page.getByRole('heading', { name: 'Ajouter un code promotionnel' })).toBeVisible();
  await page.getByLabel('Code', { exact: true }).fill('ete25');
  await page
    .getByRole('group', { name: 'Type de rabais' })
    .getByLabel(/pourcentage/)
    .check();
  await page.getByLabel('Pourcentage de rabais (%)').fill('25');
  await page.getByLabel(/Nombre maximal d’utilisations/).fill('100');
  await page.getByLabel(/Valide jusqu’au/).fill('2027-03-01T23:59');
  await page
    .getByRole('group', { name: /Catégories visées/ })
    .getByLabel('Étudiant')
    .check();
  await page.getByRole('button', { name: 'Ajouter le code' }).click();
  await expect(notice(page, 'Le code « ETE25 » a été ajouté.')).toBeVisible();
  const ete = page.getByRole('row', { name: /ETE25/ });
  await expect(ete).toContainText('25 % de rabais');
  await expect(ete).toContainText('0 sur 100');
  await expect(ete).toContainText('Jusqu’au 1 mars 2027');
  await expect(ete).toContainText('Étudiant');
  await expect(ete).toContainText('Actif');
  expect((await stored(org, eventId))[0]).toMatchObject({
    code: 'ETE25',
    kind: 'percent',
    percentOff: 25,
    usageLimit: 100,
    validUntil: '2027-03-02T04:59:00.000Z',
    ticketTypeIds: [ids.Étudiant],
    version: 1,
  });

  // Refused by the page: an amount it cannot read. Everything typed stays.
  await page.getByRole('link', { name: 'Ajouter un code' }).click();
  await page.getByLabel('Code', { exact: true }).fill('x!');
  await page
    .getByRole('group', { name: 'Type de rabais' })
    .getByLabel(/montant/)
    .check();
  await page.getByLabel('Montant du rabais ($)').fill('cinq');
  await page.getByLabel(/Valide à partir du/).fill('2027-02-01T10:00');
  await page.getByLabel(/Valide jusqu’au/).fill('2027-01-01T10:00');
  await page
    .getByRole('group', { name: /Catégories visées/ })
    .getByLabel('Régulier')
    .check();
  await page.getByRole('button', { name: 'Ajouter le code' }).click();
  await expect(summary(page)).toBeFocused();
  await expect(page.locator('#f-amountOff-error')).toContainText('Entrez un montant, par exemple 5 ou 7,50.');
  await expect(page.getByLabel('Montant du rabais ($)')).toHaveValue('cinq');
  await expect(page.getByLabel('Code', { exact: true })).toHaveValue('x!');
  await expect(page.getByRole('group', { name: /Catégories visées/ }).getByLabel('Régulier')).toBeChecked();
  // Refused by the use case's rules: the code's shape and the dates, each field its sentence.
  await page.getByLabel('Montant du rabais ($)').fill('5');
  await page.getByRole('button', { name: 'Ajouter le code' }).click();
  await expect(summary(page)).toContainText('À corriger');
  await expect(page.locator('#f-code-error')).toContainText('Le code doit compter de 3 à 32 caractères');
  await expect(page.locator('#f-validUntil-error')).toContainText(
    'La fin de validité doit être postérieure à son début.',
  );
  await expect(page.getByLabel(/Valide à partir du/)).toHaveValue('2027-02-01T10:00');
  // A code the event already has.
  await page.getByLabel('Code', { exact: true }).fill('Ete 25');
  await page.getByLabel(/Valide à partir du/).fill('');
  await page.getByLabel(/Valide jusqu’au/).fill('');
  await page.getByRole('button', { name: 'Ajouter le code' }).click();
  await expect(page.locator('#f-code-error')).toContainText(
    'Le code « ETE25 » existe déjà pour cet événement.',
  );
  // Corrected: an amount code, no limit, every category.
  await page.getByLabel('Code', { exact: true }).fill('noel');
  await page
    .getByRole('group', { name: /Catégories visées/ })
    .getByLabel('Régulier')
    .uncheck();
  await page.getByRole('button', { name: 'Ajouter le code' }).click();
  await expect(notice(page, 'Le code « NOEL » a été ajouté.')).toBeVisible();
  const noel = page.getByRole('row', { name: /NOEL/ });
  await expect(noel).toContainText(/5,00\s\$ de rabais/);
  await expect(noel).toContainText('0 (sans limite)');
  await expect(noel).toContainText('Toutes');
  await expect(noel).toContainText('Toujours');

  // Edit: the code is fixed, the rest changes.
  await page.getByRole('link', { name: 'Modifier « ETE25 »' }).click();
  await expect(page.getByRole('heading', { name: 'Modifier le code « ETE25 »' })).toBeVisible();
  await expect(page.getByText('Utilisé 0 fois.')).toBeVisible();
  await expect(page.getByLabel('Pourcentage de rabais (%)')).toHaveValue('25');
  await expect(page.getByRole('group', { name: /Catégories visées/ }).getByLabel('Étudiant')).toBeChecked();
  await page.getByLabel('Pourcentage de rabais (%)').fill('30');
  await page.getByRole('button', { name: 'Enregistrer le code' }).click();
  await expect(notice(page, 'Le code « ETE25 » a été enregistré.')).toBeVisible();
  await expect(ete).toContainText('30 % de rabais');

  // Two tabs edit the code: the second is refused and keeps what it typed.
  const second = await page.context().newPage();
  const editPath = `${codesPath(eventId)}/ETE25`;
  await page.goto(editPath);
  await second.goto(editPath);
  await page.getByLabel(/Nombre maximal d’utilisations/).fill('50');
  await page.getByRole('button', { name: 'Enregistrer le code' }).click();
  await expect(notice(page, 'Le code « ETE25 » a été enregistré.')).toBeVisible();
  await second.getByLabel('Pourcentage de rabais (%)').fill('40');
  await second.getByRole('button', { name: 'Enregistrer le code' }).click();
  await expect(summary(second)).toContainText('Quelqu’un d’autre a modifié ce code');
  await expect(
    second.getByRole('link', { name: 'Ouvrir la version enregistrée dans un nouvel onglet' }),
  ).toBeVisible();
  await expect(second.getByLabel('Pourcentage de rabais (%)')).toHaveValue('40');
  expect((await stored(org, eventId)).find((p) => p.code === 'ETE25')).toMatchObject({
    percentOff: 30,
    usageLimit: 50,
    version: 3,
  });

  // Disable: the code stops applying; it can be edited and reactivated.
  await page.goto(codesPath(eventId));
  await page.getByRole('button', { name: 'Désactiver « NOEL »' }).click();
  await expect(notice(page, 'Le code « NOEL » est désactivé')).toBeVisible();
  await expect(noel).toContainText('Désactivé');
  await expect(page.getByRole('button', { name: 'Désactiver « NOEL »' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Modifier et réactiver « NOEL »' })).toBeVisible();
  expect((await stored(org, eventId)).find((p) => p.code === 'NOEL')?.status).toBe('disabled');
  // Disabled codes come after the active ones.
  await expect(page.locator('tbody tr').last()).toContainText('NOEL');
});

test.describe('without JavaScript', () => {
  test('TIX-07 the promo codes work without JavaScript: a refusal keeps what was typed and ticked, a code is added, edited and disabled', async ({
    browser,
  }) => {
    test.setTimeout(90_000);
    const org = await organizationWithOwner(`Sans JS ${ulid().slice(-6)}`);
    const { eventId } = await eventWithCategories(org, `Récital ${ulid().slice(-6)}`);
    const page = await pageWith(browser, org.token, { javaScriptEnabled: false });

    await page.goto(`${codesPath(eventId)}/nouveau`);
    await page.getByLabel('Code', { exact: true }).fill('AMIS');
    await page
      .getByRole('group', { name: 'Type de rabais' })
      .getByLabel(/pourcentage/)
      .check();
    await page.getByLabel('Pourcentage de rabais (%)').fill('150');
    await page.getByLabel(/Nombre maximal d’utilisations/).fill('dix');
    await page
      .getByRole('group', { name: /Catégories visées/ })
      .getByLabel('Régulier')
      .check();
    await page.getByRole('button', { name: 'Ajouter le code' }).click();
    await expect(page.locator('#f-usageLimit-error')).toContainText('Entrez un nombre entier');
    await expect(page.getByLabel('Pourcentage de rabais (%)')).toHaveValue('150');
    await expect(page.getByRole('group', { name: /Catégories visées/ }).getByLabel('Régulier')).toBeChecked();
    await page.getByLabel(/Nombre maximal d’utilisations/).fill('10');
    await page.getByRole('button', { name: 'Ajouter le code' }).click();
    await expect(page.locator('#f-percentOff-error')).toContainText(
      'Le pourcentage doit être un nombre entier entre 1 et 100.',
    );
    await page.getByLabel('Pourcentage de rabais (%)').fill('15');
    await page.getByRole('button', { name: 'Ajouter le code' }).click();
    await expect(page.getByText('Le code « AMIS » a été ajouté.')).toBeVisible();
    await expect(page.getByRole('row', { name: /AMIS/ })).toContainText('0 sur 10');

    await page.getByRole('link', { name: 'Modifier « AMIS »' }).click();
    await page
      .getByRole('group', { name: 'Type de rabais' })
      .getByLabel(/montant/)
      .check();
    await page.getByLabel('Montant du rabais ($)').fill('7,50');
    await page.getByRole('button', { name: 'Enregistrer le code' }).click();
    await expect(page.getByText('Le code « AMIS » a été enregistré.')).toBeVisible();
    await expect(page.getByRole('row', { name: /AMIS/ })).toContainText(/7,50\s\$ de rabais/);
    expect((await stored(org, eventId))[0]).toMatchObject({ kind: 'amount', amountOffCents: 750 });
    expect((await stored(org, eventId))[0]?.percentOff).toBeUndefined();

    await page.getByRole('button', { name: 'Désactiver « AMIS »' }).click();
    await expect(page.getByText('Le code « AMIS » est désactivé')).toBeVisible();
    // Saving a disabled code reactivates it.
    await page.getByRole('link', { name: 'Modifier et réactiver « AMIS »' }).click();
    await expect(page.getByText('Ce code est désactivé.')).toBeVisible();
    await page.getByRole('button', { name: 'Enregistrer et réactiver le code' }).click();
    await expect(page.getByRole('row', { name: /AMIS/ })).toContainText('Actif');
  });
});

test('ROLE-06 TIX-07 another organization’s member gets 404 on every promo code page and action; anonymous visitors log in', async ({
  request,
}) => {
  const a = await organizationWithOwner(`A ${ulid()}`);
  const b = await organizationWithOwner(`B ${ulid()}`);
  const { eventId } = await eventWithCategories(a, `Privé ${ulid().slice(-6)}`);
  await savePromoCode(twinDeps(), {
    actor: { userId: a.userId, orgId: a.orgId },
    eventId,
    code: 'SECRET',
    fields: { kind: 'percent', percentOff: 10 },
  });
  const base = codesPath(eventId);
  const calls: { path: string; action: string; form: Record<string, string> }[] = [
    { path: base, action: '?/disable', form: { code: 'SECRET' } },
    { path: `${base}/nouveau`, action: '', form: { code: 'VOLE', kind: 'percent', percentOff: '99' } },
    { path: `${base}/SECRET`, action: '', form: { version: '1', kind: 'percent', percentOff: '99' } },
  ];
  const as = (token?: string) => ({
    ...(token ? { cookie: `parvis_session=${token}` } : {}),
    origin: e2e.origin,
    accept: 'text/html',
  });
  for (const call of calls) {
    const view = await request.get(call.path, { headers: as(b.token), maxRedirects: 0 });
    expect(view.status(), `GET ${call.path}`).toBe(404);
    // The 404 page says nothing of A's code (its address is in the page's own links, not its data).
    expect(await view.text()).not.toContain('de rabais');
    const post = await request.post(`${call.path}${call.action}`, {
      headers: as(b.token),
      form: call.form,
      maxRedirects: 0,
    });
    expect(post.status(), `POST ${call.path}${call.action}`).toBe(404);
    const anonymous = await request.get(call.path, { headers: as(), maxRedirects: 0 });
    expect(anonymous.status()).toBe(303);
    expect(anonymous.headers().location).toMatch(/^\/fr\/connexion/);
    const anonymousPost = await request.post(`${call.path}${call.action}`, {
      headers: as(),
      form: call.form,
      maxRedirects: 0,
    });
    expect(anonymousPost.status()).toBe(303);
    expect((await request.get(call.path, { headers: as(a.token), maxRedirects: 0 })).status()).toBe(200);
  }
  // Nothing of A's changed.
  const codes = await listPromoCodes(twinDeps(), { actor: { userId: a.userId, orgId: a.orgId }, eventId });
  expect(codes.map((p) => [p.code, p.status, p.percentOff, p.version])).toEqual([
    ['SECRET', 'active', 10, 1],
  ]);
});

test('TIX-07 the promo codes at 390 and 1280 px (screenshots)', async ({ browser }) => {
  test.setTimeout(90_000);
  const org = await organizationWithOwner(`Théâtre du Bic ${ulid().slice(-4)}`);
  const { eventId, ids } = await eventWithCategories(org, 'Les Belles-sœurs');
  const deps = twinDeps();
  const actor = { userId: org.userId, orgId: org.orgId };
  await savePromoCode(deps, {
    actor,
    eventId,
    code: 'ETUDIANT-HIVER',
    fields: {
      kind: 'percent',
      percentOff: 20,
      usageLimit: 200,
      validUntil: '2027-03-01T04:59:00.000Z',
      ticketTypeIds: [ids.Étudiant as string],
    },
  });
  await savePromoCode(deps, {
    actor,
    eventId,
    code: 'AMIS5',
    fields: { kind: 'amount', amountOffCents: 500 },
  });
  await savePromoCode(deps, {
    actor,
    eventId,
    code: 'LANCEMENT',
    fields: { kind: 'percent', percentOff: 50, usageLimit: 20, validFrom: '2027-01-15T05:00:00.000Z' },
  });
  for (const width of [390, 1280]) {
    const page = await pageWith(browser, org.token, { width });
    await page.goto(codesPath(eventId));
    await expect(page.getByRole('row', { name: /LANCEMENT/ })).toBeVisible();
    await page.screenshot({ path: `docs/screenshots/org-promo-${width}.png`, fullPage: true });
    await page.goto(`${codesPath(eventId)}/nouveau`);
    await page.getByLabel('Code', { exact: true }).fill('é!');
    await page.getByLabel('Pourcentage de rabais (%)').fill('0');
    await page.getByRole('button', { name: 'Ajouter le code' }).click();
    await expect(summary(page)).toBeVisible();
    await page.screenshot({ path: `docs/screenshots/org-promo-form-${width}.png`, fullPage: true });
    await page.context().close();
  }
});
