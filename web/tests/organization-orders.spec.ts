import { randomUUID } from 'node:crypto';
import { type Browser, expect, type Page, test } from '@playwright/test';
import { ulid } from 'ulid';
import { fakeDemoAccounts } from '../../infra/local/fake-payments';
import { createPaymentDeps } from '../../shared/adapters/payment-deps';
import { createAccount } from '../../shared/identity/log-in';
import { createOrganization } from '../../shared/identity/members';
import { syncOrderPayment } from '../../shared/orders/confirm-order';
import { getOrder } from '../../shared/orders/order-queries';
import { startCheckout } from '../../shared/orders/start-checkout';
import { activatePaymentAccount, savePaymentAccount } from '../../shared/payments/payment-accounts';
import { savePass } from '../../shared/ticketing/passes';
import { listTicketTypes, saveTicketType } from '../../shared/ticketing/ticket-types';
import { saveTicketingSettings } from '../../shared/ticketing/ticketing-settings';
import { e2e } from './support/e2e';
import { e2eTwin, sessionFor, twinDeps, waitFor } from './support/twin';

/**
 * The organization portal's « Commandes » and the dashboard's sales (TIX-14, REP-01, REP-04,
 * ORG-02), against the built site, its twin and the fake Stripe: an organizer finds a paid order
 * (placed and paid through the domain and the fake provider), reads its transaction number,
 * downloads its receipt, refunds part of it, then cancels it (tickets cancelled, seats back, the
 * revenue drops), and is refused more than was paid, in words; the dashboard's figures and chart
 * move after a sale, with where the buyers come from (ORG-02: areas of their postal codes); the
 * same without JavaScript; another organization's member gets 404 on every
 * route and action and changes nothing; a chat moderator cannot refund. Screenshots:
 * docs/screenshots/org-orders-*.png, org-dashboard-*.png (org-dashboard-areas-*.png).
 */

const staff = { userId: 'U-STAFF-E2E', orgId: 'platform', staff: true };
const paymentDeps = () => ({ ...twinDeps(), ...createPaymentDeps(e2eTwin().env) });

/** A published event of the organization, `days` ahead. */
async function publishedEvent(org: { orgId: string; userId: string }, title: string, days: number) {
  const eventId = ulid();
  const now = new Date();
  const startsAt = new Date(now.getTime() + days * 86_400_000);
  await twinDeps()
    .db.calendar.entities.event.create({
      eventId,
      orgId: org.orgId,
      presenterOrgId: org.orgId,
      status: 'published',
      version: 1,
      title,
      slug: `malade-${eventId.toLowerCase()}`,
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
  return { eventId, title };
}

/** An organization with its active Stripe account, its owner's session, one event selling 25 $ tickets. */
async function sellingOrganization(name: string) {
  const deps = twinDeps();
  const email = `commandes+${ulid().toLowerCase()}@example.org`;
  await createAccount(deps, { email, password: 'correct horse battery staple' });
  const org = await createOrganization(deps, {
    name,
    firstMember: { email, displayName: `Caisse ${name}`, locale: 'fr' },
    actorUserId: 'staff-e2e',
  });
  const organizer = { userId: org.userId, orgId: org.orgId, staff: false };
  await savePaymentAccount(paymentDeps(), {
    actor: organizer,
    orgId: org.orgId,
    keys: { provider: 'stripe', ...fakeDemoAccounts.stripe },
  });
  await activatePaymentAccount(deps, { actor: staff, orgId: org.orgId, provider: 'stripe' });
  const { eventId, title } = await publishedEvent(org, `Le Malade imaginaire ${ulid().slice(-5)}`, 20);
  const { ticketTypeId } = await saveTicketType(deps, {
    actor: organizer,
    eventId,
    fields: {
      nameFr: 'Régulier',
      nameEn: 'Regular',
      priceCents: 2500,
      taxes: 'included',
      quantity: 50,
      perPersonMax: 6,
    },
  });
  await saveTicketingSettings(deps, {
    actor: organizer,
    eventId,
    expectedVersion: 0,
    fields: { enabled: true },
  });
  const token = await sessionFor(org.userId, { roles: [{ orgId: org.orgId, role: 'organisme' }] });
  return { ...org, organizer, eventId, ticketTypeId, title, token };
}

/** A buyer's order, placed and paid on the fake Stripe page, confirmed as the return page does. */
async function paidOrder(
  seller: { eventId: string; ticketTypeId: string; organizer: { userId: string; orgId: string } },
  quantity: number,
  buyerName = 'Marie Côté',
  /** ORG-02: the optional postal code the buyer typed; `null` for none. */
  postalCode: string | null = 'G5L 1A1',
) {
  const started = await startCheckout(paymentDeps(), {
    eventId: seller.eventId,
    lines: [{ ticketTypeId: seller.ticketTypeId, quantity }],
    buyer: {
      name: buyerName,
      email: `acheteur+${ulid().toLowerCase()}@example.org`,
      ...(postalCode === null ? {} : { postalCode }),
    },
    locale: 'fr',
    provider: 'stripe',
    checkoutKey: randomUUID(),
  });
  const html = await (await fetch(started.redirectUrl ?? '')).text();
  const action = [...html.matchAll(/<form method="post" action="([^"]+)"/g)]
    .map((match) => match[1] ?? '')
    .find((path) => path.endsWith('/pay'));
  if (!action) throw new Error('no « Payer » form on the fake Stripe page');
  const paid = await fetch(new URL(action, started.redirectUrl), { method: 'POST', redirect: 'manual' });
  expect(paid.status).toBe(303);
  await syncOrderPayment(paymentDeps(), { orderId: started.orderId });
  const file = await waitFor(
    async () => {
      const read = await getOrder(twinDeps(), { actor: seller.organizer, orderId: started.orderId });
      return read.order.status === 'paid' ? read : undefined;
    },
    30_000,
    200,
  );
  return file.order;
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
    acceptDownloads: true,
  });
  await context.addCookies([{ name: 'parvis_session', value: token, url: e2e.origin }]);
  return context.newPage();
}

