import { type Browser, expect, type Page, test } from '@playwright/test';
import { ulid } from 'ulid';
import { createAccount } from '../../shared/identity/log-in';
import { createOrganization, listOrganizations } from '../../shared/identity/members';
import { listCustomCheckboxes, offeredCustomCheckboxes } from '../../shared/organizations/custom-checkboxes';
import { getOrganizationProfile } from '../../shared/organizations/organization-profile';
import { e2e } from './support/e2e';
import { sessionFor, staffSession, twinDeps } from './support/twin';

/**
 * ORG-09, TIX-05: staff manage an organization's custom checkboxes from its console page, and
 * (ORG-03) its profile there with the same form as the portal's, the name included.
 */

async function organization(name: string) {
  const deps = twinDeps();
  const email = `cases+${ulid().toLowerCase()}@example.org`;
  await createAccount(deps, { email, password: 'correct horse battery staple' });
  return createOrganization(deps, {
    name,
    firstMember: { email, displayName: `Responsable ${name}`, locale: 'fr' },
    actorUserId: 'staff-e2e',
  });
}

async function pageWith(
  browser: Browser,
  token: string,
  options: { javaScriptEnabled?: boolean } = {},
): Promise<Page> {
  const context = await browser.newContext({ baseURL: e2e.origin, ...options });
  await context.addCookies([{ name: 'parvis_session', value: token, url: e2e.origin }]);
  return context.newPage();
}

test('ORG-09 TIX-05 staff add a priced checkbox, edit and pause it, then withdraw it (without JavaScript)', async ({
  browser,
}) => {
  // Eight page loads without JavaScript: more than the default 30 s on a busy machine.
  test.setTimeout(90_000);
  const org = await organization(`Festival ${ulid()}`);
  const staff = await staffSession('cases');
  const page = await pageWith(browser, staff.token, { javaScriptEnabled: false });
  await page.goto(`/fr/console/organismes/${org.orgId}`);
  const section = page.locator('section#cases');
  await expect(section.getByRole('heading', { name: 'Cases à cocher personnalisées' })).toBeVisible();
  await expect(section.getByText('Aucune case à cocher pour cet organisme.')).toBeVisible();

  const add = section.getByRole('region', { name: 'Ajouter une case à cocher' });
  await add.getByLabel('Texte de la case, en français').fill('Ajouter le t-shirt <i>du festival</i>');
  await add.getByLabel('Texte de la case, en anglais').fill('Add the festival T-shirt');
  await add.getByLabel('Prix ($)').fill('douze');
  await add.getByLabel('Les taxes s’ajoutent au prix').check();
  await add.getByRole('button', { name: 'Ajouter la case' }).click();
  // A price it cannot read: refused, what was typed kept.
  await expect(page.locator('.error-summary')).toContainText('Le prix doit être un montant en dollars');
  await expect(section.getByLabel('Texte de la case, en français')).toHaveValue(
    'Ajouter le t-shirt <i>du festival</i>',
  );
  expect(await listCustomCheckboxes(twinDeps(), { orgId: org.orgId })).toEqual([]);

  await section.getByLabel('Prix ($)').fill('12,50');
  await section.getByRole('button', { name: 'Ajouter la case' }).click();
  await expect(section.locator('p.notice')).toContainText('La case à cocher a été ajoutée.');
  const row = section.getByRole('row').filter({ hasText: 'Ajouter le t-shirt <i>du festival</i>' });
  await expect(row).toContainText('12,50');
  await expect(row).toContainText('plus taxes');
  await expect(row).toContainText('Offerte');
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: 'test-results/screenshots/console-checkboxes-1280.png', fullPage: true });
  let [box] = await listCustomCheckboxes(twinDeps(), { orgId: org.orgId });
  expect(box).toMatchObject({ priceCents: 1250, taxes: 'added', status: 'active', currency: 'CAD' });

  await row.getByRole('link', { name: /Modifier/ }).click();
  const edit = section.getByRole('region', { name: /Modifier la case/ });
  await expect(edit.getByLabel('Prix ($)')).toHaveValue('12,50');
  await edit.getByLabel('Texte de la case, en français').fill('Je veux recevoir l’infolettre');
  await edit.getByLabel('Texte de la case, en anglais').fill('I want the newsletter');
  await edit.getByLabel('Prix ($)').fill('');
  await edit.getByLabel('Offrir cette case à l’achat').uncheck();
  await edit.getByRole('button', { name: 'Enregistrer la case' }).click();
  await expect(section.locator('p.notice')).toContainText('La case à cocher a été enregistrée.');
  [box] = await listCustomCheckboxes(twinDeps(), { orgId: org.orgId });
  expect(box).toMatchObject({ labelFr: 'Je veux recevoir l’infolettre', status: 'paused', version: 2 });
  expect(box?.priceCents).toBeUndefined();
  const paused = section.getByRole('row').filter({ hasText: 'Je veux recevoir l’infolettre' });
  await expect(paused).toContainText('Gratuite');
  await expect(paused).toContainText('En pause');

  await paused.getByRole('button', { name: /Retirer/ }).click();
  await expect(section.locator('p.notice')).toContainText('La case à cocher a été retirée.');
  const withdrawn = section.getByRole('row').filter({ hasText: 'Je veux recevoir l’infolettre' });
  await expect(withdrawn).toContainText('Retirée le');
  await expect(withdrawn.getByRole('button', { name: /Retirer/ })).toHaveCount(0);
  expect(await offeredCustomCheckboxes(twinDeps(), { orgId: org.orgId })).toEqual([]);
  expect((await listCustomCheckboxes(twinDeps(), { orgId: org.orgId }))[0]?.status).toBe('withdrawn');
  await page.context().close();
});

