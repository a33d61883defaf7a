import { type Browser, expect, type Page, test } from '@playwright/test';
import sharp from 'sharp';
import { ulid } from 'ulid';
import { sendBackEvent } from '../../shared/calendar/approval';
import { saveEvent } from '../../shared/calendar/save-event';
import { createAccount } from '../../shared/identity/log-in';
import { createOrganization } from '../../shared/identity/members';
import { platformOrgId } from '../../shared/identity/membership';
import { e2e } from './support/e2e';
import { sessionFor, staffSession, twinDeps } from './support/twin';

/**
 * The organization portal's events (issue #12: ORG-02, ORG-04..07), against the built site and its
 * twin (the demo calendar's venues and categories; the process-image consumer runs in the runner):
 * an organizer creates an event, uploads and crops its image, submits it; staff send it back
 * through the use case; editing conflicts, forged organizations and markup in fields.
 */

const venue = 'Salle Desjardins-TELUS (Rimouski)';
const staffActor = { userId: 'staff-e2e', orgId: platformOrgId, staff: true };

async function organizationWithOwner(name: string) {
  const deps = twinDeps();
  const email = `events+${ulid().toLowerCase()}@example.org`;
  await createAccount(deps, { email, password: 'correct horse battery staple' });
  const org = await createOrganization(deps, {
    name,
    firstMember: { email, displayName: `Responsable ${name}`, locale: 'fr' },
    actorUserId: 'staff-e2e',
  });
  const token = await sessionFor(org.userId, { roles: [{ orgId: org.orgId, role: 'organisme' }] });
  return { ...org, token };
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
  const page = await context.newPage();
  // A payload that ran would open a dialog: none may.
  page.on('dialog', (dialog) => {
    throw new Error(`a dialog opened: ${dialog.message()}`);
  });
  return page;
}

const eventOf = async (eventId: string) =>
  (await twinDeps().db.calendar.entities.event.get({ eventId }).go({ consistent: true })).data;

const eventIdOf = (page: Page) => {
  const match = /\/organisme\/evenements\/([^/?]+)/.exec(page.url());
  if (!match?.[1]) throw new Error(`not an event page: ${page.url()}`);
  return decodeURIComponent(match[1]);
};

async function fillRequired(page: Page, title: string) {
  await page.getByLabel('Titre de l’événement').fill(title);
  await page.getByLabel('Lieu', { exact: true }).selectOption({ label: venue });
  await page.getByLabel('Catégorie principale').selectOption({ label: 'Théâtre' });
  await page.getByLabel('Date et heure de début').fill('2027-03-12T19:30');
  await page.getByLabel('Date et heure de fin').fill('2027-03-12T22:00');
}

/** A generated 4:3 photo-like JPEG (a gradient and shapes), 1600×1200. */
async function jpeg43(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="1200">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#7a2e3a"/><stop offset="1" stop-color="#e8c170"/></linearGradient></defs>
    <rect width="1600" height="1200" fill="url(#g)"/>
    <circle cx="800" cy="600" r="320" fill="#f2ede4" opacity="0.85"/>
    <rect x="120" y="860" width="1360" height="160" fill="#1f2430" opacity="0.6"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}

