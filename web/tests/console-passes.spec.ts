import { type Browser, expect, type Page, test } from '@playwright/test';
import { utcToZoned } from '../../shared/kernel/zoned-time';
import { readPass, savePass } from '../../shared/ticketing/passes';
import { listTicketTypes, saveTicketType } from '../../shared/ticketing/ticket-types';
import { e2e } from './support/e2e';
import { sellingOrganizationEvents } from './support/selling';
import { sessionFor, staffSession, twinDeps } from './support/twin';

/**
 * The staff console's passes (TIX-08, ORG-09), against the built site and its twin: staff create a
 * pass over several events of one organization, with its price categories, edit it and withdraw a
 * category; every refusal says what to fix in words and keeps what was typed (another
 * organization's event forged into the form included); two tabs saving the same pass get the
 * conflict message; all of it without JavaScript too. An organizer (even of the selling
 * organization) and an anonymous visitor are refused on every page and every action (ROLE-06).
 */

const zone = 'America/Toronto';
/** A `datetime-local` value `days` from now in Québec time, at `hour`:00. */
const local = (days: number, hour = 9) =>
  `${utcToZoned(new Date(Date.now() + days * 86_400_000).toISOString(), zone).slice(0, 10)}T${String(hour).padStart(2, '0')}:00`;

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

const passIdOf = (page: Page) => {
  const match = /\/console\/passes\/([0-9A-Z]{26})/.exec(page.url());
  if (!match?.[1]) throw new Error(`not a pass's page: ${page.url()}`);
  return match[1];
};
const summary = (page: Page) => page.locator('.error-summary');
const notice = (page: Page, text: string | RegExp) => page.getByRole('status').filter({ hasText: text });
const sentence = {
  title: 'Le titre de la passe est requis (200 caractères au plus).',
  events: 'Choisissez de 2 à 12 événements publiés de l’organisme vendeur, chacun une seule fois.',
  date: 'Les dates de la période de vente doivent être des dates et heures valides.',
  period: 'La fin de la période de vente doit suivre son début.',
  conflict: 'Quelqu’un d’autre a modifié cette passe pendant que vous la modifiiez.',
};

async function addCategory(
  page: Page,
  passId: string,
  category: {
    fr: string;
    en: string;
    price: string;
    taxes: 'incluses' | 'en sus';
    quantity: string;
    max: string;
  },
) {
  await page.goto(`/fr/console/passes/${passId}`);
  await page.getByRole('link', { name: 'Ajouter une catégorie' }).click();
  await expect(page.getByRole('heading', { name: 'Ajouter une catégorie à la passe' })).toBeVisible();
  // The pass's period rules: a category has no sales dates of its own.
  await expect(page.getByLabel('Début des ventes')).toHaveCount(0);
  await expect(page.getByLabel('Date de retrait de la vente')).toHaveCount(0);
  await page.getByLabel('Nom (français)').fill(category.fr);
  await page.getByLabel('Nom (anglais)').fill(category.en);
  await page.getByLabel('Prix ($)').fill(category.price);
  await page
    .getByRole('radio', {
      name: category.taxes === 'incluses' ? 'Taxes incluses dans le prix' : /Taxes en sus du prix/,
    })
    .check();
  await page.getByLabel('Quantité de billets').fill(category.quantity);
  await page.getByLabel('Maximum par personne').fill(category.max);
  await page.getByRole('button', { name: 'Ajouter la catégorie' }).click();
  await expect(notice(page, 'La catégorie a été ajoutée à la passe.')).toBeVisible();
}

