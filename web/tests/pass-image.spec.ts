import { type Browser, expect, type Page, test } from '@playwright/test';
import sharp from 'sharp';
import { ulid } from 'ulid';
import { attachPassImage } from '../../shared/ticketing/pass-image';
import { readPass } from '../../shared/ticketing/passes';
import { e2e } from './support/e2e';
import { sellingOrganizationEvents, sellingPass } from './support/selling';
import { sessionFor, staffSession, twinDeps } from './support/twin';

/**
 * A pass's theme image (TIX-08), against the built site and its twin (the process-image consumer
 * runs in the runner): staff upload a 4:3 image from the console's pass page, crop it and it is
 * attached; the « Passes » tab's card and the pass's page show it (srcset, share image), a pass
 * without one shows no image box; the same steps work without JavaScript; an organizer of the
 * selling organization, one of another organization and an anonymous visitor are refused the
 * console's image page and its actions (ROLE-06).
 */

async function pageWith(
  browser: Browser,
  token: string | undefined,
  options: { width?: number; javaScriptEnabled?: boolean } = {},
): Promise<Page> {
  const context = await browser.newContext({
    baseURL: e2e.origin,
    viewport: { width: options.width ?? 1280, height: 900 },
    javaScriptEnabled: options.javaScriptEnabled ?? true,
  });
  if (token) await context.addCookies([{ name: 'parvis_session', value: token, url: e2e.origin }]);
  return context.newPage();
}

/** A generated 4:3 poster-like JPEG (a gradient and shapes), 1600×1200. */
async function jpeg43(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="1200">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="0">
      <stop offset="0" stop-color="#1f4e5f"/><stop offset="1" stop-color="#e8c170"/></linearGradient></defs>
    <rect width="1600" height="1200" fill="url(#g)"/>
    <circle cx="560" cy="520" r="260" fill="#f2ede4" opacity="0.85"/>
    <circle cx="1040" cy="680" r="200" fill="#7a2e3a" opacity="0.8"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}

const tier = { nameFr: 'Adulte', nameEn: 'Adult', priceCents: 4500 };

/** An image of `orgId` as the pipeline leaves it, attached to the pass through the use case. */
async function attachedImage(passId: string, orgId: string) {
  const deps = twinDeps();
  const imageId = `IMG-${passId}`;
  const at = new Date().toISOString();
  await deps.db.calendar.entities.image
    .put({
      imageId,
      orgId,
      objectKey: `images/${orgId}/${imageId}`,
      status: 'cropped',
      width: 1600,
      height: 1200,
      createdAt: at,
    })
    .go();
  await deps.db.calendar.entities.crop
    .put({ imageId, orgId, kind: 'calendar', left: 0, top: 0, width: 900, height: 1200, createdAt: at })
    .go();
  await attachPassImage(deps, { actor: { userId: 'U-STAFF-E2E' }, passId, imageId, expectedVersion: 1 });
}

/** The pass's card on the « Passes » tab, in a fresh anonymous context (no cached copy of the tab). */
async function tabCard(browser: Browser, title: string, width = 1280) {
  const page = await pageWith(browser, undefined, { width });
  await page.goto('/fr/passes');
  const card = page.locator('article.card').filter({ has: page.getByRole('link', { name: title }) });
  await expect(card).toBeVisible();
  return { page, card };
}