/** A French amount as the page writes it: « 75,00 $ » with a no-break space. */
const money = (amount: string) => new RegExp(`${amount}\\s\\$`);
const soldOf = async (eventId: string, ticketTypeId: string) =>
  (await listTicketTypes(twinDeps(), { eventId, consistent: true })).ticketTypes.find(
    (type) => type.ticketTypeId === ticketTypeId,
  );
const revenueOf = (page: Page) =>
  page
    .getByRole('region', { name: /Résumé de la période/ })
    .getByText(/\$$/)
    .first();

async function journey(browser: Browser, javaScriptEnabled: boolean) {
  const seller = await sellingOrganization(`Théâtre ${ulid().slice(-6)}`);
  const order = await paidOrder(seller, 3);
  const page = await pageWith(browser, seller.token, { javaScriptEnabled });

  // TIX-14: the tab, the list with the order, the range's revenue.
  await page.goto('/fr/organisme');
  await page
    .getByRole('navigation', { name: 'Sections du portail de l’organisme' })
    .getByRole('link', { name: 'Commandes' })
    .click();
  await expect(page.getByRole('heading', { name: 'Commandes', level: 2 })).toBeVisible();
  await expect(revenueOf(page)).toHaveText(money('75,00'));
  const row = page.getByRole('row', { name: new RegExp(order.orderId) });
  await expect(row).toContainText('Marie Côté');
  await expect(row).toContainText(seller.title);
  await expect(row).toContainText('Payée');
  await expect(row).toContainText(money('75,00'));

  // REP-04: found by the Stripe payment number too.
  await page.getByLabel('Numéro de paiement Stripe ou PayPal').fill(order.providerRef ?? '');
  await page.getByRole('button', { name: 'Trouver la commande' }).click();
  await expect(page).toHaveURL(new RegExp(`/fr/organisme/commandes/${order.orderId}$`));
  await page.goBack();
  await page.getByLabel('Numéro de paiement Stripe ou PayPal').fill(order.transactionId ?? '');
  await page.getByRole('button', { name: 'Trouver la commande' }).click();
  await expect(page).toHaveURL(new RegExp(`/fr/organisme/commandes/${order.orderId}$`));

  // The detail: the transaction number, lines with taxes, the ledger, the tickets, the buyer.
  await expect(page.getByRole('heading', { name: `Commande ${order.orderId}` })).toBeVisible();
  await expect(page.getByText(order.transactionId ?? 'pi_', { exact: true })).toBeVisible();
  const lines = page.getByRole('table', { name: `Lignes de la commande ${order.orderId}, taxes comprises` });
  await expect(lines.getByRole('row', { name: /Régulier/ })).toContainText(money('75,00'));
  await expect(lines.getByRole('row', { name: /Régulier/ })).toContainText('taxes incluses');
  const ledger = page.getByRole('table', { name: /Mouvements d’argent/ });
  await expect(ledger.getByRole('row', { name: /Paiement/ })).toContainText(
    `transaction ${order.transactionId}`,
  );
  await expect(page.getByRole('table', { name: /Billets de la commande/ }).getByRole('row')).toHaveCount(4);

  // REP-04: the receipt PDF, once the order-documents consumer has made it.
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole('link', { name: 'Télécharger le reçu (PDF)' })).toBeVisible({
      timeout: 1000,
    });
  }).toPass({ timeout: 90_000 });
  const receipt = await page.request.get(`/fr/organisme/commandes/${order.orderId}/documents/recu`);
  expect(receipt.status()).toBe(200);
  expect(receipt.headers()['content-type']).toBe('application/pdf');
  expect(receipt.headers()['content-disposition']).toContain(`recu-${order.orderId}.pdf`);
  expect((await receipt.body()).subarray(0, 5).toString()).toBe('%PDF-');

  // TIX-14: refused in words — more than was paid.
  await page.getByRole('link', { name: 'Rembourser' }).click();
  await expect(page.getByRole('heading', { name: `Rembourser la commande ${order.orderId}` })).toBeVisible();
  await page.getByLabel(/Montant à rembourser/).fill('80');
  await page.getByRole('button', { name: 'Continuer' }).click();
  await expect(page.locator('.error-summary')).toContainText(
    /Le remboursement dépasse ce qui reste à rembourser \(75,00\s\$\)\./,
  );
  await expect(page.getByLabel(/Montant à rembourser/)).toHaveValue('80');

  // A part refund, with its reason, through the confirmation step.
  await page.getByLabel(/Montant à rembourser/).fill('10');
  await page.getByLabel(/^Motif/).fill('Siège brisé, rangée F');
  await page.getByRole('button', { name: 'Continuer' }).click();
  await expect(
    page.getByText(/Rembourser 10,00\s\$ à Marie Côté par Stripe \? Les billets restent valides\./),
  ).toBeVisible();
  await page.getByRole('button', { name: /Oui, rembourser 10,00/ }).click();
  await expect(page.getByText(/Le remboursement de 10,00\s\$ a été fait\./)).toBeVisible();
  await expect(page.getByText('Payée, remboursée en partie').first()).toBeVisible();
  await expect(ledger.getByRole('row', { name: /Remboursement/ })).toContainText(
    'Motif : Siège brisé, rangée F',
  );
  await expect(ledger.getByRole('row', { name: /Remboursement/ })).toContainText(/remboursement re_/);
  expect(
    (await getOrder(twinDeps(), { actor: seller.organizer, orderId: order.orderId })).order,
  ).toMatchObject({
    status: 'paid',
    refundedCents: 1000,
  });
  await page.goto('/fr/organisme/commandes');
  await expect(revenueOf(page)).toHaveText(money('65,00'));
  expect(await soldOf(seller.eventId, seller.ticketTypeId)).toMatchObject({ sold: 3, remaining: 47 });

  // Cancel with its tickets: what is left is refunded, tickets cancelled, seats back, revenue to 0.
  await page.goto(`/fr/organisme/commandes/${order.orderId}`);
  await page.getByRole('link', { name: 'Annuler la commande et ses billets' }).click();
  await expect(page.getByRole('heading', { name: `Annuler la commande ${order.orderId} ?` })).toBeVisible();
  await expect(
    page.getByText(/Ce qui reste du paiement \(65,00\s\$\) sera remboursé à Marie Côté par Stripe/),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Oui, annuler la commande' }).click();
  await expect(
    page.getByText('La commande a été annulée : ses billets sont annulés et les places remises en vente.'),
  ).toBeVisible();
  await expect(page.getByText('Annulée', { exact: true }).first()).toBeVisible();
  await expect(page.getByRole('table', { name: /Billets de la commande/ })).not.toContainText('Valide');
  await expect(page.getByText('Aucune action n’est possible sur une commande dans cet état.')).toBeVisible();
  const after = await getOrder(twinDeps(), { actor: seller.organizer, orderId: order.orderId });
  expect(after.order).toMatchObject({ status: 'cancelled', refundedCents: 7500 });
  expect(after.tickets.map((ticket) => ticket.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
  expect(await soldOf(seller.eventId, seller.ticketTypeId)).toMatchObject({ sold: 0, remaining: 50 });
  await page.goto('/fr/organisme/commandes?etat=cancelled');
  await expect(page.getByRole('row', { name: new RegExp(order.orderId) })).toContainText('Annulée');
  // Every sale undone: the period's figures are back to zero.
  await expect(revenueOf(page)).toHaveText(money('0,00'));
  // The cancellation page of a cancelled order offers nothing more.
  await page.goto(`/fr/organisme/commandes/${order.orderId}/annuler`);
  await expect(page.getByRole('button', { name: 'Oui, annuler la commande' })).toHaveCount(0);
  await page.context().close();
  return seller;
}

test('TIX-14 REP-04 an organizer finds a paid order, reads its transaction number, downloads its receipt, refunds part then cancels it; refusals in words', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  await journey(browser, true);
});

test.describe('without JavaScript', () => {
  test('TIX-14 REP-04 the same journey without JavaScript', async ({ browser }) => {
    test.setTimeout(240_000);
    await journey(browser, false);
  });
});

test('ORG-02 REP-01 the dashboard’s figures and chart move after a sale; chosen events; English', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const seller = await sellingOrganization(`Salle ${ulid().slice(-6)}`);
  const page = await pageWith(browser, seller.token);
  await page.goto('/fr/organisme');
  const sales = page.getByRole('region', { name: 'Ventes' });
  await expect(sales.getByText('Aucune vente pendant cette période.', { exact: true })).toBeVisible();
  await expect(
    sales.getByText('Graphique des recettes par jour : aucune vente pendant cette période.'),
  ).toBeVisible();
  await expect(
    sales
      .getByRole('region', { name: 'Provenance des acheteurs' })
      .getByText('Aucune commande pendant cette période.'),
  ).toBeVisible();
  // An organization without passes is offered none to choose.
  await expect(sales.getByRole('group', { name: 'Par passe' })).toHaveCount(0);

  await paidOrder(seller, 2);
  await page.reload();
  await expect(sales.getByRole('definition').first()).toHaveText(money('50,00'));
  await expect(sales.getByText(/Graphique des recettes par jour du .* : 50,00\s\$ en tout/)).toBeVisible();
  await expect(sales.locator('figure svg rect')).toHaveCount(1);
  const table = sales.getByRole('table', { name: /Ventes par jour du/ });
  await expect(table.getByRole('row')).toHaveCount(3);
  await expect(table.locator('tfoot')).toContainText(money('50,00'));

  // ORG-02: the buyer's area, from the postal code typed at checkout (G5L 1A1).
  const areas = sales.getByRole('region', { name: 'Provenance des acheteurs' });
  await expect(areas.getByRole('row', { name: /^G5L Québec/ }).getByRole('cell')).toHaveText([
    '1',
    /^100\s%$/,
  ]);

  await paidOrder(seller, 1, 'Jean Roy', 'H2X 1Y4');
  await page.reload();
  await expect(sales.getByRole('definition').first()).toHaveText(money('75,00'));
  await expect(areas.getByRole('row', { name: /^G5L Québec/ }).getByRole('cell')).toHaveText([
    '1',
    /^50\s%$/,
  ]);
  await expect(areas.getByRole('row', { name: /^H2X Québec/ }).getByRole('cell')).toHaveText([
    '1',
    /^50\s%$/,
  ]);

  // Chosen events: the event's own counters.
  await sales.getByLabel(seller.title).check();
  await sales.getByRole('button', { name: 'Afficher les ventes' }).click();
  await expect(page).toHaveURL(new RegExp(`evenement=${seller.eventId}`));
  const byEvent = sales.getByRole('table', {
    name: 'Ventes par événement, depuis l’ouverture de la billetterie',
  });
  await expect(byEvent.getByRole('row', { name: new RegExp(seller.title) })).toContainText('3');
  await expect(byEvent.getByRole('row', { name: new RegExp(seller.title) })).toContainText(money('75,00'));
  // ORG-02: the chosen events' buyers, from the events' own area counters.
  await expect(
    areas.getByRole('table', { name: 'Commandes par région de tri des événements choisis' }),
  ).toBeVisible();
  await expect(areas.getByRole('row', { name: /^H2X Québec/ }).getByRole('cell')).toHaveText([
    '1',
    /^50\s%$/,
  ]);

  // A range that cannot be read is said, and the last 30 days shown.
  await page.goto('/fr/organisme?du=2026-03-10&au=2026-03-01');
  await expect(page.getByText(/La période choisie n’est pas valide/)).toBeVisible();

  // English.
  await page.goto('/en/organisme');
  await expect(page.getByRole('region', { name: 'Sales' }).getByRole('definition').first()).toHaveText(
    '$75.00',
  );
  await expect(
    page.getByRole('region', { name: 'Where buyers come from' }).getByRole('row', { name: /^G5L Quebec/ }),
  ).toContainText('50%');
  await page.context().close();
});

