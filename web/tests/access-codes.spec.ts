import { type Browser, expect, type Page, test } from '@playwright/test';
import { ulid } from 'ulid';
import { createPaymentDeps } from '../../shared/adapters/payment-deps';
import { createAccount } from '../../shared/identity/log-in';
import { createOrganization } from '../../shared/identity/members';
import { startCheckout } from '../../shared/orders/start-checkout';
import { saveTicketType } from '../../shared/ticketing/ticket-types';
import { saveTicketingSettings } from '../../shared/ticketing/ticketing-settings';
import { e2e } from './support/e2e';
import { e2eTwin, mailTo, sessionFor, twinDeps, waitFor } from './support/twin';

/**
 * TIX-13: an online event's « Code d'accès » page, against the built site and its twin: a viewer
 * pastes the code of their ticket and gets the broadcast's link; a second browser (another device)
 * is refused in words while the first is bound; « Assistance technique » writes to the organization
 * through the SES twin; all of it without JavaScript too; the page is never cached; screenshots at
 * 390 and 1280 px.
 */

const broadcast = 'https://www.youtube.com/watch?v=parvis-acces';

/** An organization with a contact address, its published online event, a free registration's codes. */
async function onlineRegistration(quantity = 1) {
  const deps = twinDeps();
  const email = `acces+${ulid().toLowerCase()}@example.org`;
  await createAccount(deps, { email, password: 'correct horse battery staple' });
  const org = await createOrganization(deps, {
    name: `Diffusion ${ulid().slice(-6)}`,
    firstMember: { email, displayName: 'Responsable', locale: 'fr' },
    actorUserId: 'staff-e2e',
  });
  const contactEmail = `contact.${ulid().toLowerCase()}@example.org`;
  await deps.db.identity.entities.organization.patch({ orgId: org.orgId }).set({ contactEmail }).go();
  const eventId = ulid();
  const at = new Date();
  const startsAt = new Date(at.getTime() + 20 * 86_400_000).toISOString();
  await deps.db.calendar.entities.event
    .create({
      eventId,
      orgId: org.orgId,
      presenterOrgId: org.orgId,
      status: 'published',
      version: 1,
      title: `Concert en ligne ${eventId.slice(-6)}`,
      slug: `concert-en-ligne-${eventId.toLowerCase()}`,
      venueIds: [],
      categoryIds: [],
      audienceIds: [],
      startsAt,
      endsAt: startsAt,
      showTime: true,
      timeZone: 'America/Toronto',
      online: true,
      onlineUrl: broadcast,
      publishedAt: at.toISOString(),
      createdAt: at.toISOString(),
      createdBy: org.userId,
      updatedAt: at.toISOString(),
      updatedBy: org.userId,
    })
    .go();
  const actor = { userId: org.userId, orgId: org.orgId, staff: false };
  const { ticketTypeId } = await saveTicketType(deps, {
    actor,
    eventId,
    fields: {
      nameFr: 'Accès',
      nameEn: 'Access',
      priceCents: 0,
      taxes: 'included',
      quantity: 50,
      perPersonMax: 5,
    },
  });
  await saveTicketingSettings(deps, { actor, eventId, expectedVersion: 0, fields: { enabled: true } });
  const buyerEmail = `amelie.${ulid().toLowerCase()}@example.org`;
  const started = await startCheckout(
    { ...deps, ...createPaymentDeps(e2eTwin().env) },
    {
      eventId,
      lines: [{ ticketTypeId, quantity }],
      buyer: { name: 'Amélie Tremblay', email: buyerEmail },
      locale: 'fr',
      checkoutKey: crypto.randomUUID(),
    },
  );
  const { data } = await deps.db.orders.entities.ticket.query
    .byOrder({ orderId: started.orderId })
    .go({ consistent: true });
  const codes = data.map((ticket) => ticket.accessCode ?? '');
  expect(codes.every((code) => /^[2-9A-Z]{4}-[2-9A-Z]{4}$/.test(code))).toBe(true);
  return {
    eventId,
    codes,
    contactEmail,
    orgId: org.orgId,
    ownerUserId: org.userId,
    orderId: started.orderId,
    buyerEmail,
    ticketIds: data.map((ticket) => ticket.ticketId),
  };
}