test('TIX-08 staff upload a 4:3 theme image for a pass, crop it and it is attached; the « Passes » tab and the pass’s page show it', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const pass = await sellingPass({
    providers: ['stripe'],
    tiers: [tier],
    events: 2,
    title: `Passe Festi-Image ${ulid().slice(-6)}`,
    description: 'Deux soirs de théâtre, un seul achat.',
  });

  // Without an image, the card and the page show no image box (never a broken picture).
  const before = await tabCard(browser, pass.title);
  await expect(before.card.locator('img, .frame')).toHaveCount(0);
  await before.page.goto(`/fr/passes/${pass.passId}`);
  await expect(before.page.getByRole('heading', { name: pass.title, level: 1 })).toBeVisible();
  await expect(before.page.locator('.pass .media, .pass img')).toHaveCount(0);
  await expect(before.page.locator('meta[property="og:image"]')).toHaveCount(0);
  await before.page.context().close();

  const staff = await staffSession('pass-image');
  const page = await pageWith(browser, staff.token);
  await page.goto(`/fr/console/passes/${pass.passId}`);
  const section = page.getByRole('region', { name: 'Visuel' });
  await expect(section.getByText('Pas encore de visuel : la passe s’affiche sans image.')).toBeVisible();
  await section.getByRole('link', { name: 'Ajouter le visuel' }).click();
  await expect(page.getByRole('heading', { name: 'Visuel de la passe', level: 1 })).toBeVisible();
  await expect(page.getByText(pass.title, { exact: true })).toBeVisible();
  await page.getByLabel('Image', { exact: true }).setInputFiles({
    name: 'visuel.jpg',
    mimeType: 'image/jpeg',
    buffer: await jpeg43(),
  });
  await page.getByRole('button', { name: 'Envoyer l’image' }).click();
  await expect(page).toHaveURL(/\/console\/passes\/[^/]+\/image\?image=/);
  await expect(page.getByRole('heading', { name: 'Recadrer l’image', level: 2 })).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.getByLabel('Largeur').first()).toHaveValue('900');
  await expect(page.getByLabel('Largeur').nth(1)).toHaveValue('1600');
  // The original is shown from the file store: this page too adds its origin to img-src.
  const reloaded = await page.reload({ waitUntil: 'load' });
  expect(reloaded?.headers()['content-security-policy']).toMatch(/img-src [^;]*http:\/\/127\.0\.0\.1:\d+/);
  await expect(page.getByText('L’aperçu de l’image n’a pas pu être affiché', { exact: false })).toHaveCount(
    0,
  );
  // The card's frame moves with the keyboard, as the event's.
  await page.getByRole('slider', { name: /Carte de l’onglet « Passes »/ }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByLabel('Marge de gauche').first()).toHaveValue('366');
  await page.screenshot({ path: 'docs/screenshots/pass-image-1280.png', fullPage: true });
  await page.getByRole('button', { name: 'Enregistrer le recadrage' }).click();
  await expect(page.getByText('Le visuel est recadré et associé à la passe.')).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.getByRole('figure', { name: 'Recadrage de la carte' }).locator('img')).toBeVisible();

  const stored = await readPass(twinDeps(), pass.passId, { consistent: true });
  expect(stored?.imageId).toBeTruthy();
  const imageId = stored?.imageId ?? '';
  const image = (await twinDeps().db.calendar.entities.image.get({ imageId }).go({ consistent: true })).data;
  expect(image?.status).toBe('cropped');
  expect(image?.orgId).toBe(pass.orgId);
  expect(image?.expiresAt).toBeUndefined();
  const cardCrop = (await twinDeps().db.calendar.entities.crop.get({ imageId, kind: 'calendar' }).go()).data;
  expect({ left: cardCrop?.left, width: cardCrop?.width }).toEqual({ left: 366, width: 900 });

  // The console's pass page: the thumbnail and « Changer le visuel »; saving the form keeps the image.
  await page.setViewportSize({ width: 390, height: 900 });
  await page.getByRole('link', { name: 'Retour à la passe' }).click();
  await expect(
    section.getByRole('figure', { name: 'Le visuel actuel de la passe' }).locator('img'),
  ).toBeVisible();
  await expect(section.getByRole('link', { name: 'Changer le visuel' })).toHaveAttribute(
    'href',
    `/fr/console/passes/${pass.passId}/image`,
  );
  await section.screenshot({ path: 'docs/screenshots/pass-image-console-390.png' });
  await page.getByRole('button', { name: 'Enregistrer la passe' }).click();
  await expect(page.getByText('La passe a été enregistrée.')).toBeVisible();
  expect((await readPass(twinDeps(), pass.passId, { consistent: true }))?.imageId).toBe(imageId);
  await page.context().close();

  // The « Passes » tab: the card crop, with its WebP and JPEG renditions in srcset.
  const after = await tabCard(browser, pass.title, 390);
  const picture = after.card.locator('img');
  await expect(picture).toBeVisible();
  expect(await picture.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  expect(await picture.getAttribute('srcset')).toMatch(/ \d+w/);
  await expect(after.card.locator('source[type="image/webp"]')).toHaveAttribute('srcset', / \d+w/);
  await after.page.screenshot({ path: 'docs/screenshots/pass-image-tab-390.png', fullPage: true });

  // The pass's page: the page crop in its header and the share image (og:image, twitter:image).
  await after.page.goto(`/fr/passes/${pass.passId}`);
  const header = after.page.locator('.pass .media img');
  await expect(header).toBeVisible();
  expect(await header.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  expect(await header.getAttribute('srcset')).toMatch(/ \d+w/);
  const share = await after.page.locator('meta[property="og:image"]').getAttribute('content');
  expect(share).toMatch(new RegExp(`^${e2e.origin.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/`));
  expect((await after.page.request.get(share ?? '')).status()).toBe(200);
  await expect(after.page.locator('meta[name="twitter:card"]')).toHaveAttribute(
    'content',
    'summary_large_image',
  );
  await expect(after.page.getByRole('button', { name: 'Passer au paiement' })).toBeVisible();
  await after.page.screenshot({ path: 'docs/screenshots/pass-image-390.png', fullPage: true });
  await after.page.context().close();

  // Staff remove it: the pass is shown without an image again, with no empty box.
  const again = await pageWith(browser, staff.token);
  await again.goto(`/fr/console/passes/${pass.passId}/image`);
  await again.getByRole('button', { name: 'Retirer le visuel' }).click();
  await expect(again.getByText('Le visuel a été retiré : la passe s’affiche sans image.')).toBeVisible();
  await expect(again.getByText('Pas encore de visuel : la passe s’affiche sans image.')).toBeVisible();
  expect((await readPass(twinDeps(), pass.passId, { consistent: true }))?.imageId).toBeUndefined();
  await again.context().close();
  const removed = await tabCard(browser, pass.title);
  await expect(removed.card.locator('img, .frame')).toHaveCount(0);
  await removed.page.context().close();
});