test('ROLE-06 TIX-14 another organization’s member gets 404 on every orders route and action and changes nothing; a chat moderator cannot refund; anonymous visitors log in', async ({
  request,
}) => {
  test.setTimeout(120_000);
  const a = await sellingOrganization(`A ${ulid().slice(-6)}`);
  const b = await sellingOrganization(`B ${ulid().slice(-6)}`);
  const order = await paidOrder(a, 2);
  const moderatorUser = await createAccount(twinDeps(), {
    email: `moderation+${ulid().toLowerCase()}@example.org`,
    password: 'correct horse battery staple',
  });
  const moderator = await sessionFor(moderatorUser.userId, {
    roles: [{ orgId: a.orgId, role: 'moderator' }],
  });
  const base = `/fr/organisme/commandes/${order.orderId}`;
  const as = (token?: string) => ({
    ...(token ? { cookie: `parvis_session=${token}` } : {}),
    origin: e2e.origin,
    accept: 'text/html',
  });
  const pages = [
    base,
    `${base}/rembourser`,
    `${base}/annuler`,
    `${base}/documents/recu`,
    `${base}/documents/billets`,
  ];
  for (const path of pages) {
    expect(
      (await request.get(path, { headers: as(b.token), maxRedirects: 0 })).status(),
      `GET ${path} as B`,
    ).toBe(404);
    expect(
      (await request.get(path, { headers: as(moderator), maxRedirects: 0 })).status(),
      `GET ${path} as moderator`,
    ).toBe(403);
    const anonymous = await request.get(path, { headers: as(), maxRedirects: 0 });
    expect(anonymous.status()).toBe(303);
    expect(anonymous.headers().location).toMatch(/^\/fr\/connexion/);
  }
  // B finds nothing of A's by its payment number either.
  const search = await request.get(`/fr/organisme/commandes?numero=${order.providerRef}`, {
    headers: as(b.token),
    maxRedirects: 0,
  });
  expect(search.status()).toBe(200);
  expect(await search.text()).toContain('Aucune commande de votre organisme ne porte le numéro');
  const posts: { path: string; form: Record<string, string> }[] = [
    { path: `${base}/rembourser?/review`, form: { amount: '5', reason: '' } },
    {
      path: `${base}/rembourser?/refund`,
      form: { amountCents: '500', reason: 'vol', refundKey: randomUUID() },
    },
    { path: `${base}/annuler`, form: { refundKey: randomUUID(), reason: '' } },
  ];
  for (const post of posts) {
    const asB = await request.post(post.path, { headers: as(b.token), form: post.form, maxRedirects: 0 });
    expect(asB.status(), `POST ${post.path} as B`).toBe(404);
    const asModerator = await request.post(post.path, {
      headers: as(moderator),
      form: post.form,
      maxRedirects: 0,
    });
    expect(asModerator.status(), `POST ${post.path} as moderator`).toBe(403);
    const anonymous = await request.post(post.path, { headers: as(), form: post.form, maxRedirects: 0 });
    expect(anonymous.status()).toBe(303);
    expect(anonymous.headers().location).toMatch(/^\/fr\/connexion/);
  }
  // Nothing of A's changed.
  const file = await getOrder(twinDeps(), { actor: a.organizer, orderId: order.orderId });
  expect(file.order).toMatchObject({ status: 'paid', refundedCents: 0 });
  expect(file.payments.filter((payment) => payment.kind === 'refund')).toEqual([]);
  // The owner sees each page.
  for (const path of pages.slice(0, 3)) {
    expect(
      (await request.get(path, { headers: as(a.token), maxRedirects: 0 })).status(),
      `GET ${path} as A`,
    ).toBe(200);
  }
});

