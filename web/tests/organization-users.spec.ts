import { expect, test } from '@playwright/test';
import { ulid } from 'ulid';
import { createAccount } from '../../shared/identity/log-in';
import { createOrganization, listMembers } from '../../shared/identity/members';
import { e2e } from './support/e2e';
import { mailTo, sessionFor, twinDeps, waitFor } from './support/twin';

/** ORG-08: an organization manages its own users from its portal; the scope is the session's. */

async function organizationWithOwner(name: string) {
  const deps = twinDeps();
  const email = `owner+${ulid().toLowerCase()}@example.org`;
  await createAccount(deps, { email, password: 'correct horse battery staple' });
  const org = await createOrganization(deps, {
    name,
    firstMember: { email, displayName: `Responsable ${name}`, locale: 'fr' },
    actorUserId: 'staff-e2e',
  });
  const token = await sessionFor(org.userId, { roles: [{ orgId: org.orgId, role: 'organisme' }] });
  return { ...org, token };
}

test('ORG-08 an organization adds a chat moderator, who gets an invitation, then removes them', async ({
  page,
  context,
}) => {
  const org = await organizationWithOwner(`Théâtre ${ulid()}`);
  await context.addCookies([{ name: 'parvis_session', value: org.token, url: e2e.origin }]);
  await page.goto('/fr/organisme/utilisateurs');
  await expect(page.getByRole('heading', { name: 'Utilisateurs de l’organisme' })).toBeVisible();

  const email = `modo+${ulid().toLowerCase()}@example.org`;
  const add = page.locator('form[action="?/add"]');
  await add.getByLabel('Nom complet').fill('Camille <b>Roy</b>');
  await add.getByLabel('Adresse courriel').fill(email);
  await add.getByLabel('Rôle').selectOption('moderator');
  await add.getByRole('button', { name: 'Ajouter' }).click();
  const notice = page.locator('p.notice');
  await expect(notice).toContainText('Invitation envoyée');
  // Stored and shown as text, never as markup.
  await expect(page.getByText('Camille <b>Roy</b>')).toBeVisible();

  const mail = await waitFor(async () => (await mailTo(email)).at(0), 30_000);
  expect(mail.text).toContain('/fr/compte/activer?jeton=');

  const members = await listMembers(twinDeps(), { orgId: org.orgId });
  const added = members.find((member) => member.email === email);
  expect(added?.role).toBe('moderator');
  const row = page.getByRole('listitem').filter({ hasText: email });
  await row
    .getByRole('form', { name: 'Retirer Camille <b>Roy</b> de l’organisme' })
    .getByRole('button')
    .click();
  await expect(notice).toContainText('retiré');
  expect((await listMembers(twinDeps(), { orgId: org.orgId })).map((m) => m.email)).not.toContain(email);
});

test('ORG-08 ROLE-06 a forged user id from another organization changes nothing there', async ({
  request,
}) => {
  const a = await organizationWithOwner(`A ${ulid()}`);
  const b = await organizationWithOwner(`B ${ulid()}`);
  const before = await listMembers(twinDeps(), { orgId: b.orgId });
  const response = await request.post('/fr/organisme/utilisateurs?/remove', {
    // A browser's form post (without JavaScript): the answer is the page, with the action's status.
    headers: { cookie: `parvis_session=${a.token}`, origin: e2e.origin, accept: 'text/html' },
    form: { userId: b.userId },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(404);
  expect(await listMembers(twinDeps(), { orgId: b.orgId })).toEqual(before);
  // Choosing the other organization by its id in the URL is refused too.
  const other = await request.get(`/fr/organisme/utilisateurs?organisme=${b.orgId}`, {
    headers: { cookie: `parvis_session=${a.token}` },
    maxRedirects: 0,
  });
  expect(other.status()).toBe(403);
});