test('TIX-08 without JavaScript: staff send the image through the signed form, reload while it is checked, crop it and it is attached', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const pass = await sellingPass({
    tiers: [tier],
    events: 2,
    title: `Passe sans script ${ulid().slice(-6)}`,
  });
  const staff = await staffSession('pass-image-nojs');
  const page = await pageWith(browser, staff.token, { javaScriptEnabled: false, width: 390 });
  await page.goto(`/fr/console/passes/${pass.passId}/image`);
  await page.getByRole('button', { name: 'Choisir une image à envoyer' }).click();
  await expect(page.getByText('Ce formulaire est valable 15 minutes.', { exact: false })).toBeVisible();
  await page.getByLabel('Image', { exact: true }).setInputFiles({
    name: 'visuel.jpg',
    mimeType: 'image/jpeg',
    buffer: await jpeg43(),
  });
  await page.getByRole('button', { name: 'Envoyer l’image' }).click();
  await expect(page).toHaveURL(/\/console\/passes\/[^/]+\/image\?image=/);
  const cropHeading = page.getByRole('heading', { name: 'Recadrer l’image' });
  for (let attempt = 0; attempt < 30 && !(await cropHeading.isVisible()); attempt += 1) {
    await page.waitForTimeout(1000);
    const reload = page.getByRole('link', { name: 'Actualiser' });
    if (await reload.isVisible()) await reload.click();
  }
  await expect(cropHeading).toBeVisible();
  // A refusal (a frame too narrow) comes back with the numbers typed and its sentence by the field.
  await page.getByLabel('Largeur').first().fill('12');
  await page.getByRole('button', { name: 'Enregistrer le recadrage' }).click();
  await expect(page.locator('.error-summary')).toContainText('trop petit');
  await expect(page.getByLabel('Largeur').first()).toHaveValue('12');
  await expect(page.getByLabel('Largeur').nth(1)).toHaveValue('1600');
  await page.getByLabel('Largeur').first().fill('900');
  await page.getByRole('button', { name: 'Enregistrer le recadrage' }).click();
  const done = page.getByText('Le visuel est recadré et associé à la passe.');
  for (let attempt = 0; attempt < 30 && !(await done.isVisible()); attempt += 1) {
    await page.waitForTimeout(1000);
    const reload = page.getByRole('link', { name: 'Actualiser' });
    if (await reload.isVisible()) await reload.click();
  }
  await expect(done).toBeVisible();
  expect((await readPass(twinDeps(), pass.passId, { consistent: true }))?.imageId).toBeTruthy();
  await page.context().close();
});