test('TIX-14 ORG-02 the orders list, an order and the dashboard at 390 and 1280 px (screenshots)', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const seller = await sellingOrganization(`Théâtre du Bic ${ulid().slice(-4)}`);
  const first = await paidOrder(seller, 2, 'Marie-Ève Côté-Lévesque');
  await paidOrder(seller, 4, 'Jean Roy');
  await paidOrder(seller, 1, 'Awa Diallo');
  const owner = await pageWith(browser, seller.token);
  await owner.goto(`/fr/organisme/commandes/${first.orderId}/rembourser`);
  await owner.getByLabel(/Montant à rembourser/).fill('5');
  await owner.getByLabel(/^Motif/).fill('Retard au spectacle');
  await owner.getByRole('button', { name: 'Continuer' }).click();
  await owner.getByRole('button', { name: /Oui, rembourser/ }).click();
  await expect(owner.getByText(/Le remboursement de 5,00\s\$ a été fait\./)).toBeVisible();
  await owner.context().close();
  for (const width of [390, 1280]) {
    const page = await pageWith(browser, seller.token, { width });
    await page.goto('/fr/organisme');
    await expect(page.getByRole('region', { name: 'Ventes' }).locator('figure svg rect')).toHaveCount(1);
    await page.screenshot({ path: `docs/screenshots/org-dashboard-${width}.png`, fullPage: true });
    await page.goto('/fr/organisme/commandes');
    await expect(page.getByRole('row', { name: /Awa Diallo/ })).toBeVisible();
    await page.screenshot({ path: `docs/screenshots/org-orders-${width}.png`, fullPage: true });
    await page.goto(`/fr/organisme/commandes/${first.orderId}`);
    await expect(page.getByText('Motif : Retard au spectacle')).toBeVisible();
    await page.screenshot({ path: `docs/screenshots/org-orders-detail-${width}.png`, fullPage: true });
    // No sideways scrolling on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await page.goto(`/fr/organisme/commandes/${first.orderId}/annuler`);
    await page.screenshot({ path: `docs/screenshots/org-orders-cancel-${width}.png`, fullPage: true });
    await page.context().close();
  }
});

