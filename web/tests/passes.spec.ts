import { type Browser, expect, type Page, test } from '@playwright/test';
import { ulid } from 'ulid';
import { createAccount } from '../../shared/identity/log-in';
import { createOrganization } from '../../shared/identity/members';
import { listTicketTypes } from '../../shared/ticketing/ticket-types';
import { e2e } from './support/e2e';
import { ordersOf, sellingEvent, sellingPass } from './support/selling';
import { sessionFor, twinDeps } from './support/twin';

/**
 * TIX-08, CAL-08: passes on the public site, against the built site, its twin and the fake Stripe:
 * « Passes » as a tab of « Billetterie / Inscriptions », its cards, a pass's
 * page with its events and tiers and the same buying form as an event's, the passes an included
 * event's sheet lists; buying two passes on the fake Stripe page (« Payée », a ticket per event
 * for each pass), a free tier reserved at once, both without JavaScript too; bad input refused in
 * words with what was typed kept; draft, withdrawn and unknown passes 404; a pass not yet or no
 * longer on sale said in words without a form; the same pages for a logged-in member of another
 * organization (never cached for them) and for an anonymous visitor. Screenshots:
 * docs/screenshots/passes-{390,1280}.png (the tab), pass-{390,1280}.png (a pass's page).
 */

async function pageWith(
  browser: Browser,
  options: { width?: number; javaScriptEnabled?: boolean; session?: string } = {},
): Promise<Page> {
  const context = await browser.newContext({
    baseURL: e2e.origin,
    viewport: { width: options.width ?? 1280, height: 900 },
    javaScriptEnabled: options.javaScriptEnabled ?? true,
  });
  if (options.session) {
    await context.addCookies([{ name: 'parvis_session', value: options.session, url: e2e.origin }]);
  }
  const page = await context.newPage();
  page.on('dialog', (dialog) => {
    throw new Error(`a dialog opened: ${dialog.message()}`);
  });
  return page;
}

/** « Passes »: a tab of the main menu's « Billetterie / Inscriptions » (CAL-08), as the seed places it. */
const passesTab = (page: Page) =>
  page.getByRole('navigation', { name: 'Sections de la billetterie' }).getByRole('link', { name: 'Passes' });

async function fillBuyer(page: Page, email: string) {
  await page.getByLabel('Nom complet').fill('Marie Côté');
  await page.getByLabel('Adresse courriel').fill(email);
  await page.getByLabel('Code postal').fill('G5L 1A1');
}

const remainingOf = async (passId: string, tierId: string) =>
  (await listTicketTypes(twinDeps(), { eventId: passId, consistent: true })).ticketTypes.find(
    (tier) => tier.ticketTypeId === tierId,
  )?.remaining;

const ticketsOf = async (orderId: string) =>
  (await twinDeps().db.orders.entities.ticket.query.byOrder({ orderId }).go({ pages: 'all' })).data;

const tiers = [
  { nameFr: 'Adulte', nameEn: 'Adult', priceCents: 4500 },
  { nameFr: 'Jeunesse', nameEn: 'Youth', priceCents: 0, quantity: 20, perPersonMax: 4 },
];

