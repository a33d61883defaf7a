import { type Browser, expect, type Page, test } from '@playwright/test';
import { ulid } from 'ulid';
import { createAccount } from '../../shared/identity/log-in';
import { createOrganization } from '../../shared/identity/members';
import {
  getOrganizationProfile,
  updateOrganizationProfile,
} from '../../shared/organizations/organization-profile';
import { e2e } from './support/e2e';
import { sessionFor, twinDeps } from './support/twin';

/**
 * ORG-03: the « Profil » tab of the organization portal. The organization is the session's; the
 * form works without JavaScript; two editors never silently undo each other.
 */

async function organizationWithOwner(name: string) {
  const deps = twinDeps();
  const email = `profil+${ulid().toLowerCase()}@example.org`;
  await createAccount(deps, { email, password: 'correct horse battery staple' });
  const org = await createOrganization(deps, {
    name,
    contactEmail: 'equipe@example.org',
    firstMember: { email, displayName: `Responsable ${name}`, locale: 'fr' },
    actorUserId: 'staff-e2e',
  });
  const token = await sessionFor(org.userId, { roles: [{ orgId: org.orgId, role: 'organisme' }] });
  return { ...org, token };
}

async function pageWith(
  browser: Browser,
  token: string,
  options: { javaScriptEnabled?: boolean; viewport?: { width: number; height: number } } = {},
): Promise<Page> {
  const context = await browser.newContext({ baseURL: e2e.origin, ...options });
  await context.addCookies([{ name: 'parvis_session', value: token, url: e2e.origin }]);
  return context.newPage();
}

const save = (page: Page) => page.getByRole('button', { name: 'Enregistrer le profil' }).click();