test('ORG-02 ROLE-06 the dashboard says where buyers come from: the top areas with their share and bar, the other areas together, the orders without a Canadian postal code; without JavaScript; at 390 and 1280 px (screenshots); nobody else reads it', async ({
  browser,
  request,
}) => {
  test.setTimeout(240_000);
  const seller = await sellingOrganization(`Salle ${ulid().slice(-6)}`);
  // 16 buyers: G5L three times, H2X twice, nine other areas once, one without a code, one from abroad.
  const codes = [
    'G5L 1A1',
    'g5l 3b2',
    'G5L8X9',
    'H2X 1Y4',
    'H2X 3K5',
    'B3H 4R2',
    'E1C 4M3',
    'G1R 4P5',
    'J8Y 3G5',
    'K1A 0B1',
    'M5V 2T6',
    'R3C 4T3',
    'T2P 1J9',
    'V6B 1A1',
    null,
    '90210',
  ];
  for (let start = 0; start < codes.length; start += 4) {
    await Promise.all(
      codes
        .slice(start, start + 4)
        .map((code, index) => paidOrder(seller, 1, `Acheteur ${start + index}`, code)),
    );
  }
  const rowsOf = (page: Page) =>
    page.getByRole('region', { name: 'Provenance des acheteurs' }).getByRole('table', {
      name: /^Commandes par région de tri du /,
    });
  const expectAreas = async (page: Page) => {
    const table = rowsOf(page);
    const cells = (name: RegExp) => table.getByRole('row', { name }).getByRole('cell');
    // The ten areas with the most orders, most first (then by area), each with its province.
    await expect(table.locator('tbody th .name')).toHaveText([
      'G5L',
      'H2X',
      'B3H',
      'E1C',
      'G1R',
      'J8Y',
      'K1A',
      'M5V',
      'R3C',
      'T2P',
      'Autres régions (1)',
      'Non précisée',
    ]);
    await expect(cells(/^G5L Québec/)).toHaveText(['3', /^19\s%$/]);
    await expect(cells(/^H2X Québec/)).toHaveText(['2', /^13\s%$/]);
    await expect(cells(/^B3H Nouvelle-Écosse/)).toHaveText(['1', /^6\s%$/]);
    await expect(cells(/^K1A Ontario/)).toHaveText(['1', /^6\s%$/]);
    // V6B, the eleventh, is counted with the others; the code left blank and the US one are not given.
    await expect(cells(/^Autres régions \(1\)/)).toHaveText(['1', /^6\s%$/]);
    await expect(cells(/^Non précisée/)).toHaveText(['2', /^13\s%$/]);
    await expect(table.locator('tfoot')).toContainText('16');
    await expect(table).not.toContainText('V6B');
    await expect(table).not.toContainText('90210');
    // The bars only draw the orders: hidden from assistive technology, the widest for G5L.
    const bars = table.locator('tbody .share-bar');
    await expect(bars).toHaveCount(12);
    for (const bar of await bars.all()) await expect(bar).toHaveAttribute('aria-hidden', 'true');
    // The largest row's bar fills its track; the others are drawn against it.
    await expect(bars.first().locator('rect.fill')).toHaveAttribute('width', '100');
    await expect(bars.nth(2).locator('rect.fill')).toHaveAttribute('width', '33.3');
    // As drawn: G5L's bar is three times B3H's (3 orders to 1), the track the same for both.
    const drawn = async (row: number) => {
      const track = await bars.nth(row).boundingBox();
      const fill = await bars.nth(row).locator('rect.fill').boundingBox();
      return { track: track?.width ?? 0, fill: fill?.width ?? 0 };
    };
    const [g5l, b3h] = [await drawn(0), await drawn(2)];
    expect(g5l.track).toBeCloseTo(b3h.track, 0);
    expect(g5l.fill / b3h.fill).toBeGreaterThan(2.8);
    expect(g5l.fill / b3h.fill).toBeLessThan(3.2);
    expect(g5l.fill / g5l.track).toBeCloseTo(1, 2);
    await expect(page.getByText(/D’après le code postal facultatif demandé au paiement/)).toBeVisible();
    await expect(
      page.getByText('Les 10 régions qui comptent le plus de commandes, puis les autres ensemble.'),
    ).toBeVisible();
  };

  for (const width of [390, 1280]) {
    const page = await pageWith(browser, seller.token, { width });
    await page.goto('/fr/organisme');
    await expectAreas(page);
    await page.getByRole('heading', { name: 'Provenance des acheteurs' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `docs/screenshots/org-dashboard-areas-${width}.png`, fullPage: true });
    // No sideways scrolling on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await page.context().close();
  }

  // Without JavaScript: the same table; a range before the sales has none.
  const plain = await pageWith(browser, seller.token, { javaScriptEnabled: false });
  await plain.goto('/fr/organisme');
  await expectAreas(plain);
  await plain.getByLabel('Du', { exact: true }).fill('2025-01-01');
  await plain.getByLabel('Au', { exact: true }).fill('2025-01-31');
  await plain.getByRole('button', { name: 'Afficher les ventes' }).click();
  await expect(plain).toHaveURL(/du=2025-01-01&au=2025-01-31/);
  await expect(
    plain
      .getByRole('region', { name: 'Provenance des acheteurs' })
      .getByText('Aucune commande pendant cette période.'),
  ).toBeVisible();
  await plain.context().close();

  // ROLE-06: another organization's member sees its own (empty) areas, even naming the seller's
  // event or organization; a chat moderator and anonymous visitors do not get the dashboard.
  const other = await sellingOrganization(`Autre ${ulid().slice(-6)}`);
  const headers = (token?: string) => ({
    ...(token ? { cookie: `parvis_session=${token}` } : {}),
    accept: 'text/html',
  });
  for (const path of ['/fr/organisme', `/fr/organisme?evenement=${seller.eventId}`]) {
    const answer = await request.get(path, { headers: headers(other.token), maxRedirects: 0 });
    expect(answer.status(), `GET ${path} as another organization`).toBe(200);
    const html = await answer.text();
    expect(html).toContain('Aucune commande pendant cette période.');
    for (const area of ['G5L', 'H2X', 'K1A', 'Autres régions']) expect(html, path).not.toContain(area);
  }
  const named = await request.get(`/fr/organisme?organisme=${seller.orgId}`, {
    headers: headers(other.token),
    maxRedirects: 0,
  });
  expect(named.status()).not.toBe(200);
  expect(await named.text()).not.toContain('G5L');
  const moderatorUser = await createAccount(twinDeps(), {
    email: `moderation+${ulid().toLowerCase()}@example.org`,
    password: 'correct horse battery staple',
  });
  const moderator = await sessionFor(moderatorUser.userId, {
    roles: [{ orgId: seller.orgId, role: 'moderator' }],
  });
  const asModerator = await request.get('/fr/organisme', { headers: headers(moderator), maxRedirects: 0 });
  expect(asModerator.status()).toBe(403);
  expect(await asModerator.text()).not.toContain('G5L');
  const anonymous = await request.get('/fr/organisme', { headers: headers(), maxRedirects: 0 });
  expect(anonymous.status()).toBe(303);
  expect(anonymous.headers().location).toMatch(/^\/fr\/connexion/);
});