test('ORG-04 ORG-05 ORG-06 ORG-07 an organizer creates an event, uploads and crops its image, submits it; the team’s send-back note is shown', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const org = await organizationWithOwner(`Théâtre ${ulid().slice(-6)}`);
  const page = await pageWith(browser, org.token);

  // ORG-04: the events tab, empty, with its button.
  await page.goto('/fr/organisme');
  await page
    .getByRole('navigation', { name: 'Sections du portail de l’organisme' })
    .getByRole('link', { name: 'Événements' })
    .click();
  await expect(page.getByRole('heading', { name: 'Mes événements' })).toBeVisible();
  await page.getByRole('link', { name: 'Créer un événement' }).click();
  await expect(page.getByRole('heading', { name: 'Créer un événement' })).toBeVisible();

  // ORG-05: every required field, some optional ones, markup in text fields.
  const title = `Carmen <b>gras</b> <script>alert(1)</script> ${ulid().slice(-6)}`;
  await fillRequired(page, title);
  await page.getByLabel('Autre lieu').selectOption({ label: 'Coopérative Paradis (Rimouski)' });
  await page
    .getByRole('group', { name: /Autres catégories/ })
    .getByLabel('Musique')
    .check();
  await page
    .getByRole('group', { name: /Clientèle/ })
    .getByLabel('Adultes')
    .check();
  await page
    .getByRole('textbox', { name: /^Description/ })
    .fill('<p>Un <strong>opéra</strong>.</p><script>alert(2)</script><img src="x" onerror="alert(3)">');
  await page.getByLabel('Début de la date supplémentaire 1').fill('2027-03-13T14:00');
  await page.getByLabel('Fin de la date supplémentaire 1').fill('2027-03-13T16:30');
  await page.getByLabel('Prix minimum ($)').fill('25');
  await page.getByLabel('Prix maximum ($)').fill('40,50');
  await page.getByLabel('Titre pour les moteurs de recherche').fill('Carmen | Spect’Art');
  await page.getByLabel('Événement Facebook').fill('1234567890123');
  await page.getByLabel('Site Web de l’événement').fill('https://example.org/carmen');
  await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Le brouillon a été créé' })).toBeVisible();
  const eventId = eventIdOf(page);
  const stored = await eventOf(eventId);
  expect(stored?.orgId).toBe(org.orgId);
  expect(stored?.status).toBe('draft');
  expect(stored?.title).toBe(title);
  expect(stored?.venueIds).toHaveLength(2);
  expect(stored?.categoryIds).toEqual(['CAT-THEATRE', 'CAT-MUSIQUE']);
  expect(stored?.audienceIds).toEqual(['AUD-ADULTES']);
  expect(stored?.priceMinCents).toBe(2500);
  expect(stored?.priceMaxCents).toBe(4050);
  expect(stored?.facebookEventId).toBe('1234567890123');
  // Sanitized on save: no script, no handler.
  expect(stored?.descriptionHtml).toBe('<p>Un <strong>opéra</strong>.</p>');
  // The form shows what was saved, the extra date included.
  await expect(page.getByLabel('Titre de l’événement')).toHaveValue(title);
  await expect(page.getByLabel('Début de la date supplémentaire 1')).toHaveValue('2027-03-13T14:00');

  // Markup in the title is text on the list and in the preview.
  await page.goto('/fr/organisme/evenements');
  await expect(page.getByRole('link', { name: title, exact: true })).toBeVisible();
  await page.goto(`/fr/organisme/evenements/${eventId}/apercu`);
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
  await expect(page.locator('.description script, .description [onerror]')).toHaveCount(0);

  // ORG-06: the image, straight to S3 and back, checked, cropped with the default rectangles.
  await page.goto(`/fr/organisme/evenements/${eventId}`);
  await page.getByRole('link', { name: 'Ajouter l’image' }).click();
  await expect(page.getByRole('heading', { name: 'Image de l’événement' })).toBeVisible();
  await page.getByLabel('Image', { exact: true }).setInputFiles({
    name: 'affiche.jpg',
    mimeType: 'image/jpeg',
    buffer: await jpeg43(),
  });
  await page.getByRole('button', { name: 'Envoyer l’image' }).click();
  await expect(page).toHaveURL(/\/image\?image=/);
  await expect(page.getByRole('heading', { name: 'Recadrer l’image' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByLabel('Largeur').first()).toHaveValue('900');
  await expect(page.getByLabel('Largeur').nth(1)).toHaveValue('1600');
  // The original is shown from the file store, whose origin this page adds to its img-src (a reload
  // confirms nothing twice); it loads, so the "could not be previewed" hint never shows.
  const reloaded = await page.reload({ waitUntil: 'load' });
  expect(reloaded?.headers()['content-security-policy']).toMatch(/img-src [^;]*http:\/\/127\.0\.0\.1:\d+/);
  await expect(page.getByText('L’aperçu de l’image n’a pas pu être affiché', { exact: false })).toHaveCount(
    0,
  );
  // The frame moves with the keyboard: one step (1 % of 1600 px) to the right.
  await page.getByRole('slider', { name: /Calendrier/ }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByLabel('Marge de gauche').first()).toHaveValue('366');
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByLabel('Marge de gauche').first()).toHaveValue('350');
  await page.screenshot({ path: 'docs/screenshots/crop-step-1280.png', fullPage: true });
  await page.getByRole('button', { name: 'Enregistrer le recadrage' }).click();
  await expect(page.getByText('L’image est recadrée et associée à l’événement.')).toBeVisible({
    timeout: 30_000,
  });
  const withImage = await eventOf(eventId);
  expect(withImage?.imageId).toBeTruthy();
  const image = (
    await twinDeps()
      .db.calendar.entities.image.get({ imageId: withImage?.imageId ?? '' })
      .go({ consistent: true })
  ).data;
  expect(image?.status).toBe('cropped');
  expect(image?.expiresAt).toBeUndefined();
  const calendarCrop = (
    await twinDeps()
      .db.calendar.entities.crop.get({ imageId: withImage?.imageId ?? '', kind: 'calendar' })
      .go()
  ).data;
  expect({ left: calendarCrop?.left, top: calendarCrop?.top, width: calendarCrop?.width }).toEqual({
    left: 350,
    top: 0,
    width: 900,
  });

  // ORG-07: submitted with a note.
  await page.getByRole('link', { name: 'Retour au formulaire de l’événement' }).click();
  await page.getByLabel('Note pour l’équipe').fill('Merci de vérifier les prix.');
  await page.getByRole('button', { name: 'Soumettre pour approbation' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'L’événement a été soumis' })).toBeVisible();
  expect((await eventOf(eventId))?.status).toBe('submitted');

  // Staff send it back with a note (the console's use case); the organizer sees it, as text.
  const note = 'Ajoutez le prix <b>étudiant</b>, s.v.p.';
  await sendBackEvent(twinDeps(), { actor: staffActor, eventId, note });
  await page.goto(`/fr/organisme/evenements/${eventId}`);
  await expect(page.getByRole('heading', { name: 'L’équipe vous a renvoyé cet événement' })).toBeVisible();
  await expect(page.locator('.review-note')).toHaveText(note);
  await page.goto('/fr/organisme/evenements');
  const sentBack = page.getByRole('region', { name: /Renvoyés par l’équipe/ });
  await expect(sentBack.getByText(note)).toBeVisible();

  // ORG-02: the dashboard counts it and lists it among the next events.
  await page.goto('/fr/organisme');
  await expect(
    page.getByRole('region', { name: 'Vos événements' }).getByRole('link', { name: title, exact: true }),
  ).toBeVisible();

  // ORG-07: the organizer submits again; staff approve it in the console.
  await page.goto(`/fr/organisme/evenements/${eventId}`);
  await page.getByRole('button', { name: 'Soumettre pour approbation' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'L’événement a été soumis' })).toBeVisible();
  const staff = await pageWith(browser, (await staffSession('staff-journey')).token);
  await staff.goto(`/fr/console/evenements/${eventId}`);
  await staff.getByRole('button', { name: 'Approuver et publier' }).click();
  await expect(
    staff.getByText('L’événement est publié; l’organisme en a été avisé par courriel.'),
  ).toBeVisible();
  await staff.context().close();

  // CAL-01 CAL-02: anyone finds it on the home page for its date, with its cropped image, and opens its sheet.
  const visitor = await browser.newContext({ baseURL: e2e.origin });
  const home = await visitor.newPage();
  await home.goto('/fr?du=2027-03-12&au=2027-03-12');
  const card = home.getByRole('article').filter({ hasText: title });
  await expect(card).toBeVisible();
  await expect(card.locator('img')).toHaveJSProperty('complete', true);
  expect(await card.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  await card.getByRole('link', { name: title }).click();
  await expect(home.getByRole('heading', { level: 1 })).toHaveText(title);
  await visitor.close();
  await page.context().close();
});

