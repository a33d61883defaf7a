import { type Browser, expect, type Page, test } from '@playwright/test';
import { ulid } from 'ulid';
import { ticketSignerFromEnv } from '../../shared/adapters/secrets-manager';
import { writeTicket } from '../../shared/entry/ticket-fixtures.test-support';
import { createAccount } from '../../shared/identity/log-in';
import { createOrganization } from '../../shared/identity/members';
import { saveTicketType } from '../../shared/ticketing/ticket-types';
import { e2e } from './support/e2e';
import { e2eTwin, sessionFor, twinDeps } from './support/twin';

/**
 * TIX-12: the door-scanning app on a phone-sized screen, against the built site and its twin: the
 * manual entry without JavaScript (a plain form post) and with it, the answers' screens, and the
 * offline mode (list downloaded, tickets checked on the phone, scans queued, uploaded once the
 * network is back, the conflict with another phone shown). Screenshots: docs/screenshots/scanner-*.png.
 */

const phone = { width: 390, height: 844 };

async function organizationWithEvent(name: string) {
  const deps = twinDeps();
  const email = `door+${ulid().toLowerCase()}@example.org`;
  await createAccount(deps, { email, password: 'correct horse battery staple' });
  const org = await createOrganization(deps, {
    name,
    firstMember: { email, displayName: `Portier ${name}`, locale: 'fr' },
    actorUserId: 'staff-e2e',
  });
  // An existing account keeps its own display name: the door shows it (« par … »).
  await deps.db.identity.entities.account
    .patch({ userId: org.userId })
    .set({ displayName: `Portier ${name}` })
    .go();
  const eventId = ulid();
  const now = new Date();
  const startsAt = new Date(now.getTime() + 2 * 3_600_000);
  await deps.db.calendar.entities.event
    .create({
      eventId,
      orgId: org.orgId,
      presenterOrgId: org.orgId,
      status: 'draft',
      version: 1,
      title: `Concert ${name}`,
      slug: `concert-${eventId.toLowerCase()}`,
      venueIds: [],
      categoryIds: [],
      audienceIds: [],
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 7_200_000).toISOString(),
      showTime: true,
      timeZone: 'America/Toronto',
      createdAt: now.toISOString(),
      createdBy: org.userId,
      updatedAt: now.toISOString(),
      updatedBy: org.userId,
    })
    .go();
  const { ticketTypeId } = await saveTicketType(deps, {
    actor: { userId: org.userId, orgId: org.orgId },
    eventId,
    fields: {
      nameFr: 'Étudiant',
      nameEn: 'Student',
      priceCents: 1500,
      taxes: 'included',
      quantity: 50,
      perPersonMax: 4,
    },
  });
  const token = await sessionFor(org.userId, { roles: [{ orgId: org.orgId, role: 'organisme' }] });
  const signer = ticketSignerFromEnv(e2eTwin().env);
  const ticket = (status: 'valid' | 'cancelled' = 'valid') =>
    writeTicket(deps, signer, { eventId, ticketTypeId }, { status });
  return { ...org, eventId, token, ticket, displayName: `Portier ${name}` };
}

async function phoneWith(browser: Browser, token: string, javaScriptEnabled = true): Promise<Page> {
  const context = await browser.newContext({
    baseURL: e2e.origin,
    viewport: phone,
    javaScriptEnabled,
    permissions: [],
  });
  await context.addCookies([{ name: 'parvis_session', value: token, url: e2e.origin }]);
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  return page;
}

const door = (eventId: string) => `/fr/organisme/portes/${eventId}`;