test('ROLE-06 TIX-08 an organizer of the selling organization, one of another organization and an anonymous visitor are refused the pass’s image page and its actions', async ({
  request,
}) => {
  const pass = await sellingPass({ tiers: [tier], events: 2 });
  // The pass has an image (attached as staff would), so a forged removal would have something to remove.
  await attachedImage(pass.passId, pass.orgId);
  const other = await sellingOrganizationEvents({ count: 1 });
  const seller = await sessionFor(pass.userId, { roles: [{ orgId: pass.orgId, role: 'organisme' }] });
  const outsider = await sessionFor(other.userId, { roles: [{ orgId: other.orgId, role: 'organisme' }] });
  const path = `/fr/console/passes/${pass.passId}/image`;
  const as = (token?: string) => ({
    ...(token ? { cookie: `parvis_session=${token}` } : {}),
    origin: e2e.origin,
    accept: 'text/html',
  });
  const crop = {
    imageId: 'IMG-FORGED',
    calendarLeft: '0',
    calendarTop: '0',
    calendarWidth: '900',
    sheetLeft: '0',
    sheetTop: '0',
    sheetWidth: '1600',
  };
  for (const [who, token, status] of [
    ['anonymous', undefined, 303],
    ['the selling organization’s organizer', seller, 403],
    ['another organization’s organizer', outsider, 403],
  ] as const) {
    for (const url of [path, `${path}?image=IMG-FORGED`]) {
      const answer = await request.get(url, { headers: as(token), maxRedirects: 0 });
      expect(answer.status(), `${who} GET ${url}`).toBe(status);
      if (status === 303) expect(answer.headers().location).toMatch(/^\/fr\/connexion/);
      else expect(await answer.text()).toContain('Vous n’avez pas accès à cette page.');
    }
    for (const [action, form] of [
      ['prepare', {}],
      ['crop', crop],
      ['remove', { version: '2' }],
    ] as const) {
      const answer = await request.post(`${path}?/${action}`, { headers: as(token), form, maxRedirects: 0 });
      expect(answer.status(), `${who} POST ?/${action}`).toBe(status);
      if (status === 303) expect(answer.headers().location).toMatch(/^\/fr\/connexion/);
    }
  }
  // Nothing changed: the pass keeps its image and its version.
  const stored = await readPass(twinDeps(), pass.passId, { consistent: true });
  expect(stored?.imageId).toBe(`IMG-${pass.passId}`);
  expect(stored?.version).toBe(2);
  // Staff are answered 404 for an unknown pass.
  const staff = await staffSession('pass-image-404');
  expect(
    (
      await request.get('/fr/console/passes/unknown-pass/image', {
        headers: as(staff.token),
        maxRedirects: 0,
      })
    ).status(),
  ).toBe(404);
});
