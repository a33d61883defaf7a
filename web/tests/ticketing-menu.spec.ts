import { expect, type Page, test } from '@playwright/test';
import { ulid } from 'ulid';
import { approveEvent, submitForApproval } from '../../shared/calendar/approval';
import { saveEvent } from '../../shared/calendar/save-event';
import { ticketingMenuEvents } from '../../shared/calendar/ticketing-menu';
import { createAccount } from '../../shared/identity/log-in';
import { createOrganization } from '../../shared/identity/members';
import { saveTicketType, withdrawTicketType } from '../../shared/ticketing/ticket-types';
import { saveTicketingSettings } from '../../shared/ticketing/ticketing-settings';
import { e2e } from './support/e2e';
import { croppedImage, twinDeps } from './support/twin';

/**
 * CAL-08: the main menu's « Billetterie / Inscriptions » and its page, against the built site and
 * its twin. The entry is always in the menu (the seed's section, with its « Passes » tab); the page
 * lists an event as soon as it sells or registers on Parvis (the calendar projection's
 * `onPlatformTicketing`; shared/calendar/ticketing-menu.test.ts proves the rule on a table of its
 * own). The browser tests share one twin with the other specs (checkout.spec.ts publishes selling
 * events), so « nothing to list » is checked against the page's own read.
 */

const menuLink = (page: Page) =>
  page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', {
    name: 'Billetterie / Inscriptions',
  });

async function publishedEvent(title: string) {
  const deps = twinDeps();
  const email = `menu+${ulid().toLowerCase()}@example.org`;
  await createAccount(deps, { email, password: 'correct horse battery staple' });
  const org = await createOrganization(deps, {
    name: `Menu ${ulid().slice(-6)}`,
    firstMember: { email, displayName: 'Responsable', locale: 'fr' },
    actorUserId: 'staff-e2e',
  });
  const actor = { userId: org.userId, orgId: org.orgId };
  // Published as organizers do (submitted, approved by staff), so its dates are projected.
  const day = new Date(Date.now() + 12 * 86_400_000).toISOString().slice(0, 10);
  const saved = await saveEvent(deps, {
    actor,
    fields: {
      title,
      venueIds: ['VEN-SALLE-DESJARDINS'],
      categoryIds: ['CAT-THEATRE'],
      startsAt: `${day}T19:30`,
      endsAt: `${day}T21:30`,
      showTime: true,
      imageId: await croppedImage(org.orgId),
    },
  });
  await submitForApproval(deps, { actor, eventId: saved.eventId, expectedVersion: saved.version });
  await approveEvent(deps, {
    actor: { userId: 'U-E2E-STAFF', orgId: 'parvis', staff: true },
    eventId: saved.eventId,
  });
  const published = (await deps.db.calendar.entities.event.get({ eventId: saved.eventId }).go()).data;
  const eventId = saved.eventId;
  const slug = published?.slug ?? saved.slug;
  return { eventId, slug, actor };
}

test('CAL-08 TIX-08 « Billetterie / Inscriptions » is in the main menu with its « Passes » tab, and its page lists an event as soon as it sells or registers on Parvis', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const deps = twinDeps();
  const title = `Atelier de gravure ${ulid().slice(-6)}`;

  // The entry is in every page's menu; its page says when nothing sells.
  const before = await ticketingMenuEvents(deps);
  await page.goto('/fr');
  await menuLink(page).click();
  await expect(page).toHaveURL(/\/fr\/billetterie$/);
  await expect(menuLink(page)).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('heading', { level: 1, name: 'Billetterie / Inscriptions' })).toBeVisible();
  const tabs = page.getByRole('navigation', { name: 'Sections de la billetterie' });
  await expect(tabs.getByRole('link', { name: 'Événements' })).toHaveAttribute('aria-current', 'page');
  if (before.cards.length === 0) {
    await expect(page.getByText('Aucun événement n’offre de billets ni d’inscriptions')).toBeVisible();
  }

  // A published event, ticketing on, no category yet: not listed.
  const event = await publishedEvent(title);
  await saveTicketingSettings(deps, {
    actor: event.actor,
    eventId: event.eventId,
    expectedVersion: 0,
    fields: { enabled: true },
  });
  await page.goto('/fr/billetterie');
  await expect(page.getByRole('heading', { name: title })).toHaveCount(0);

  // A free registration category: the event sells on Parvis, and the page lists it at once.
  const { ticketTypeId } = await saveTicketType(deps, {
    actor: event.actor,
    eventId: event.eventId,
    fields: { nameFr: 'Inscription', nameEn: 'Registration', priceCents: 0, quantity: 20, perPersonMax: 2 },
  });
  await page.goto('/fr/billetterie');
  const card = page.getByRole('article').filter({ has: page.getByRole('heading', { name: title }) });
  await expect(card).toBeVisible();
  await card.getByRole('link', { name: title }).click();
  await expect(page).toHaveURL(new RegExp(`/fr/evenements/${event.slug}$`));

  // English.
  await page.goto('/en/billetterie');
  await expect(page.getByRole('heading', { level: 1, name: 'Tickets / Registrations' })).toBeVisible();
  await expect(page.getByRole('heading', { name: title })).toBeVisible();

  // Its last category withdrawn: it leaves the page.
  await withdrawTicketType(deps, { actor: event.actor, eventId: event.eventId, ticketTypeId });
  await page.goto('/fr/billetterie');
  await expect(page.getByRole('heading', { name: title })).toHaveCount(0);

  // TIX-08: the « Passes » tab, by keyboard, as the seed places it in this section.
  await tabs.getByRole('link', { name: 'Passes' }).focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/fr\/passes$/);
  await expect(tabs.getByRole('link', { name: 'Passes' })).toHaveAttribute('aria-current', 'page');
  // The main menu's entry is marked as the section of the page (not the page itself).
  await expect(menuLink(page)).toHaveAttribute('aria-current', 'true');
});

test('CAL-08 the « Billetterie / Inscriptions » page at 390 and 1280 px (screenshots)', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const deps = twinDeps();
  const event = await publishedEvent('Les Belles-sœurs — inscriptions scolaires');
  await saveTicketingSettings(deps, {
    actor: event.actor,
    eventId: event.eventId,
    expectedVersion: 0,
    fields: { enabled: true },
  });
  await saveTicketType(deps, {
    actor: event.actor,
    eventId: event.eventId,
    fields: { nameFr: 'Régulier', nameEn: 'Regular', priceCents: 3500, quantity: 100, perPersonMax: 4 },
  });
  for (const width of [390, 1280]) {
    const context = await browser.newContext({ baseURL: e2e.origin, viewport: { width, height: 900 } });
    const page = await context.newPage();
    await page.goto('/fr/billetterie');
    await expect(
      page.getByRole('heading', { name: 'Les Belles-sœurs — inscriptions scolaires' }),
    ).toBeVisible();
    await page.screenshot({ path: `docs/screenshots/ticketing-menu-${width}.png`, fullPage: true });
    await context.close();
  }
});