test.describe('TIX-12 door scanning', () => {
  test('TIX-12 manual entry without JavaScript: « Valide », then « Déjà utilisé le … par … », « Annulé », « Billet inconnu »', async ({
    browser,
  }) => {
    const org = await organizationWithEvent('Sans JS');
    const valid = await org.ticket();
    const cancelled = await org.ticket('cancelled');
    const page = await phoneWith(browser, org.token, false);
    await page.goto(door(org.eventId));
    await expect(page.getByRole('heading', { name: 'Contrôle des billets' })).toBeVisible();

    await page.getByLabel('Code du billet').fill(valid.token);
    await page.getByRole('button', { name: 'Vérifier' }).click();
    const answer = page.locator('#door-result .door-answer');
    await expect(answer).toHaveAttribute('data-result', 'valid');
    await expect(answer).toContainText('Valide');
    await expect(answer).toContainText('Catégorie : Étudiant');
    await page.screenshot({ path: 'docs/screenshots/scanner-valid.png', fullPage: false });

    await page.getByLabel('Code du billet').fill(valid.token);
    await page.getByRole('button', { name: 'Vérifier' }).click();
    await expect(answer).toHaveAttribute('data-result', 'alreadyUsed');
    await expect(answer).toContainText(`Déjà utilisé le`);
    await expect(answer).toContainText(`par ${org.displayName}`);
    await page.screenshot({ path: 'docs/screenshots/scanner-already-used.png', fullPage: false });

    await page.getByLabel('Code du billet').fill(cancelled.token);
    await page.getByRole('button', { name: 'Vérifier' }).click();
    await expect(answer).toHaveAttribute('data-result', 'cancelled');
    await expect(answer).toContainText('Annulé');

    await page.getByLabel('Code du billet').fill('pas-un-billet');
    await page.getByRole('button', { name: 'Vérifier' }).click();
    await expect(answer).toHaveAttribute('data-result', 'unknown');
    await expect(answer).toContainText('Billet inconnu');
    await page.screenshot({ path: 'docs/screenshots/scanner-unknown.png', fullPage: false });

    const scans = await twinDeps()
      .db.entry.entities.scan.query.byEvent({ eventId: org.eventId })
      .go({ pages: 'all' });
    expect(scans.data).toHaveLength(4);
    await page.context().close();
  });

  test('TIX-12 manual entry with JavaScript answers in place; another organization’s member gets no door', async ({
    browser,
  }) => {
    const org = await organizationWithEvent('Avec JS');
    const valid = await org.ticket();
    const page = await phoneWith(browser, org.token);
    await page.goto(door(org.eventId));
    await expect(page.locator('#door-status')).toHaveText('En ligne');
    await expect(page.locator('#door-list-state')).toContainText('1 billets');
    const url = page.url();
    await page.getByLabel('Code du billet').fill(valid.token);
    await page.getByRole('button', { name: 'Vérifier' }).click();
    const answer = page.locator('#door-result .door-answer');
    await expect(answer).toHaveAttribute('data-result', 'valid');
    expect(page.url()).toBe(url);
    await expect(page.getByLabel('Code du billet')).toHaveValue('');
    await page.getByLabel('Code du billet').fill(valid.token);
    await page.getByRole('button', { name: 'Vérifier' }).click();
    await expect(answer).toHaveAttribute('data-result', 'alreadyUsed');
    await expect(answer).toContainText(`par ${org.displayName}`);

    const other = await organizationWithEvent('Voisin');
    const response = await page.request.get(door(other.eventId));
    expect(response.status()).toBe(404);
    await page.context().close();
  });

  test('TIX-12 offline: the phone checks tickets alone, queues the scans, uploads them and shows the conflict', async ({
    browser,
  }) => {
    const org = await organizationWithEvent('Hors ligne');
    const [first, second, shared] = [await org.ticket(), await org.ticket(), await org.ticket()];
    const cancelled = await org.ticket('cancelled');
    const page = await phoneWith(browser, org.token);
    await page.goto(door(org.eventId));
    await expect(page.locator('#door-list-state')).toContainText('4 billets');

    await page.context().setOffline(true);
    await expect(page.locator('#door-status')).toHaveText('Hors ligne');
    const answer = page.locator('#door-result .door-answer');
    const enter = async (token: string) => {
      await page.getByLabel('Code du billet').fill(token);
      await page.getByRole('button', { name: 'Vérifier' }).click();
    };
    await enter(first.token);
    await expect(answer).toHaveAttribute('data-result', 'valid');
    await expect(answer).toContainText('Vérifié hors ligne');
    await enter(first.token);
    await expect(answer).toHaveAttribute('data-result', 'alreadyUsed');
    await expect(answer).toContainText('par cet appareil');
    await enter(cancelled.token);
    await expect(answer).toHaveAttribute('data-result', 'cancelled');
    // An altered token fails the signature on the phone itself.
    await enter(`${second.token.slice(0, -3)}${second.token.endsWith('AAA') ? 'BAA' : 'AAA'}`);
    await expect(answer).toHaveAttribute('data-result', 'unknown');
    await enter(shared.token);
    await expect(answer).toHaveAttribute('data-result', 'valid');
    await expect(page.locator('#door-queue')).toHaveText('Lectures en attente d’envoi : 5');
    await page.screenshot({ path: 'docs/screenshots/scanner-offline.png', fullPage: true });
    // Nothing reached the server while offline.
    const before = await twinDeps()
      .db.orders.entities.ticket.get({ orderId: first.orderId, ticketId: first.ticketId })
      .go();
    expect(before.data?.usedAt).toBeUndefined();

    // Meanwhile another phone, online, let the shared ticket in.
    const otherPhone = await phoneWith(browser, org.token);
    await otherPhone.goto(door(org.eventId));
    await otherPhone.getByLabel('Code du billet').fill(shared.token);
    await otherPhone.getByRole('button', { name: 'Vérifier' }).click();
    await expect(otherPhone.locator('#door-result .door-answer')).toHaveAttribute('data-result', 'valid');
    await otherPhone.context().close();

    await page.context().setOffline(false);
    await expect(page.locator('#door-status')).toHaveText('En ligne');
    await expect(page.locator('#door-queue')).toHaveText('Lectures en attente d’envoi : 0');
    await expect(page.locator('#door-conflicts')).toContainText('Billets admis deux fois : 1');
    await expect(page.locator('#door-conflicts')).toContainText(shared.ticketId.slice(-8));
    await page.screenshot({ path: 'docs/screenshots/scanner-conflict.png', fullPage: true });

    const after = await twinDeps()
      .db.orders.entities.ticket.get({ orderId: first.orderId, ticketId: first.ticketId })
      .go();
    expect(after.data?.usedAt).toBeTruthy();
    const scans = await twinDeps()
      .db.entry.entities.scan.query.byEvent({ eventId: org.eventId })
      .go({ pages: 'all' });
    expect(scans.data).toHaveLength(6);
    expect(scans.data.filter((scan) => scan.conflictWith)).toHaveLength(2);

    // The organizer's history lists the conflict.
    await page.goto(`${door(org.eventId)}/historique`);
    await expect(page.getByRole('heading', { name: 'Billets admis deux fois' })).toBeVisible();
    await expect(page.locator('tbody tr')).toHaveCount(6);
    await page.screenshot({ path: 'docs/screenshots/scanner-history.png', fullPage: true });
    await page.context().close();
  });
});