test('TIX-08 ORG-09 staff create a pass over three events of an organization with two categories, edit it and withdraw a category; refusals in words', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const seller = await sellingOrganizationEvents({ count: 4 });
  const [first, second, third, fourth] = seller.events as [
    (typeof seller.events)[0],
    (typeof seller.events)[0],
    (typeof seller.events)[0],
    (typeof seller.events)[0],
  ];
  const staff = await staffSession('passes');
  const page = await pageWith(browser, staff.token);

  await page.goto('/fr/console');
  await page
    .getByRole('navigation', { name: /console/i })
    .getByRole('link', { name: 'Passes' })
    .click();
  await expect(page.getByRole('heading', { name: 'Passes', level: 1 })).toBeVisible();
  await page.getByRole('link', { name: 'Créer une passe' }).click();

  // The organization first; its upcoming published events then.
  // By keyboard: the list, then the button beside it.
  await page.getByLabel('Organisme vendeur').selectOption(seller.orgId);
  await page.getByLabel('Organisme vendeur').focus();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Afficher ses événements' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`organisme=${seller.orgId}`));
  await expect(page.getByText(seller.name, { exact: true })).toBeVisible();
  for (const event of seller.events)
    await expect(page.getByRole('checkbox', { name: new RegExp(event.title) })).toBeVisible();

  // Nothing typed: each field says what it needs.
  await page.getByRole('button', { name: 'Créer la passe' }).click();
  await expect(summary(page)).toBeFocused();
  for (const text of [sentence.title, sentence.events, sentence.date])
    await expect(summary(page)).toContainText(text);

  // One event, an end before the start: refused, what was typed kept.
  await page.getByLabel('Titre de la passe').fill('Passe festival');
  await page.getByLabel('Description').fill('Trois soirs de théâtre pour un seul prix.');
  await page.getByRole('checkbox', { name: new RegExp(first.title) }).check();
  await page.getByLabel('Début de la période de vente').fill(local(5));
  await page.getByLabel('Fin de la période de vente').fill(local(1));
  await page.getByRole('radio', { name: 'En vente pendant la période de vente' }).check();
  await page.getByRole('button', { name: 'Créer la passe' }).click();
  await expect(summary(page)).toContainText(sentence.events);
  await expect(summary(page)).toContainText(sentence.period);
  await expect(page.getByLabel('Titre de la passe')).toHaveValue('Passe festival');
  await expect(page.getByLabel('Description')).toHaveValue('Trois soirs de théâtre pour un seul prix.');
  await expect(page.getByRole('checkbox', { name: new RegExp(first.title) })).toBeChecked();
  await expect(page.getByLabel('Début de la période de vente')).toHaveValue(local(5));
  await expect(page.getByRole('radio', { name: 'En vente pendant la période de vente' })).toBeChecked();

  // Three events and a period from yesterday to next month: created, on sale.
  await page.getByRole('checkbox', { name: new RegExp(second.title) }).check();
  // A box ticks with the space bar.
  await page.getByRole('checkbox', { name: new RegExp(third.title) }).focus();
  await page.keyboard.press('Space');
  await expect(page.getByRole('checkbox', { name: new RegExp(third.title) })).toBeChecked();
  await page.getByLabel('Début de la période de vente').fill(local(-1, 8));
  await page.getByLabel('Fin de la période de vente').fill(local(40, 23));
  await page.getByRole('button', { name: 'Créer la passe' }).click();
  await expect(notice(page, 'La passe a été créée.')).toBeVisible();
  await expect(page.getByText('État pour le public : En vente')).toBeVisible();
  const passId = passIdOf(page);
  const created = await readPass(twinDeps(), passId, { consistent: true });
  expect(created).toMatchObject({
    orgId: seller.orgId,
    title: 'Passe festival',
    eventIds: [first.eventId, second.eventId, third.eventId],
    status: 'active',
    version: 1,
  });
  expect(utcToZoned(created?.salesEndAt ?? '', zone)).toBe(local(40, 23));
  for (const event of [first, second, third]) {
    expect(
      (
        await twinDeps()
          .db.ticketing.entities.passLink.get({ eventId: event.eventId, passId })
          .go({ consistent: true })
      ).data?.title,
    ).toBe('Passe festival');
  }

  // Two categories, saved as the pass's ticket types for the selling organization.
  await addCategory(page, passId, {
    fr: 'Adulte',
    en: 'Adult',
    price: '90',
    taxes: 'incluses',
    quantity: '50',
    max: '4',
  });
  await addCategory(page, passId, {
    fr: 'Étudiant',
    en: 'Student',
    price: '60,50',
    taxes: 'en sus',
    quantity: '20',
    max: '2',
  });
  const tiers = page.getByRole('table', { name: 'Catégories de prix de la passe' });
  await expect(tiers.getByRole('row', { name: /Adulte/ })).toContainText('90,00');
  await expect(tiers.getByRole('row', { name: /Étudiant/ })).toContainText('taxes en sus');
  const stored = (await listTicketTypes(twinDeps(), { eventId: passId, consistent: true })).ticketTypes;
  expect(stored.map((type) => [type.nameFr, type.priceCents, type.taxes, type.quantity, type.orgId])).toEqual(
    [
      ['Adulte', 9000, 'included', 50, seller.orgId],
      ['Étudiant', 6050, 'added', 20, seller.orgId],
    ],
  );
  expect(stored.every((type) => !type.salesStartAt && !type.withdrawAt)).toBe(true);

  // The list: organization, events, state, what the categories sold.
  await page.getByRole('link', { name: 'Toutes les passes' }).click();
  const row = page.getByRole('row', { name: /Passe festival/ }).filter({ hasText: seller.name });
  await expect(row).toContainText('3 événements');
  await expect(row).toContainText('En vente');
  await expect(row).toContainText('Adulte : 0 vendues, 50 restantes');
  await expect(row).toContainText('Étudiant : 0 vendues, 20 restantes');

  // Edit: a new title, the first event swapped for the fourth.
  await row.getByRole('link', { name: 'Passe festival' }).click();
  await expect(page.getByText(sentence.conflict)).toHaveCount(0);
  await page.getByLabel('Titre de la passe').fill('Passe hiver');
  await page.getByRole('checkbox', { name: new RegExp(first.title) }).uncheck();
  await page.getByRole('checkbox', { name: new RegExp(fourth.title) }).check();
  await page.getByRole('button', { name: 'Enregistrer la passe' }).click();
  await expect(notice(page, 'La passe a été enregistrée.')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Passe « Passe hiver »' })).toBeVisible();
  expect(await readPass(twinDeps(), passId, { consistent: true })).toMatchObject({
    title: 'Passe hiver',
    eventIds: [second.eventId, third.eventId, fourth.eventId],
    version: 2,
  });
  const linkOf = (eventId: string) =>
    twinDeps().db.ticketing.entities.passLink.get({ eventId, passId }).go({ consistent: true });
  expect((await linkOf(first.eventId)).data).toBeNull();
  expect((await linkOf(fourth.eventId)).data?.title).toBe('Passe hiver');

  // A category edited, then the other withdrawn through its confirmation page.
  await page.getByRole('link', { name: 'Modifier « Étudiant »' }).click();
  await expect(page.getByLabel('Prix ($)')).toHaveValue('60,50');
  await page.getByLabel('Prix ($)').fill('55');
  await page.getByRole('button', { name: 'Enregistrer la catégorie' }).click();
  await expect(notice(page, 'La catégorie de la passe a été enregistrée.')).toBeVisible();
  await page.getByRole('link', { name: 'Retirer de la vente « Adulte »' }).click();
  await expect(
    page.getByRole('heading', { name: 'Retirer la catégorie « Adulte » de la vente ?' }),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Oui, retirer de la vente' }).click();
  await expect(notice(page, 'La catégorie a été retirée de la vente.')).toBeVisible();
  await expect(tiers.getByRole('row', { name: /Adulte/ })).toContainText('Retirée de la vente');
  const after = (await listTicketTypes(twinDeps(), { eventId: passId, consistent: true })).ticketTypes;
  expect(after.map((type) => [type.nameFr, type.priceCents, type.status])).toEqual([
    ['Adulte', 9000, 'withdrawn'],
    ['Étudiant', 5500, 'active'],
  ]);
  await page.context().close();
});

test('TIX-08 without JavaScript: the organization then its events, refusals keep what was typed, another organization’s event forged in the form is refused, two tabs get the conflict message', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const seller = await sellingOrganizationEvents({ count: 3 });
  const other = await sellingOrganizationEvents({ count: 1 });
  const [first, second, third] = seller.events as [
    (typeof seller.events)[0],
    (typeof seller.events)[0],
    (typeof seller.events)[0],
  ];
  const foreign = other.events[0]?.eventId ?? '';
  const staff = await staffSession('passes-nojs');
  const page = await pageWith(browser, staff.token, { javaScriptEnabled: false });

  await page.goto('/fr/console/passes/nouvelle');
  await expect(page.getByLabel('Titre de la passe')).toHaveCount(0);
  await page.getByLabel('Organisme vendeur').selectOption(seller.orgId);
  await page.getByRole('button', { name: 'Afficher ses événements' }).click();
  await expect(page).toHaveURL(new RegExp(`/fr/console/passes/nouvelle\\?organisme=${seller.orgId}`));
  // Only this organization's events are offered.
  await expect(page.getByRole('checkbox')).toHaveCount(3);

  // A refusal keeps everything typed.
  await page.getByLabel('Titre de la passe').fill('Passe relâche');
  await page.getByRole('checkbox', { name: new RegExp(first.title) }).check();
  await page.getByRole('checkbox', { name: new RegExp(second.title) }).check();
  await page.getByLabel('Début de la période de vente').fill(local(2));
  await page.getByLabel('Fin de la période de vente').fill(local(2));
  await page.getByRole('button', { name: 'Créer la passe' }).click();
  await expect(summary(page)).toContainText(sentence.period);
  await expect(page.getByLabel('Titre de la passe')).toHaveValue('Passe relâche');
  await expect(page.getByRole('checkbox', { name: new RegExp(second.title) })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: new RegExp(third.title) })).not.toBeChecked();

  // Another organization's event forged into the form: refused in words, nothing created.
  await page.getByLabel('Fin de la période de vente').fill(local(30));
  await page.getByRole('checkbox', { name: new RegExp(second.title) }).evaluate((input, id) => {
    (input as HTMLInputElement).value = id;
  }, foreign);
  await page.getByRole('button', { name: 'Créer la passe' }).click();
  await expect(summary(page)).toContainText(sentence.events);
  await expect(page.getByLabel('Titre de la passe')).toHaveValue('Passe relâche');
  expect(
    (await twinDeps().db.ticketing.entities.passLink.query.byEvent({ eventId: foreign }).go()).data,
  ).toEqual([]);

  // The real events: created as a draft (the default status).
  await page.getByRole('checkbox', { name: new RegExp(third.title) }).check();
  await page.getByRole('button', { name: 'Créer la passe' }).click();
  await expect(notice(page, 'La passe a été créée.')).toBeVisible();
  await expect(page.getByText('État pour le public : Brouillon')).toBeVisible();
  const passId = passIdOf(page);
  expect(await readPass(twinDeps(), passId, { consistent: true })).toMatchObject({
    eventIds: [first.eventId, third.eventId],
    status: 'draft',
  });
  await addCategory(page, passId, {
    fr: 'Adulte',
    en: 'Adult',
    price: '40',
    taxes: 'incluses',
    quantity: '10',
    max: '2',
  });

  // Two tabs: the second saves after the first and gets the conflict, with what it typed.
  const secondTab = await page.context().newPage();
  await secondTab.goto(`/fr/console/passes/${passId}`);
  await page.getByLabel('Titre de la passe').fill('Passe de l’onglet 1');
  await page.getByRole('button', { name: 'Enregistrer la passe' }).click();
  await expect(notice(page, 'La passe a été enregistrée.')).toBeVisible();
  await secondTab.getByLabel('Titre de la passe').fill('Passe de l’onglet 2');
  await secondTab.getByLabel('Description').fill('Écrit dans le second onglet.');
  await secondTab.getByRole('button', { name: 'Enregistrer la passe' }).click();
  await expect(summary(secondTab)).toContainText(sentence.conflict);
  await expect(
    secondTab.getByRole('link', { name: 'Ouvrir la version enregistrée dans un nouvel onglet' }),
  ).toBeVisible();
  await expect(secondTab.getByLabel('Titre de la passe')).toHaveValue('Passe de l’onglet 2');
  await expect(secondTab.getByLabel('Description')).toHaveValue('Écrit dans le second onglet.');
  expect(await readPass(twinDeps(), passId, { consistent: true })).toMatchObject({
    title: 'Passe de l’onglet 1',
    version: 2,
  });

  // Withdrawing a category works without JavaScript too.
  await page.getByRole('link', { name: 'Retirer de la vente « Adulte »' }).click();
  await page.getByRole('button', { name: 'Oui, retirer de la vente' }).click();
  await expect(notice(page, 'La catégorie a été retirée de la vente.')).toBeVisible();
  expect(
    (await listTicketTypes(twinDeps(), { eventId: passId, consistent: true })).ticketTypes[0]?.status,
  ).toBe('withdrawn');
  await page.context().close();
});