test('ORG-05 a second editor’s stale save gets the conflict message and keeps what they typed', async ({
  browser,
}) => {
  const org = await organizationWithOwner(`Musée ${ulid()}`);
  const saved = await saveEvent(twinDeps(), {
    actor: { userId: org.userId, orgId: org.orgId },
    fields: {
      title: 'Exposition d’hiver',
      venueIds: ['VEN-SALLE-DESJARDINS'],
      categoryIds: ['CAT-THEATRE'],
      startsAt: '2027-02-01T10:00',
      endsAt: '2027-02-28T17:00',
    },
  });
  const first = await pageWith(browser, org.token);
  const second = await first.context().newPage();
  for (const page of [first, second]) await page.goto(`/fr/organisme/evenements/${saved.eventId}`);

  await first.getByLabel('Titre de l’événement').fill('Exposition d’hiver — version A');
  await first.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
  await expect(first.getByRole('status').filter({ hasText: 'L’événement a été enregistré.' })).toBeVisible();

  const typed = `<p>${'Un long texte tapé dans le second onglet. '.repeat(60)}</p>`;
  await second.getByLabel('Titre de l’événement').fill('Exposition d’hiver — version B');
  await second.getByRole('textbox', { name: /^Description/ }).fill(typed);
  await second.getByLabel('Prix minimum ($)').fill('12');
  await second.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
  await expect(second.getByText('Quelqu’un d’autre a enregistré cet événement')).toBeVisible();
  await expect(second.getByLabel('Titre de l’événement')).toHaveValue('Exposition d’hiver — version B');
  await expect(second.getByRole('textbox', { name: /^Description/ })).toHaveValue(typed);
  await expect(second.getByLabel('Prix minimum ($)')).toHaveValue('12');
  await expect(
    second.getByRole('link', { name: 'Ouvrir la version enregistrée dans un nouvel onglet' }),
  ).toBeVisible();
  const stored = await eventOf(saved.eventId);
  expect(stored?.title).toBe('Exposition d’hiver — version A');
  expect(stored?.version).toBe(saved.version + 1);
  await first.context().close();
});