async function viewer(browser: Browser, options: { width?: number; javaScriptEnabled?: boolean } = {}) {
  const context = await browser.newContext({
    baseURL: e2e.origin,
    viewport: { width: options.width ?? 1280, height: 900 },
    javaScriptEnabled: options.javaScriptEnabled ?? true,
  });
  const page = await context.newPage();
  page.on('dialog', (dialog) => {
    throw new Error(`a dialog opened: ${dialog.message()}`);
  });
  return page;
}

const accessPage = (eventId: string) => `/fr/acces/${eventId}`;

async function enter(page: Page, code: string) {
  await page.getByLabel('Code d’accès', { exact: false }).first().fill(code);
  await page.getByRole('button', { name: 'Accéder à la diffusion' }).click();
}

for (const javaScriptEnabled of [true, false]) {
  const how = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';
  test(`TIX-13 a code opens the broadcast's link; another device is refused in words while it is bound (${how})`, async ({
    browser,
  }) => {
    test.setTimeout(120_000);
    const { eventId, codes } = await onlineRegistration();
    const code = codes[0] ?? '';
    const first = await viewer(browser, { javaScriptEnabled });
    const response = await first.goto(accessPage(eventId));
    expect(response?.headers()['cache-control']).toContain('no-store');
    const cookie = (await first.context().cookies()).find((entry) => entry.name === 'parvis_device');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    expect(cookie?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await expect(first.getByRole('heading', { name: 'Accéder à la diffusion' })).toBeVisible();

    // A wrong code: refused in words, next to the field.
    await enter(first, 'K7QF-2M9X');
    await expect(first.locator('.error-summary')).toContainText('n’existe pas pour cet événement');

    // The code as pasted from the ticket, lower-cased and spaced: accepted.
    await enter(first, ` ${code.toLowerCase().replace('-', ' ')} `);
    await expect(first.getByRole('heading', { name: 'Votre code est accepté' })).toBeVisible();
    await expect(first.getByRole('link', { name: 'Ouvrir la diffusion' })).toHaveAttribute('href', broadcast);
    await expect(first.getByText(/réservé à cet appareil jusqu’au/)).toBeVisible();

    // Another browser is another device: refused while the first is bound.
    const second = await viewer(browser, { javaScriptEnabled });
    await second.goto(accessPage(eventId));
    await enter(second, code);
    await expect(second.locator('.error-summary')).toContainText(
      'Ce code est déjà utilisé sur un autre appareil.',
    );
    await expect(second.getByRole('link', { name: 'Ouvrir la diffusion' })).toHaveCount(0);

    // The first device comes back: still in.
    await first.goto(accessPage(eventId));
    await enter(first, code);
    await expect(first.getByRole('link', { name: 'Ouvrir la diffusion' })).toBeVisible();
    await first.context().close();
    await second.context().close();
  });
}

test('TIX-13 « Assistance technique » writes to the organization through the SES twin, the code and message included (without JavaScript)', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const { eventId, codes, contactEmail } = await onlineRegistration();
  const page = await viewer(browser, { javaScriptEnabled: false });
  await page.goto(accessPage(eventId));
  const help = page.locator('#assistance');
  // Sent empty: every required field says so.
  await help.getByRole('button', { name: 'Envoyer la demande d’assistance' }).click();
  await expect(page.locator('#assistance .error-summary')).toBeVisible();
  await expect(page.locator('#assistance')).toContainText('Votre nom');

  const since = new Date();
  const viewerEmail = `spectateur.${ulid().toLowerCase()}@example.org`;
  await page.getByLabel('Votre nom').fill('Amélie Tremblay');
  await page.getByLabel('Votre adresse courriel').fill(viewerEmail);
  await page.getByLabel(/Votre code d’accès/).fill(codes[0] ?? '');
  await page.getByLabel(/Votre message/).fill('Le code est refusé <b>sur ma tablette</b>.');
  await page.getByRole('button', { name: 'Envoyer la demande d’assistance' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'Votre demande d’assistance est envoyée' }),
  ).toBeVisible();

  const mail = await waitFor(async () => (await mailTo(contactEmail, since))[0], 60_000);
  expect(mail?.subject).toContain('Assistance technique');
  expect(mail?.text).toContain(codes[0] ?? '');
  expect(mail?.text).toContain(viewerEmail);
  expect(mail?.text).toContain('Le code est refusé <b>sur ma tablette</b>.');
  expect(mail?.html).not.toContain('<b>sur ma tablette</b>');
  await page.context().close();
});