test('ORG-03 an organization fills its profile without JavaScript: refused fields are named, markup stays text, the name stays the team’s', async ({
  browser,
}) => {
  const name = `Théâtre ${ulid()}`;
  const org = await organizationWithOwner(name);
  const page = await pageWith(browser, org.token, { javaScriptEnabled: false });
  await page.goto('/fr/organisme');
  const nav = page.getByRole('navigation', { name: 'Sections du portail de l’organisme' });
  await nav.getByRole('link', { name: 'Profil', exact: true }).click();
  await expect(page).toHaveURL(/\/fr\/organisme\/profil$/);
  await expect(nav.getByRole('link', { name: 'Profil', exact: true })).toHaveAttribute(
    'aria-current',
    'page',
  );
  await expect(page.getByRole('heading', { name: 'Profil de l’organisme' })).toBeVisible();
  // The name is shown, not editable: only staff rename.
  await expect(page.getByText(name, { exact: true }).last()).toBeVisible();
  await expect(page.getByLabel('Nom de l’organisme')).toHaveCount(0);
  await expect(page.getByLabel('Courriel pour l’équipe de la plateforme')).toHaveValue('equipe@example.org');

  await page.getByLabel('Présentation').fill('Diffuseur <b>jeune public</b> depuis 1985.');
  await page.getByLabel('Téléphone').fill('418 555-0100 poste 12');
  await page.getByLabel('Site Web').fill('javascript:alert(1)');
  await page.getByLabel('Page Facebook').fill('https://www.facebook.com/theatre');
  await page.getByLabel('Ville').fill('Rimouski');
  await save(page);
  // Refused: the summary names the field, and everything typed is still there.
  await expect(page.locator('.error-summary')).toContainText('Site Web');
  await expect(page.getByLabel('Site Web')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Présentation')).toHaveValue('Diffuseur <b>jeune public</b> depuis 1985.');
  await expect(page.getByLabel('Ville')).toHaveValue('Rimouski');
  expect((await getOrganizationProfile(twinDeps(), { orgId: org.orgId })).version).toBe(0);

  await page.getByLabel('Site Web').fill('https://theatre.example/');
  await save(page);
  await expect(page.locator('p.notice')).toContainText('Le profil a été enregistré.');
  await expect(page.getByLabel('Présentation')).toHaveValue('Diffuseur <b>jeune public</b> depuis 1985.');
  await expect(page.locator('b', { hasText: 'jeune public' })).toHaveCount(0);
  await expect(page.getByText(/Dernière modification le/)).toBeVisible();
  expect(await getOrganizationProfile(twinDeps(), { orgId: org.orgId })).toMatchObject({
    name,
    description: 'Diffuseur <b>jeune public</b> depuis 1985.',
    phone: '418 555-0100 poste 12',
    websiteUrl: 'https://theatre.example/',
    facebookUrl: 'https://www.facebook.com/theatre',
    city: 'Rimouski',
    contactEmail: 'equipe@example.org',
    version: 1,
  });

  // A name posted by hand is ignored: the organization's form never renames.
  const response = await page.request.post('/fr/organisme/profil', {
    headers: { origin: e2e.origin, accept: 'text/html' },
    form: { version: '1', name: 'Nom forgé', city: 'Rimouski' },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(200);
  expect((await getOrganizationProfile(twinDeps(), { orgId: org.orgId })).name).toBe(name);
  await page.context().close();
});

test('ORG-03 two editors at once: the second gets the conflict message, keeps what they typed, sees what was saved, and saves again', async ({
  browser,
}) => {
  const org = await organizationWithOwner(`Musée ${ulid()}`);
  const first = await pageWith(browser, org.token);
  const second = await pageWith(browser, org.token);
  await first.goto('/fr/organisme/profil');
  await second.goto('/fr/organisme/profil');

  await first.getByLabel('Ville').fill('Rimouski');
  await first.getByLabel('Téléphone').fill('418 555-0100');
  await save(first);
  await expect(first.locator('p.notice')).toContainText('Le profil a été enregistré.');

  await second.getByLabel('Ville').fill('Matane');
  await second.getByLabel('Présentation').fill('Un texte long que personne ne veut retaper.');
  await save(second);
  await expect(
    second.getByText('Quelqu’un d’autre a enregistré ce profil pendant que vous le modifiiez.'),
  ).toBeVisible();
  await expect(second.getByLabel('Ville')).toHaveValue('Matane');
  await expect(second.getByLabel('Présentation')).toHaveValue('Un texte long que personne ne veut retaper.');
  await expect(
    second.getByText('Enregistré entre-temps par quelqu’un d’autre : « Rimouski ».').first(),
  ).toBeVisible();
  await expect(
    second.getByText('Enregistré entre-temps par quelqu’un d’autre : « 418 555-0100 ».').first(),
  ).toBeVisible();
  // Nothing of the first editor's save was lost meanwhile.
  expect(await getOrganizationProfile(twinDeps(), { orgId: org.orgId })).toMatchObject({
    city: 'Rimouski',
    phone: '418 555-0100',
    version: 1,
  });

  // Having seen both, the second editor keeps the phone and saves their own city and text.
  await second.getByLabel('Téléphone').fill('418 555-0100');
  await save(second);
  await expect(second.locator('p.notice')).toContainText('Le profil a été enregistré.');
  expect(await getOrganizationProfile(twinDeps(), { orgId: org.orgId })).toMatchObject({
    city: 'Matane',
    phone: '418 555-0100',
    description: 'Un texte long que personne ne veut retaper.',
    version: 2,
  });
  await first.context().close();
  await second.context().close();
});

test('ORG-03 ROLE-06 another organization’s user and an anonymous visitor can neither read nor change a profile', async ({
  request,
}) => {
  const a = await organizationWithOwner(`A ${ulid()}`);
  const b = await organizationWithOwner(`B ${ulid()}`);
  await updateOrganizationProfile(twinDeps(), {
    orgId: b.orgId,
    actor: { userId: b.userId, staff: false },
    expectedVersion: 0,
    profile: { city: 'Rimouski', phone: '418 555-0199' },
  });
  const before = await getOrganizationProfile(twinDeps(), { orgId: b.orgId });

  const anonymous = await request.get('/fr/organisme/profil', { maxRedirects: 0 });
  expect(anonymous.status()).toBe(303);
  expect(anonymous.headers().location).toMatch(/^\/fr\/connexion\?suite=/);
  const anonymousPost = await request.post('/fr/organisme/profil', {
    headers: { origin: e2e.origin, accept: 'text/html' },
    form: { version: '1', city: 'Piraté' },
    maxRedirects: 0,
  });
  expect(anonymousPost.status()).toBe(303);

  // Organization A's user cannot pick B by its id, to read or to write.
  const read = await request.get(`/fr/organisme/profil?organisme=${b.orgId}`, {
    headers: { cookie: `parvis_session=${a.token}` },
    maxRedirects: 0,
  });
  expect(read.status()).toBe(403);
  expect(await read.text()).not.toContain('418 555-0199');
  const write = await request.post(`/fr/organisme/profil?organisme=${b.orgId}`, {
    headers: { cookie: `parvis_session=${a.token}`, origin: e2e.origin, accept: 'text/html' },
    form: { version: '1', city: 'Piraté', orgId: b.orgId },
    maxRedirects: 0,
  });
  expect(write.status()).toBe(403);
  // An `orgId` slipped into A's own form changes A's profile only.
  const own = await request.post('/fr/organisme/profil', {
    headers: { cookie: `parvis_session=${a.token}`, origin: e2e.origin, accept: 'text/html' },
    form: { version: '0', city: 'Amqui', orgId: b.orgId },
    maxRedirects: 0,
  });
  expect(own.status()).toBe(200);
  expect((await getOrganizationProfile(twinDeps(), { orgId: a.orgId })).city).toBe('Amqui');
  expect(await getOrganizationProfile(twinDeps(), { orgId: b.orgId })).toEqual(before);
});

test('PLAT-01 ORG-03 the profile tab at 390 and 1280 px (screenshots in docs/screenshots)', async ({
  browser,
}) => {
  const org = await organizationWithOwner('Théâtre du Bic');
  await updateOrganizationProfile(twinDeps(), {
    orgId: org.orgId,
    actor: { userId: org.userId, staff: false },
    expectedVersion: 0,
    profile: {
      contactEmail: 'direction@theatredubic.example',
      description:
        'Le Théâtre du Bic présente du théâtre de création, des spectacles jeune public et des résidences d’artistes, de septembre à juin, dans une ancienne grange du parc du Bic.',
      websiteUrl: 'https://theatredubic.example/',
      publicEmail: 'billetterie@theatredubic.example',
      phone: '418 555-0100',
      street: '50, route du Golf-du-Bic',
      city: 'Rimouski',
      postalCode: 'G0L 1B0',
      facebookUrl: 'https://www.facebook.com/theatredubic',
    },
  });
  for (const width of [390, 1280]) {
    const page = await pageWith(browser, org.token, {
      viewport: { width, height: width === 390 ? 844 : 900 },
    });
    await page.goto('/fr/organisme/profil');
    await expect(page.getByRole('heading', { name: 'Profil de l’organisme' })).toBeVisible();
    // Nothing wider than the screen.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `docs/screenshots/organization-profile-${width}.png`, fullPage: true });
    await page.context().close();
  }
});