test('ROLE-06 TIX-08 an organizer, even of the selling organization, and an anonymous visitor are refused on every page and action of the console’s passes', async ({
  request,
}) => {
  const seller = await sellingOrganizationEvents({ count: 2 });
  const deps = twinDeps();
  const { passId } = await savePass(deps, {
    actor: { userId: 'U-STAFF-E2E' },
    fields: {
      orgId: seller.orgId,
      title: 'Passe gardée',
      eventIds: seller.events.map((event) => event.eventId),
      status: 'active',
      salesStartAt: new Date(Date.now() - 86_400_000).toISOString(),
      salesEndAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    },
  });
  const { ticketTypeId } = await saveTicketType(deps, {
    actor: { userId: 'U-STAFF-E2E', orgId: seller.orgId, staff: true },
    eventId: passId,
    fields: {
      nameFr: 'Adulte',
      nameEn: 'Adult',
      priceCents: 5000,
      taxes: 'included',
      quantity: 10,
      perPersonMax: 2,
    },
  });
  const organizer = await sessionFor(seller.userId, { roles: [{ orgId: seller.orgId, role: 'organisme' }] });
  const base = '/fr/console/passes';
  const pages = [
    base,
    `${base}/nouvelle`,
    `${base}/nouvelle?organisme=${seller.orgId}`,
    `${base}/${passId}`,
    `${base}/${passId}/categories/nouvelle`,
    `${base}/${passId}/categories/${ticketTypeId}`,
    `${base}/${passId}/categories/${ticketTypeId}/retirer`,
  ];
  const actions = [
    `${base}/nouvelle?organisme=${seller.orgId}`,
    `${base}/${passId}`,
    `${base}/${passId}/categories/nouvelle`,
    `${base}/${passId}/categories/${ticketTypeId}`,
    `${base}/${passId}/categories/${ticketTypeId}/retirer`,
  ];
  const form = {
    version: '1',
    orgId: seller.orgId,
    title: 'Passe volée',
    eventIds: seller.events[0]?.eventId ?? '',
    status: 'withdrawn',
    salesStartAt: local(1),
    salesEndAt: local(20),
    nameFr: 'Pirate',
    nameEn: 'Pirate',
    price: '1',
    taxes: 'included',
    quantity: '5',
    perPersonMax: '1',
  };
  const as = (token?: string) => ({
    ...(token ? { cookie: `parvis_session=${token}` } : {}),
    origin: e2e.origin,
    accept: 'text/html',
  });
  for (const [who, token, status] of [
    ['anonymous', undefined, 303],
    ['organizer', organizer, 403],
  ] as const) {
    for (const path of pages) {
      const answer = await request.get(path, { headers: as(token), maxRedirects: 0 });
      expect(answer.status(), `${who} GET ${path}`).toBe(status);
      if (status === 303) expect(answer.headers().location).toMatch(/^\/fr\/connexion/);
      else expect(await answer.text()).toContain('Vous n’avez pas accès à cette page.');
    }
    for (const path of actions) {
      const answer = await request.post(path, { headers: as(token), form, maxRedirects: 0 });
      expect(answer.status(), `${who} POST ${path}`).toBe(status);
      if (status === 303) expect(answer.headers().location).toMatch(/^\/fr\/connexion/);
    }
  }
  // Nothing changed: the pass, its category.
  expect(await readPass(deps, passId, { consistent: true })).toMatchObject({
    title: 'Passe gardée',
    version: 1,
  });
  expect(
    (await listTicketTypes(deps, { eventId: passId, consistent: true })).ticketTypes.map((type) => [
      type.nameFr,
      type.status,
    ]),
  ).toEqual([['Adulte', 'active']]);
  // The console's menu shows no « Passes » to the organizer: the console itself is refused.
  expect((await request.get('/fr/console', { headers: as(organizer), maxRedirects: 0 })).status()).toBe(403);
});

