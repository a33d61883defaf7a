import { type Browser, expect, type Page, test } from '@playwright/test';
import { ulid } from 'ulid';
import { createPaymentDeps } from '../../shared/adapters/payment-deps';
import { createAccount } from '../../shared/identity/log-in';
import { createOrganization } from '../../shared/identity/members';
import { cancelRegistration } from '../../shared/orders/cancel-order';
import { startCheckout } from '../../shared/orders/start-checkout';
import { listTicketTypes, saveTicketType } from '../../shared/ticketing/ticket-types';
import { saveTicketingSettings } from '../../shared/ticketing/ticketing-settings';
import { e2e } from './support/e2e';
import { e2eTwin, sessionFor, twinDeps } from './support/twin';

/**
 * The waiting list's pages (TIX-15), against the built site and its twin: a visitor joins the list
 * of a sold-out free category (a second join with the same address is refused in words, without
 * JavaScript too); a registration is cancelled, the first person gets the offer, opens its link,
 * confirms with the form the page fills in, and the seats are theirs; the next person leaves with
 * the confirmation's link. Screenshots: docs/screenshots/waiting-list-*.png.
 */

async function soldOutEvent() {
  const deps = twinDeps();
  const tag = ulid().slice(-8);
  const email = `attente+${ulid().toLowerCase()}@example.org`;
  await createAccount(deps, { email, password: 'correct horse battery staple' });
  const org = await createOrganization(deps, {
    name: `Théâtre ${tag}`,
    firstMember: { email, displayName: `Caisse ${tag}`, locale: 'fr' },
    actorUserId: 'staff-e2e',
  });
  const organizer = { userId: org.userId, orgId: org.orgId, staff: false };
  const eventId = ulid();
  const now = new Date();
  const startsAt = new Date(now.getTime() + 20 * 86_400_000);
  const slug = `atelier-${eventId.toLowerCase()}`;
  await deps.db.calendar.entities.event
    .create({
      eventId,
      orgId: org.orgId,
      presenterOrgId: org.orgId,
      status: 'published',
      version: 1,
      title: `Lecture publique ${tag}`,
      slug,
      venueIds: [],
      categoryIds: [],
      audienceIds: [],
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 2 * 3_600_000).toISOString(),
      showTime: true,
      timeZone: 'America/Toronto',
      publishedAt: now.toISOString(),
      createdAt: now.toISOString(),
      createdBy: org.userId,
      updatedAt: now.toISOString(),
      updatedBy: org.userId,
    })
    .go();
  await deps.db.calendar.entities.slugGuard.create({ slug, eventId, at: now.toISOString() }).go();
  const { ticketTypeId } = await saveTicketType(deps, {
    actor: organizer,
    eventId,
    fields: {
      nameFr: 'Entrée libre',
      nameEn: 'Free entry',
      priceCents: 0,
      taxes: 'included',
      quantity: 2,
      perPersonMax: 2,
      position: 0,
    },
  });
  await saveTicketingSettings(deps, {
    actor: organizer,
    eventId,
    expectedVersion: 0,
    fields: { enabled: true, pickUpAtVenue: false, waitingList: true },
  });
  const registration = await startCheckout(
    { ...deps, ...createPaymentDeps(e2eTwin().env) },
    {
      eventId,
      lines: [{ ticketTypeId, quantity: 2 }],
      buyer: { name: 'Première Personne', email: `premiere+${tag.toLowerCase()}@example.org` },
      locale: 'fr',
      checkoutKey: `wait-${ulid()}`,
    },
  );
  return { eventId, slug, ticketTypeId, registration, organizer };
}

async function pageWith(
  browser: Browser,
  options: { width?: number; javaScriptEnabled?: boolean } = {},
): Promise<Page> {
  const context = await browser.newContext({
    baseURL: e2e.origin,
    viewport: { width: options.width ?? 1280, height: 900 },
    javaScriptEnabled: options.javaScriptEnabled ?? true,
  });
  return context.newPage();
}

/** The link of the last queued e-mail of `templateId` to `to` (the outbox, before any sending). */
async function linkIn(to: string, templateId: 'waitlist.joined' | 'waitlist.offer'): Promise<string> {
  const { data } = await twinDeps()
    .db.comms.entities.outboundMessage.query.byRecipient({ recipientKey: `email:${to}` })
    .go({ hydrate: true });
  const mail = data.filter((message) => message.templateId === templateId).at(-1);
  const fields = (mail?.data ?? {}) as { offerUrl?: string; leaveUrl?: string };
  const url = fields.offerUrl ?? fields.leaveUrl;
  if (!url) throw new Error(`no ${templateId} e-mail to ${to}`);
  return new URL(url).pathname;
}

async function join(page: Page, who: { name: string; email: string; quantity: string }) {
  await page.getByLabel('Nom', { exact: true }).fill(who.name);
  await page.getByLabel('Adresse courriel').fill(who.email);
  await page.getByLabel('Nombre de places').fill(who.quantity);
  await page.getByRole('button', { name: 'M’inscrire sur la liste d’attente' }).click();
}