test('TIX-13 TIX-14 the organizer resets a ticket’s code from the order: the old code is refused, the buyer is mailed the new one', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const { eventId, codes, orgId, ownerUserId, orderId, buyerEmail } = await onlineRegistration();
  const token = await sessionFor(ownerUserId, { roles: [{ orgId, role: 'organisme' }] });
  const context = await browser.newContext({ baseURL: e2e.origin, viewport: { width: 1280, height: 900 } });
  await context.addCookies([{ name: 'parvis_session', value: token, url: e2e.origin }]);
  const organizer = await context.newPage();
  await organizer.goto(`/fr/organisme/commandes/${orderId}`);
  const row = organizer.getByRole('row', { name: new RegExp(codes[0] ?? 'none') });
  await expect(row).toContainText(codes[0] ?? '');
  const since = new Date();
  await row.getByRole('button', { name: 'Réinitialiser le code' }).click();
  const status = organizer.getByRole('status').filter({ hasText: /[2-9A-Z]{4}-[2-9A-Z]{4}/ });
  await expect(status).toBeVisible();
  const fresh = /([2-9A-Z]{4}-[2-9A-Z]{4})/.exec((await status.textContent()) ?? '')?.[1] ?? '';
  expect(fresh).not.toBe(codes[0]);
  await expect(organizer.getByRole('table', { name: 'Billets de la commande' })).toContainText(fresh);
  await context.close();

  // The registration's own confirmation may still be on its way: pick the new code's e-mail.
  const mail = await waitFor(
    async () =>
      (await mailTo(buyerEmail, since)).find((sent) => sent.subject.includes('Votre nouveau code d’accès')),
    60_000,
  );
  expect(mail?.text).toContain(fresh);

  const page = await viewer(browser);
  await page.goto(accessPage(eventId));
  await enter(page, codes[0] ?? '');
  await expect(page.locator('.error-summary')).toContainText('n’existe pas pour cet événement');
  await enter(page, fresh);
  await expect(page.getByRole('link', { name: 'Ouvrir la diffusion' })).toHaveAttribute('href', broadcast);
  await page.context().close();
});

test('TIX-13 an unknown or not-online event has no access page', async ({ request }) => {
  const response = await request.get(accessPage('unknown-event'));
  expect(response.status()).toBe(404);
});

test('TIX-13 PLAT-01 the access page fits 390 and 1280 px (screenshots in docs/screenshots)', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const { eventId, codes } = await onlineRegistration(4);
  for (const [index, width] of [390, 1280].entries()) {
    const page = await viewer(browser, { width });
    await page.goto(accessPage(eventId));
    await page.screenshot({ path: `docs/screenshots/access-code-${width}.png`, fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await enter(page, codes[index] ?? '');
    await expect(page.getByRole('link', { name: 'Ouvrir la diffusion' })).toBeVisible();
    await page.screenshot({ path: `docs/screenshots/access-code-granted-${width}.png`, fullPage: true });
    // Another device on a code this one holds: the refusal as that viewer sees it.
    await page.goto(accessPage(eventId));
    await enter(page, codes[index + 2] ?? '');
    await expect(page.getByRole('link', { name: 'Ouvrir la diffusion' })).toBeVisible();
    const other = await viewer(browser, { width });
    await other.goto(accessPage(eventId));
    await enter(other, codes[index + 2] ?? '');
    await expect(other.locator('.error-summary')).toBeVisible();
    expect(await other.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await other.screenshot({ path: `docs/screenshots/access-code-refused-${width}.png`, fullPage: true });
    await other.context().close();
    await page.context().close();
  }
});