test('TIX-08 ORG-02 TIX-14 ROLE-06 a pass order is listed under the pass’s title, opens with the events it admits to, and the dashboard counts it as passes sold; another organization gets 404', async ({
  browser,
  request,
}) => {
  test.setTimeout(180_000);
  const tag = ulid().slice(-5);
  const seller = await sellingOrganization(`Festival ${tag}`);
  const second = await publishedEvent(seller, `Les Fourberies de Scapin ${tag}`, 27);
  // TIX-08: staff create the pass over the organization's two events, and its tier.
  const title = `Saison de théâtre ${tag}`;
  const now = Date.now();
  const { passId } = await savePass(twinDeps(), {
    actor: { userId: staff.userId },
    fields: {
      orgId: seller.orgId,
      title,
      eventIds: [seller.eventId, second.eventId],
      status: 'active',
      salesStartAt: new Date(now - 86_400_000).toISOString(),
      salesEndAt: new Date(now + 15 * 86_400_000).toISOString(),
    },
  });
  const { ticketTypeId: tierId } = await saveTicketType(twinDeps(), {
    actor: { userId: staff.userId, orgId: seller.orgId, staff: true },
    eventId: passId,
    fields: {
      nameFr: 'Adulte',
      nameEn: 'Adult',
      priceCents: 4000,
      taxes: 'included',
      quantity: 20,
      perPersonMax: 4,
    },
  });
  // Two passes, paid on the fake Stripe page: four tickets, two passes sold.
  const order = await paidOrder({ eventId: passId, ticketTypeId: tierId, organizer: seller.organizer }, 2);
  expect(order).toMatchObject({
    eventId: passId,
    passEventIds: [seller.eventId, second.eventId],
    ticketCount: 2,
  });

  for (const width of [1280, 390]) {
    const page = await pageWith(browser, seller.token, { width });
    // TIX-14: listed under the pass's title, found with the pass as the filter.
    await page.goto('/fr/organisme/commandes');
    const row = page.getByRole('row', { name: new RegExp(order.orderId) });
    await expect(row).toContainText(`Passe : ${title}`);
    await expect(row).toContainText(money('80,00'));
    await page.getByRole('combobox', { name: /^Événement/ }).selectOption({ label: `Passe : ${title}` });
    await page.getByRole('button', { name: 'Afficher', exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`evenement=${passId}`));
    await expect(page.getByRole('row', { name: new RegExp(order.orderId) })).toBeVisible();
    // Filtered by one of its events, the pass's order is not that event's.
    await page.goto(`/fr/organisme/commandes?evenement=${second.eventId}`);
    await expect(
      page.getByText('Aucune commande ne correspond à ces critères sur cette page.'),
    ).toBeVisible();

    // The detail: the pass, the events it admits to, a ticket per pass per event.
    await page.goto(`/fr/organisme/commandes?evenement=${passId}`);
    const link = page.getByRole('link', { name: new RegExp(order.orderId) });
    await expect(link).toHaveAttribute('href', `/fr/organisme/commandes/${order.orderId}`);
    // Where a person clicks: on the number (the link's box also holds its hidden words).
    await link.getByText(order.orderId, { exact: true }).click();
    await expect(page.getByRole('heading', { name: `Commande ${order.orderId}` })).toBeVisible();
    await expect(page.getByRole('term').filter({ hasText: /^Passe$/ })).toBeVisible();
    await expect(page.getByRole('definition').filter({ hasText: new RegExp(`^${title}$`) })).toBeVisible();
    const included = page.getByRole('region', { name: 'Événements compris dans la passe' });
    await expect(included.getByRole('listitem')).toHaveCount(2);
    await expect(included.getByRole('listitem').first()).toContainText(seller.title);
    await expect(included.getByRole('listitem').last()).toContainText(second.title);
    const tickets = page.getByRole('table', { name: /Billets de la commande/ });
    await expect(tickets.getByRole('row', { name: new RegExp(seller.title) })).toHaveCount(2);
    await expect(tickets.getByRole('row', { name: new RegExp(second.title) })).toHaveCount(2);
    await expect(page.getByRole('table', { name: /Lignes de la commande/ })).toContainText(
      `${title} — Adulte`,
    );
    await page.screenshot({ path: `docs/screenshots/org-pass-order-${width}.png`, fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);

    // ORG-02: the dashboard counts passes sold beside tickets, in the summary and the chart's table.
    await page.goto('/fr/organisme');
    const sales = page.getByRole('region', { name: 'Ventes' });
    const figure = (term: string) =>
      sales.locator('.figures div').filter({ has: page.getByRole('term').filter({ hasText: term }) });
    await expect(figure('Passes vendues').getByRole('definition')).toHaveText('2');
    await expect(figure('Billets vendus').getByRole('definition')).toHaveText('0');
    const byDay = sales.getByRole('table', { name: /Ventes par jour du/ });
    await expect(byDay.getByRole('columnheader', { name: 'Passes vendues' })).toHaveCount(1);
    await expect(byDay.locator('tfoot td').nth(1)).toHaveText('2');
    await page.screenshot({
      path: `docs/screenshots/org-dashboard-passes-dates-${width}.png`,
      fullPage: true,
    });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    // Chosen like an event: the pass's own counters.
    await sales.getByRole('group', { name: 'Par passe' }).getByLabel(title).check();
    await sales.getByRole('button', { name: 'Afficher les ventes' }).click();
    await expect(page).toHaveURL(new RegExp(`evenement=${passId}`));
    const byEvent = sales.getByRole('table', { name: /Ventes par événement/ });
    const passRow = byEvent.getByRole('row', { name: new RegExp(`Passe : ${title}`) });
    await expect(passRow.getByRole('cell')).toHaveText(['0', '2', '1', money('80,00')]);
    await expect(sales.getByRole('group', { name: 'Par passe' }).getByLabel(title)).toBeChecked();
    await page.screenshot({ path: `docs/screenshots/org-dashboard-passes-${width}.png`, fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await page.context().close();
  }

  // Without JavaScript: the filters are plain forms.
  const plain = await pageWith(browser, seller.token, { javaScriptEnabled: false });
  await plain.goto('/fr/organisme');
  await plain.getByRole('group', { name: 'Par passe' }).getByLabel(title).check();
  await plain.getByRole('button', { name: 'Afficher les ventes' }).click();
  await expect(
    plain
      .getByRole('table', { name: /Ventes par événement/ })
      .getByRole('row', { name: new RegExp(`Passe : ${title}`) }),
  ).toContainText(money('80,00'));
  await plain.goto('/fr/organisme/commandes');
  await plain.getByRole('combobox', { name: /^Événement/ }).selectOption({ label: `Passe : ${title}` });
  await plain.getByRole('button', { name: 'Afficher', exact: true }).click();
  await expect(plain.getByRole('row', { name: new RegExp(order.orderId) })).toContainText(`Passe : ${title}`);
  await plain.context().close();

  // ROLE-06: another organization's member gets 404 on the order, and sees nothing of the pass.
  const other = await sellingOrganization(`Autre ${tag}`);
  const headers = (token?: string) => ({
    ...(token ? { cookie: `parvis_session=${token}` } : {}),
    accept: 'text/html',
  });
  const detail = `/fr/organisme/commandes/${order.orderId}`;
  expect((await request.get(detail, { headers: headers(other.token), maxRedirects: 0 })).status()).toBe(404);
  const anonymous = await request.get(detail, { headers: headers(), maxRedirects: 0 });
  expect(anonymous.status()).toBe(303);
  expect(anonymous.headers().location).toMatch(/^\/fr\/connexion/);
  for (const path of [`/fr/organisme/commandes?evenement=${passId}`, `/fr/organisme?evenement=${passId}`]) {
    const answer = await request.get(path, { headers: headers(other.token), maxRedirects: 0 });
    expect(answer.status(), `GET ${path} as another organization`).toBe(200);
    const html = await answer.text();
    expect(html).not.toContain(title);
    expect(html).not.toContain(order.orderId);
  }
  expect((await request.get(detail, { headers: headers(seller.token), maxRedirects: 0 })).status()).toBe(200);
});