test.describe('TIX-15 waiting list', () => {
  test('TIX-15 join a sold-out list, get the offer when a registration is cancelled, take it; the next leaves', async ({
    browser,
  }) => {
    const event = await soldOutEvent();
    const first = {
      name: 'Amélie Gagnon',
      email: `amelie+${ulid().toLowerCase()}@example.org`,
      quantity: '2',
    };
    const second = { name: 'Louis Roy', email: `louis+${ulid().toLowerCase()}@example.org`, quantity: '1' };

    const page = await pageWith(browser, { width: 390 });
    await page.goto(`/fr/evenements/${event.slug}/liste-attente`);
    await expect(page.getByRole('heading', { level: 1, name: 'Liste d’attente' })).toBeVisible();
    await join(page, first);
    await expect(page.getByRole('status')).toContainText(
      'vous êtes sur la liste d’attente de « Entrée libre »',
    );
    await page.screenshot({ path: 'docs/screenshots/waiting-list-join-390.png', fullPage: true });

    // The same address again, without JavaScript: refused in words, the field marked.
    const plain = await pageWith(browser, { javaScriptEnabled: false });
    await plain.goto(`/fr/evenements/${event.slug}/liste-attente`);
    await join(plain, { ...first, quantity: '1' });
    await expect(plain.getByText('est déjà sur la liste d’attente').first()).toBeVisible();
    await expect(plain.getByLabel('Adresse courriel')).toHaveAttribute('aria-invalid', 'true');
    await plain.screenshot({ path: 'docs/screenshots/waiting-list-already-1280.png', fullPage: true });
    await join(plain, second);
    await expect(plain.getByRole('status')).toContainText('1 place(s)');

    // The organizer sees how many wait for the category on the « Billetterie » tab.
    const token = await sessionFor(event.organizer.userId, {
      roles: [{ orgId: event.organizer.orgId, role: 'organisme' }],
    });
    const tab = await browser.newContext({ baseURL: e2e.origin });
    await tab.addCookies([{ name: 'parvis_session', value: token, url: e2e.origin }]);
    const organizerPage = await tab.newPage();
    await organizerPage.goto(`/fr/organisme/evenements/${event.eventId}/billetterie`);
    await expect(organizerPage.getByRole('row', { name: /Entrée libre/ })).toContainText(
      'Liste d’attente : 2',
    );
    await tab.close();

    // The registration is cancelled: its two seats are offered to the first person.
    await cancelRegistration(twinDeps(), {
      orderId: event.registration.orderId,
      accessToken: event.registration.accessToken ?? '',
    });
    const offer = await linkIn(first.email, 'waitlist.offer');
    expect(offer).toMatch(/^\/fr\/liste-attente\/offre\/[A-Za-z0-9_-]{43}$/);
    await page.goto(offer);
    await expect(
      page.getByRole('heading', { level: 1, name: 'Des places vous sont réservées' }),
    ).toBeVisible();
    await expect(page.getByText('Entrée libre')).toBeVisible();
    await expect(page.getByText('Réservées jusqu’au')).toBeVisible();
    await expect(page.getByLabel('Adresse courriel')).toHaveValue(first.email);
    await page.screenshot({ path: 'docs/screenshots/waiting-list-offer-390.png', fullPage: true });
    const wide = await pageWith(browser);
    await wide.goto(offer);
    await wide.screenshot({ path: 'docs/screenshots/waiting-list-offer-1280.png', fullPage: true });

    await page.getByRole('button', { name: 'Confirmer mon inscription' }).click();
    await expect(page).toHaveURL(/\/fr\/commandes\/[0-9A-Z]+/);
    const counts = (await listTicketTypes(twinDeps(), { eventId: event.eventId, consistent: true }))
      .ticketTypes[0];
    expect([counts?.remaining, counts?.held, counts?.sold]).toEqual([0, 0, 2]);
    await page.goto(offer);
    await expect(page.getByText('Cette offre a été utilisée')).toBeVisible();

    // The second person leaves with the confirmation's link.
    const leave = await linkIn(second.email, 'waitlist.joined');
    await plain.goto(leave);
    await expect(plain.getByRole('heading', { level: 1, name: 'Quitter la liste d’attente' })).toBeVisible();
    await plain.getByRole('button', { name: 'Quitter la liste d’attente' }).click();
    await expect(plain.getByRole('status')).toContainText('Vous avez quitté la liste d’attente');
    await plain.goto(leave);
    await expect(plain.getByText('Cette inscription n’est plus sur la liste d’attente.')).toBeVisible();
  });

  test('TIX-15 made-up offer and leave links are « Page introuvable » (404)', async ({ browser }) => {
    const page = await pageWith(browser);
    for (const kind of ['offre', 'quitter']) {
      const answer = await page.goto(`/fr/liste-attente/${kind}/${'x'.repeat(43)}`);
      expect(answer?.status()).toBe(404);
      await expect(page.getByRole('heading', { level: 1, name: 'Page introuvable' })).toBeVisible();
    }
  });
});