test('ORG-05 ROLE-06 a forged orgId in the form changes nothing; another organization’s event is not found', async ({
  request,
}) => {
  const a = await organizationWithOwner(`A ${ulid()}`);
  const b = await organizationWithOwner(`B ${ulid()}`);
  const headers = { cookie: `parvis_session=${a.token}`, origin: e2e.origin, accept: 'text/html' };
  const form = {
    orgId: b.orgId,
    title: `Forgé ${ulid()}`,
    venueIds: 'VEN-SALLE-DESJARDINS',
    categoryId: 'CAT-THEATRE',
    startsAt: '2027-04-01T20:00',
    endsAt: '2027-04-01T22:00',
  };
  const created = await request.post('/fr/organisme/evenements/nouveau?/save', {
    headers,
    form,
    maxRedirects: 0,
  });
  expect(created.status()).toBe(303);
  const eventId = /evenements\/([^?]+)/.exec(created.headers().location ?? '')?.[1] ?? '';
  expect((await eventOf(eventId))?.orgId).toBe(a.orgId);

  const theirs = await saveEvent(twinDeps(), {
    actor: { userId: b.userId, orgId: b.orgId },
    fields: { ...form, title: 'À B', venueIds: ['VEN-SALLE-DESJARDINS'], categoryIds: ['CAT-THEATRE'] },
  });
  const forged = await request.post(`/fr/organisme/evenements/${theirs.eventId}?/save`, {
    headers,
    form: { ...form, version: String(theirs.version), title: 'Volé' },
    maxRedirects: 0,
  });
  expect(forged.status()).toBe(404);
  expect((await eventOf(theirs.eventId))?.title).toBe('À B');
  const view = await request.get(`/fr/organisme/evenements/${theirs.eventId}`, { headers, maxRedirects: 0 });
  expect(view.status()).toBe(404);
});

test.describe('without JavaScript', () => {
  test('ORG-05 the form works without JavaScript: add a date, a refusal keeps the values, then it saves', async ({
    browser,
  }) => {
    const org = await organizationWithOwner(`Salle ${ulid().slice(-6)}`);
    const page = await pageWith(browser, org.token, { javaScriptEnabled: false, width: 390 });
    await page.goto('/fr/organisme/evenements/nouveau');
    const title = `Sans JavaScript ${ulid().slice(-6)}`;
    await fillRequired(page, title);
    await page.getByLabel('Début de la date supplémentaire 1').fill('2027-03-13T19:30');
    await page.getByRole('button', { name: 'Ajouter une date' }).click();
    await expect(page.getByText('Une ligne de date a été ajoutée.')).toBeVisible();
    await expect(page.getByLabel('Titre de l’événement')).toHaveValue(title);
    await expect(page.getByLabel('Début de la date supplémentaire 1')).toHaveValue('2027-03-13T19:30');
    await page.getByLabel('Début de la date supplémentaire 2').fill('2027-03-14T19:30');
    // A refusal (the end before the start) comes back with everything typed.
    await page.getByLabel('Date et heure de fin').fill('2027-03-11T22:00');
    await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
    await expect(page.getByText('La date de fin est antérieure à la date de début.').first()).toBeVisible();
    await expect(page.getByLabel('Début de la date supplémentaire 2')).toHaveValue('2027-03-14T19:30');
    await page.screenshot({ path: 'docs/screenshots/event-form-390.png', fullPage: true });
    await page.getByLabel('Date et heure de fin').fill('2027-03-12T22:00');
    await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
    await expect(page.getByText('Le brouillon a été créé.')).toBeVisible();
    const stored = await eventOf(eventIdOf(page));
    expect(stored?.title).toBe(title);
    const dates = await twinDeps()
      .db.calendar.entities.occurrence.query.byEvent({ eventId: eventIdOf(page) })
      .go();
    expect(dates.data).toHaveLength(3);
    await page.context().close();
  });
});

test('ORG-05 the event form at 1280 px (screenshot)', async ({ browser }) => {
  const org = await organizationWithOwner(`Spect’Art ${ulid().slice(-6)}`);
  const saved = await saveEvent(twinDeps(), {
    actor: { userId: org.userId, orgId: org.orgId },
    fields: {
      title: 'Carmen',
      venueIds: ['VEN-SALLE-DESJARDINS'],
      categoryIds: ['CAT-MUSIQUE'],
      audienceIds: ['AUD-ADULTES'],
      descriptionHtml: '<p>L’opéra de Bizet.</p>',
      startsAt: '2027-03-12T19:30',
      endsAt: '2027-03-12T22:00',
      showTime: true,
      priceMinCents: 2500,
      priceMaxCents: 6500,
    },
  });
  const page = await pageWith(browser, org.token, { width: 1280 });
  await page.goto(`/fr/organisme/evenements/${saved.eventId}`);
  await expect(page.getByRole('heading', { name: 'Modifier l’événement' })).toBeVisible();
  await page.screenshot({ path: 'docs/screenshots/event-form-1280.png', fullPage: true });
  await page.context().close();
});