test('TIX-08 the passes list and the pass form at 390 and 1280 px (screenshots)', async ({ browser }) => {
  test.setTimeout(90_000);
  const seller = await sellingOrganizationEvents({ count: 3, name: 'Festival de théâtre de Rimouski' });
  const deps = twinDeps();
  const { passId } = await savePass(deps, {
    actor: { userId: 'U-STAFF-E2E' },
    fields: {
      orgId: seller.orgId,
      title: 'Passe festival — trois soirs',
      description: 'Trois soirs de théâtre au Festival, pour un seul prix.',
      eventIds: seller.events.map((event) => event.eventId),
      status: 'active',
      salesStartAt: new Date(Date.now() - 86_400_000).toISOString(),
      salesEndAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    },
  });
  for (const [position, tier] of [
    { nameFr: 'Adulte', nameEn: 'Adult', priceCents: 9000, quantity: 50 },
    { nameFr: 'Étudiant', nameEn: 'Student', priceCents: 6000, quantity: 20 },
  ].entries()) {
    await saveTicketType(deps, {
      actor: { userId: 'U-STAFF-E2E', orgId: seller.orgId, staff: true },
      eventId: passId,
      fields: { ...tier, taxes: 'included', perPersonMax: 4, position },
    });
  }
  const staff = await staffSession('passes-shots');
  for (const width of [390, 1280]) {
    const page = await pageWith(browser, staff.token, { width });
    await page.goto('/fr/console/passes');
    await expect(page.getByRole('link', { name: 'Passe festival — trois soirs' }).first()).toBeVisible();
    await page.screenshot({ path: `docs/screenshots/console-passes-${width}.png`, fullPage: true });
    await page.goto(`/fr/console/passes/${passId}`);
    await expect(page.getByLabel('Titre de la passe')).toHaveValue('Passe festival — trois soirs');
    // Keyboard: the first field after the category links is reachable and shows its focus.
    await page.getByLabel('Titre de la passe').focus();
    await expect(page.getByLabel('Titre de la passe')).toBeFocused();
    await page.screenshot({ path: `docs/screenshots/console-pass-form-${width}.png`, fullPage: true });
    await page.context().close();
  }
  // The same pages in English.
  const english = await pageWith(browser, staff.token);
  await english.goto('/en/console/passes');
  await expect(english.getByRole('link', { name: 'Create a pass' })).toBeVisible();
  await english.goto(`/en/console/passes/${passId}`);
  await expect(english.getByRole('heading', { name: 'Price categories' })).toBeVisible();
  await expect(english.getByLabel('Title of the pass')).toHaveValue('Passe festival — trois soirs');
  await english.context().close();
});