test('ORG-09 TIX-05 ROLE-06 the organization’s own users cannot manage its checkboxes, and a box id of another organization reaches nothing', async ({
  request,
}) => {
  const a = await organization(`A ${ulid()}`);
  const b = await organization(`B ${ulid()}`);
  const staff = await staffSession('cases-b');
  const headers = (token: string) => ({
    cookie: `parvis_session=${token}`,
    origin: e2e.origin,
    accept: 'text/html',
  });
  const created = await request.post(`/fr/console/organismes/${b.orgId}?/saveCheckbox`, {
    headers: headers(staff.token),
    form: { labelFr: 'Infolettre', labelEn: 'Newsletter', taxes: 'included', active: 'on', position: '0' },
    maxRedirects: 0,
  });
  expect(created.status()).toBe(200);
  const [box] = await listCustomCheckboxes(twinDeps(), { orgId: b.orgId });
  expect(box?.labelFr).toBe('Infolettre');

  // B's own "Organisme" user: the console is staff-only.
  const member = await sessionFor(b.userId, { roles: [{ orgId: b.orgId, role: 'organisme' }] });
  const byMember = await request.post(`/fr/console/organismes/${b.orgId}?/withdrawCheckbox`, {
    headers: headers(member),
    form: { checkboxId: box?.checkboxId ?? '' },
    maxRedirects: 0,
  });
  expect(byMember.status()).toBe(403);
  // Staff on A's page with B's box id: not found there, B's box untouched.
  const crossed = await request.post(`/fr/console/organismes/${a.orgId}?/withdrawCheckbox`, {
    headers: headers(staff.token),
    form: { checkboxId: box?.checkboxId ?? '' },
    maxRedirects: 0,
  });
  expect(crossed.status()).toBe(404);
  expect((await listCustomCheckboxes(twinDeps(), { orgId: b.orgId }))[0]).toMatchObject({
    status: 'active',
    version: 1,
  });
});

test('ORG-03 ORG-09 staff rename an organization from its console page with the profile form', async ({
  browser,
}) => {
  const org = await organization(`Coopérative ${ulid()}`);
  const staff = await staffSession('profil');
  const page = await pageWith(browser, staff.token);
  await page.goto(`/fr/console/organismes/${org.orgId}`);
  const profile = page.locator('section#profil');
  const renamed = `Coopérative Paradis ${ulid()}`;
  await profile.getByLabel('Nom de l’organisme').fill(renamed);
  await profile.getByLabel('Site Web').fill('https://paradis.example/');
  await profile.getByRole('button', { name: 'Enregistrer le profil' }).click();
  await expect(profile.locator('p.notice')).toContainText('Le profil a été enregistré.');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(renamed);
  expect(await getOrganizationProfile(twinDeps(), { orgId: org.orgId })).toMatchObject({
    name: renamed,
    websiteUrl: 'https://paradis.example/',
    version: 1,
  });
  expect((await listOrganizations(twinDeps())).find((entry) => entry.orgId === org.orgId)?.name).toBe(
    renamed,
  );
  await page.context().close();
});