test.describe('TIX-08 passes', () => {
  test('TIX-08 CAL-08 a pass over 2 events: « Passes » a tab of the ticketing menu, it lists it, an included event’s sheet links to it, its page shows its events and tiers; 2 passes bought on the fake Stripe page land on the order « Payée » with a ticket per event', async ({
    browser,
  }) => {
    test.setTimeout(240_000);
    const pass = await sellingPass({
      providers: ['stripe'],
      tiers,
      description: 'Deux soirées de théâtre au prix d’une passe.\nBillets envoyés par courriel.',
    });
    const [adult = '', youth = ''] = pass.tierIds;
    const [first, second] = pass.events;
    const page = await pageWith(browser);

    // CAL-08: « Billetterie / Inscriptions » in the menu, then its « Passes » tab.
    await page.goto('/fr');
    // CAL-06: the tab and the pass's page are in the sitemap, in both languages.
    const sitemap = await (await page.request.get('/sitemap.xml')).text();
    for (const path of ['/fr/passes<', `/en/passes/${pass.passId}<`]) expect(sitemap).toContain(path);
    await page
      .getByRole('navigation', { name: 'Navigation principale' })
      .getByRole('link', { name: 'Billetterie / Inscriptions' })
      .click();
    await passesTab(page).click();
    await expect(page).toHaveURL(/\/fr\/passes$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Passes' })).toBeVisible();
    await expect(passesTab(page)).toHaveAttribute('aria-current', 'page');
    const card = page.getByRole('article').filter({ has: page.getByRole('heading', { name: pass.title }) });
    await expect(card).toContainText('2 événements');
    await expect(card).toContainText(/Gratuit, ou à partir de 45,00\s\$/);
    await expect(card).toContainText(/En vente jusqu’au/);
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: `docs/screenshots/passes-${width}.png`, fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 900 });

    // An included event's sheet lists the pass and links to it.
    await page.goto(`/fr/evenements/${second?.slug}`);
    const offers = page.getByRole('region', { name: 'Passes' });
    await expect(offers).toContainText(pass.title);
    await expect(offers).toContainText('2 événements');
    await page.setViewportSize({ width: 390, height: 900 });
    await page.screenshot({ path: 'docs/screenshots/pass-sheet-390.png', fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    await offers.getByRole('link', { name: `Voir la passe « ${pass.title} »` }).click();
    await expect(page).toHaveURL(new RegExp(`/fr/passes/${pass.passId}$`));

    // The pass's page: its words, its events (links to their sheets), its tiers with what is left.
    await expect(page.getByRole('heading', { level: 1, name: pass.title })).toBeVisible();
    await expect(page.getByText('Deux soirées de théâtre au prix d’une passe.')).toBeVisible();
    await expect(page.getByText(/Période de vente : du/)).toBeVisible();
    const events = page.getByRole('list', { name: 'Événements compris dans la passe' });
    await expect(events.getByRole('listitem')).toHaveCount(2);
    await expect(events.getByRole('link', { name: first?.title ?? '' })).toHaveAttribute(
      'href',
      `/fr/evenements/${first?.slug}`,
    );
    await expect(events.getByRole('link', { name: second?.title ?? '' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Acheter la passe' })).toBeVisible();
    await expect(page.getByText(/Chaque passe donne un billet.*pour chacun des 2 événements/)).toBeVisible();
    const adultField = page.getByLabel('Adulte');
    await expect(page.getByText(/45,00\s\$ taxes incluses · En vente · 100 places restantes/)).toBeVisible();
    await expect(page.getByText(/Gratuit · En vente · 20 places restantes/)).toBeVisible();
    // A pass's tickets are sent: no pick-up at the venue.
    await expect(page.getByLabel('Je souhaite récupérer mes billets sur place')).toHaveCount(0);
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: `docs/screenshots/pass-${width}.png`, fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 900 });

    // Two passes, paid on the fake Stripe page with the server's figures.
    await adultField.fill('2');
    await fillBuyer(page, `passe.${ulid().toLowerCase()}@example.org`);
    await page.getByRole('button', { name: 'Passer au paiement' }).click();
    await expect(page.getByRole('heading', { name: 'Paiement sécurisé Stripe' })).toBeVisible();
    await expect(page.getByText(/Montant à payer : 90,00\s\$/)).toBeVisible();
    const [order] = await ordersOf(pass.orgId);
    expect(order).toMatchObject({ eventId: pass.passId, status: 'pendingPayment', totalCents: 9000 });
    await page.getByRole('button', { name: /Payer/ }).click();
    await expect(page).toHaveURL(new RegExp(`/fr/commandes/${order?.orderId}\\?retour=paiement`));
    await expect(page.getByText('Payée', { exact: true })).toBeVisible();
    // The order page names the pass and the events each pass admits to.
    const bought = page.getByRole('region', { name: 'Passe' });
    await expect(bought.getByRole('link', { name: pass.title })).toHaveAttribute(
      'href',
      `/fr/passes/${pass.passId}`,
    );
    await expect(bought.getByRole('listitem')).toHaveCount(2);
    await expect(bought.getByRole('link', { name: first?.title ?? '' })).toHaveAttribute(
      'href',
      `/fr/evenements/${first?.slug}`,
    );
    expect(await remainingOf(pass.passId, adult)).toBe(98);
    expect(await remainingOf(pass.passId, youth)).toBe(20);
    // Each pass admits to each event: 2 passes × 2 events, one ticket each.
    const tickets = await ticketsOf(order?.orderId ?? '');
    expect(tickets.map((ticket) => ticket.eventId).sort()).toEqual(
      [first?.eventId, first?.eventId, second?.eventId, second?.eventId].sort(),
    );
  });

  test('TIX-08 without JavaScript: a free tier reserved at once, then a paid pass on the fake Stripe page; in English too', async ({
    browser,
  }) => {
    test.setTimeout(180_000);
    const pass = await sellingPass({ providers: ['stripe'], tiers });
    const [adult = '', youth = ''] = pass.tierIds;
    const page = await pageWith(browser, { javaScriptEnabled: false });

    await page.goto(`/fr/passes/${pass.passId}`);
    await page.getByLabel('Jeunesse').fill('2');
    await fillBuyer(page, `jeunesse.${ulid().toLowerCase()}@example.org`);
    await page.getByRole('button', { name: 'Passer au paiement' }).click();
    await expect(page).toHaveURL(/\/fr\/commandes\/[^/?]+/);
    await expect(page.getByText('Inscription confirmée', { exact: true })).toBeVisible();
    expect(await remainingOf(pass.passId, youth)).toBe(18);
    const [free] = await ordersOf(pass.orgId);
    expect(free).toMatchObject({ eventId: pass.passId, totalCents: 0 });
    expect(await ticketsOf(free?.orderId ?? '')).toHaveLength(4);

    await page.goto(`/fr/passes/${pass.passId}`);
    await page.getByLabel('Adulte').fill('1');
    await fillBuyer(page, `adulte.${ulid().toLowerCase()}@example.org`);
    await page.getByRole('button', { name: 'Passer au paiement' }).click();
    await expect(page.getByText(/Montant à payer : 45,00\s\$/)).toBeVisible();
    await page.getByRole('button', { name: /Payer/ }).click();
    await expect(page.getByText('Payée', { exact: true })).toBeVisible();
    expect(await remainingOf(pass.passId, adult)).toBe(99);

    // English: the tab and the page.
    await page.goto('/en/passes');
    await expect(page.getByRole('heading', { level: 1, name: 'Passes' })).toBeVisible();
    await expect(page.getByRole('article').filter({ hasText: pass.title })).toContainText('2 events');
    await page.goto(`/en/passes/${pass.passId}`);
    await expect(page.getByRole('heading', { name: 'Buy the pass' })).toBeVisible();
    await expect(page.getByText(/\$45\.00 taxes included · On sale · 99 seats left/)).toBeVisible();
  });

  test('TIX-08 bad input is refused in words with what was typed kept: quantity 0, a huge one, a tier of another pass or an event’s category', async ({
    browser,
  }) => {
    test.setTimeout(120_000);
    const pass = await sellingPass({ providers: ['stripe'], tiers });
    const other = await sellingPass({
      providers: ['stripe'],
      tiers: [{ nameFr: 'Autre', nameEn: 'Other', priceCents: 100 }],
    });
    const event = await sellingEvent({
      providers: ['stripe'],
      categories: [{ nameFr: 'Parterre', nameEn: 'Floor', priceCents: 100 }],
    });
    const page = await pageWith(browser, { javaScriptEnabled: false });
    await page.goto(`/fr/passes/${pass.passId}`);
    await fillBuyer(page, `refus.${ulid().toLowerCase()}@example.org`);
    const submit = () => page.getByRole('button', { name: 'Passer au paiement' }).click();
    for (const [typed, words] of [
      ['0', 'Choisissez au moins un billet (au plus 20 par commande).'],
      ['99999999999999999999', 'Chaque quantité doit être un nombre entier entre 1 et 20.'],
      ['deux', 'Chaque quantité doit être un nombre entier entre 1 et 20.'],
    ] as const) {
      await page.getByLabel('Adulte').fill(typed);
      await submit();
      await expect(page.locator('.error-summary')).toContainText(words);
      await expect(page.getByLabel('Adulte')).toHaveValue(typed);
      await expect(page.getByLabel('Nom complet')).toHaveValue('Marie Côté');
      await expect(page.getByLabel('Code postal')).toHaveValue('G5L 1A1');
    }
    await page.screenshot({ path: 'docs/screenshots/pass-errors-1280.png', fullPage: true });

    // Posted straight (a form altered in the browser): a tier of another pass, an event's category.
    const post = (fields: Record<string, string>) =>
      fetch(`${e2e.origin}/fr/passes/${pass.passId}`, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          origin: e2e.origin,
          accept: 'text/html',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({
          checkoutKey: crypto.randomUUID(),
          name: 'Paul Roy',
          email: 'paul.roy@example.org',
          language: 'fr',
          provider: 'stripe',
          ...fields,
        }),
      });
    for (const forged of [other.tierIds[0] ?? '', event.ticketTypeIds[0] ?? '']) {
      const refused = await post({ [`qty-${forged}`]: '1' });
      expect(refused.status).toBe(400);
      expect(await refused.text()).toContain('Cette catégorie de billet n’existe pas pour cet événement.');
    }
    expect(await ordersOf(pass.orgId)).toHaveLength(0);
    expect(await ordersOf(other.orgId)).toHaveLength(0);
    expect(await ordersOf(event.orgId)).toHaveLength(0);
    // The other way round: the pass's tier posted to the event's checkout is refused there too,
    // and the event's own checkout still sells its category.
    const onEvent = await fetch(`${e2e.origin}/fr/evenements/${event.slug}/billets`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        origin: e2e.origin,
        accept: 'text/html',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        checkoutKey: crypto.randomUUID(),
        name: 'Paul Roy',
        email: 'paul.roy@example.org',
        language: 'fr',
        provider: 'stripe',
        [`qty-${pass.tierIds[0]}`]: '1',
      }),
    });
    expect(onEvent.status).toBe(400);
    expect(await onEvent.text()).toContain('Cette catégorie de billet n’existe pas pour cet événement.');
    await page.goto(`/fr/evenements/${event.slug}/billets`);
    await expect(page.getByRole('heading', { name: 'Acheter des billets' })).toBeVisible();
    await expect(page.getByLabel('Parterre')).toBeVisible();
    // The same post with the pass's own tier is an order.
    const accepted = await post({ [`qty-${pass.tierIds[0]}`]: '1' });
    expect(accepted.status).toBe(303);
    expect(await ordersOf(pass.orgId)).toHaveLength(1);
  });

  test('TIX-08 draft, withdrawn and unknown passes are 404; a pass not yet on sale or over says so without a form, and is not bought by a forged post', async ({
    browser,
  }) => {
    test.setTimeout(120_000);
    const day = 86_400_000;
    const draft = await sellingPass({ tiers, status: 'draft' });
    const withdrawn = await sellingPass({ tiers, status: 'withdrawn' });
    const soon = await sellingPass({
      tiers,
      salesStartAt: new Date(Date.now() + 3 * day).toISOString(),
      salesEndAt: new Date(Date.now() + 10 * day).toISOString(),
    });
    const over = await sellingPass({
      tiers,
      salesStartAt: new Date(Date.now() - 10 * day).toISOString(),
      salesEndAt: new Date(Date.now() - day).toISOString(),
    });
    const page = await pageWith(browser, { javaScriptEnabled: false });
    for (const passId of [draft.passId, withdrawn.passId, 'PASSE-INCONNUE']) {
      const response = await page.goto(`/fr/passes/${passId}`);
      expect(response?.status()).toBe(404);
      await expect(page.getByRole('heading', { level: 1, name: 'Page introuvable' })).toBeVisible();
    }
    // Neither the draft nor the withdrawn pass shows on its events' sheets or on the tab.
    await page.goto(`/fr/evenements/${draft.slug}`);
    await expect(page.getByRole('region', { name: 'Passes' })).toHaveCount(0);
    await page.goto('/fr/passes');
    await expect(page.getByRole('heading', { name: draft.title })).toHaveCount(0);
    await expect(page.getByRole('heading', { name: withdrawn.title })).toHaveCount(0);
    await expect(page.getByRole('heading', { name: over.title })).toHaveCount(0);

    // Upcoming: listed, with its opening date; its page says when, without a form.
    await expect(page.getByRole('article').filter({ hasText: soon.title })).toContainText(
      /En vente à partir du/,
    );
    await page.goto(`/fr/passes/${soon.passId}`);
    await expect(page.getByText(/Cette passe sera en vente à partir du/)).toBeVisible();
    await expect(page.getByRole('button', { name: 'Passer au paiement' })).toHaveCount(0);
    await expect(page.getByRole('heading', { name: 'Tarifs' })).toBeVisible();
    await expect(page.getByText(/45,00\s\$ taxes incluses/)).toBeVisible();
    await page.goto(`/fr/evenements/${soon.slug}`);
    await expect(page.getByRole('region', { name: 'Passes' })).toContainText(/En vente à partir du/);

    // Over: its page says so; a post is refused in words, nothing ordered.
    await page.goto(`/fr/passes/${over.passId}`);
    await expect(page.getByText('La vente de cette passe est terminée.')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Passer au paiement' })).toHaveCount(0);
    const refused = await fetch(`${e2e.origin}/fr/passes/${over.passId}`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        origin: e2e.origin,
        accept: 'text/html',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        checkoutKey: crypto.randomUUID(),
        name: 'Paul Roy',
        email: 'paul.roy@example.org',
        language: 'fr',
        [`qty-${over.tierIds[1]}`]: '1',
      }),
    });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('La vente de cette passe est terminée.');
    expect(await ordersOf(over.orgId)).toHaveLength(0);
    // A draft pass cannot be bought by a post either.
    const hidden = await fetch(`${e2e.origin}/fr/passes/${draft.passId}`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        origin: e2e.origin,
        accept: 'text/html',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ checkoutKey: crypto.randomUUID(), [`qty-${draft.tierIds[1]}`]: '1' }),
    });
    expect(hidden.status).toBe(404);
  });

  test('TIX-08 ROLE-06 the same public pages for an anonymous visitor and a member of another organization: the tab cached for the anonymous only, the pass page never cached', async ({
    browser,
  }) => {
    test.setTimeout(120_000);
    const pass = await sellingPass({ providers: ['stripe'], tiers });
    const email = `autre+${ulid().toLowerCase()}@example.org`;
    const deps = twinDeps();
    const { userId } = await createAccount(deps, { email, password: 'correct horse battery staple' });
    const stranger = await createOrganization(deps, {
      name: `Autre ${ulid().slice(-6)}`,
      firstMember: { email, displayName: 'Autre membre', locale: 'fr' },
      actorUserId: 'staff-e2e',
    });
    const member = await pageWith(browser, {
      session: await sessionFor(userId, { roles: [{ orgId: stranger.orgId, role: 'organisme' }] }),
    });
    const anonymous = await pageWith(browser);
    for (const [visitor, tabCache] of [
      [anonymous, /^public, max-age=0, s-maxage=60/],
      [member, /^private, no-store/],
    ] as const) {
      const tab = await visitor.goto('/fr/passes');
      expect(tab?.headers()['cache-control']).toMatch(tabCache);
      await expect(visitor.getByRole('heading', { name: pass.title })).toBeVisible();
      const sheet = await visitor.goto(`/fr/evenements/${pass.slug}`);
      expect(sheet?.headers()['cache-control']).toMatch(tabCache);
      await expect(visitor.getByRole('region', { name: 'Passes' })).toContainText(pass.title);
      const own = await visitor.goto(`/fr/passes/${pass.passId}`);
      expect(own?.headers()['cache-control']).toMatch(/^private, no-store/);
      await expect(visitor.getByLabel('Adulte')).toBeVisible();
      // Keyboard: the first quantity field is reached with Tab from the page's heading onwards.
      await visitor.getByRole('heading', { level: 1, name: pass.title }).click();
      for (let press = 0; press < 12; press += 1) {
        await visitor.keyboard.press('Tab');
        if (await visitor.getByLabel('Adulte').evaluate((field) => field === document.activeElement)) break;
      }
      await expect(visitor.getByLabel('Adulte')).toBeFocused();
    }
    // The member buys like anyone: the order belongs to the pass's selling organization.
    await member.getByLabel('Jeunesse').fill('1');
    await fillBuyer(member, email);
    await member.getByRole('button', { name: 'Passer au paiement' }).click();
    await expect(member.getByText('Inscription confirmée', { exact: true })).toBeVisible();
    expect(await ordersOf(pass.orgId)).toHaveLength(1);
    expect(await ordersOf(stranger.orgId)).toHaveLength(0);
  });
});
