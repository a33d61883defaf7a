import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Browser, expect, type Page, test } from '@playwright/test';
import jsQR from 'jsqr';
import sharp from 'sharp';
import { ulid } from 'ulid';
import { ticketSignerFromEnv } from '../../shared/adapters/secrets-manager';
import { scanTicket } from '../../shared/entry/scan-ticket';
import { savePromoCode } from '../../shared/orders/promo-codes';
import { listTicketTypes, withdrawTicketType } from '../../shared/ticketing/ticket-types';
import { attachmentsOf } from '../../tests/mail-viewer';
import { e2e } from './support/e2e';
import { ordersOf, sellingEvent } from './support/selling';
import { e2eTwin, mailTo, twinDeps, waitFor } from './support/twin';

/**
 * The public buying and registering path (issue #13 "What must hold" 1 and 4: TIX-03..07, TIX-09,
 * TIX-10, TIX-11, TIX-12), against the built site, its twin and the fake Stripe and PayPal: a
 * visitor buys on the event's sheet, pays on the provider's page and comes back to « Payée »; the
 * e-mail reaches the SES twin with the receipt and the tickets, whose QR codes scan once at the
 * door; the same with PayPal; a free registration and its cancellation; every bad input refused in
 * words and nothing oversold; the whole path without JavaScript. Screenshots: docs/screenshots/
 * checkout-*.png, order-*.png, ticket-fr.png, receipt-fr.png.
 */

const run = promisify(execFile);
async function promo(
  event: Awaited<ReturnType<typeof sellingEvent>>,
  code: string,
  fields: { percentOff?: number; usageLimit?: number; validUntil?: string; validFrom?: string },
) {
  await savePromoCode(twinDeps(), {
    actor: event.organizer,
    eventId: event.eventId,
    code,
    fields: { kind: 'percent', percentOff: fields.percentOff ?? 10, ...fields },
  });
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
  const page = await context.newPage();
  page.on('dialog', (dialog) => {
    throw new Error(`a dialog opened: ${dialog.message()}`);
  });
  return page;
}

const remainingOf = async (eventId: string, ticketTypeId: string) =>
  (await listTicketTypes(twinDeps(), { eventId, consistent: true })).ticketTypes.find(
    (type) => type.ticketTypeId === ticketTypeId,
  )?.remaining;

async function fillBuyer(page: Page, email: string) {
  await page.getByLabel('Nom complet').fill('Marie Côté');
  await page.getByLabel('Adresse courriel').fill(email);
  await page.getByLabel('Code postal').fill('G5L 1A1');
}

/** A PDF printed at 150 dpi by pdftoppm: one PNG per page. */
async function pagesOf(bytes: Uint8Array, name: string): Promise<string[]> {
  const work = await mkdtemp(join(tmpdir(), 'parvis-checkout-'));
  const file = join(work, `${name}.pdf`);
  await writeFile(file, bytes);
  await run('pdftoppm', ['-png', '-r', '150', file, join(work, name)]);
  return (await readdir(work))
    .filter((entry) => entry.startsWith(`${name}-`) && entry.endsWith('.png'))
    .sort()
    .map((entry) => join(work, entry));
}

async function qrOf(png: string): Promise<string | undefined> {
  const { data, info } = await sharp(await readFile(png))
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const pixels = new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength);
  return jsQR(pixels, info.width, info.height, { inversionAttempts: 'dontInvert' })?.data;
}

test.describe('TIX-09 checkout', () => {
  test('TIX-09 TIX-10 TIX-12 TIX-05 TIX-07 without JavaScript: 2 tickets with a promo code and a box, paid on the fake Stripe page, « Payée », the e-mail with the receipt and tickets, each QR scans once', async ({
    browser,
  }) => {
    test.setTimeout(240_000);
    const event = await sellingEvent({
      providers: ['stripe'],
      categories: [
        { nameFr: 'Régulier', nameEn: 'Regular', priceCents: 2500 },
        { nameFr: 'Étudiant', nameEn: 'Student', priceCents: 1500, taxes: 'added' },
      ],
      messages: {
        beforeSale: 'Les billets ne sont ni remboursables ni échangeables.',
        confirmation: 'Les portes ouvrent à 19 h.',
      },
      box: { labelFr: 'Affiche du spectacle', labelEn: 'Show poster', priceCents: 1000 },
    });
    await promo(event, 'NUIT10', { percentOff: 10 });
    const email = `acheteur.${ulid().toLowerCase()}@example.org`;
    const page = await pageWith(browser, { javaScriptEnabled: false });

    // The sheet: categories with their price and state, one button.
    await page.goto(`/fr/evenements/${event.slug}`);
    const tickets = page.getByRole('region', { name: 'Billets' });
    await expect(tickets).toContainText('Régulier');
    await expect(tickets).toContainText(/25,00\s\$ taxes incluses/);
    await expect(tickets).toContainText(/15,00\s\$ \+ taxes/);
    await expect(tickets).toContainText('En vente');
    await tickets.getByRole('link', { name: 'Acheter des billets' }).click();

    // The checkout: live availability, the organizer's message, the box.
    await expect(page.getByRole('heading', { name: 'Acheter des billets' })).toBeVisible();
    await expect(page.getByText('Les billets ne sont ni remboursables ni échangeables.')).toBeVisible();
    await expect(page.getByText(/100 places restantes/).first()).toBeVisible();
    expect(page.url()).toContain(`/fr/evenements/${event.slug}/billets`);
    await page.getByLabel('Régulier').fill('2');
    await page.getByLabel(/Affiche du spectacle \(10,00\s\$ taxes incluses\)/).check();
    await page.getByLabel('Code promotionnel').fill('nuit10');
    await fillBuyer(page, email);
    await page.screenshot({ path: 'docs/screenshots/checkout-1280.png', fullPage: true });
    await page.getByRole('button', { name: 'Passer au paiement' }).click();

    // The fake Stripe page, with the server's figures: 2 × 25 $ − 10 % + 10 $ = 55 $.
    await expect(page.getByRole('heading', { name: 'Paiement sécurisé Stripe' })).toBeVisible();
    await expect(page.getByText(/Montant à payer : 55,00\s\$/)).toBeVisible();
    const [order] = await ordersOf(event.orgId);
    expect(order).toMatchObject({
      status: 'pendingPayment',
      totalCents: 5500,
      discountCents: 500,
      ticketCount: 2,
    });
    await page.getByRole('button', { name: /Payer/ }).click();

    // Back on the order page, paid without waiting for the webhook.
    await expect(page).toHaveURL(new RegExp(`/fr/commandes/${order?.orderId}\\?retour=paiement`));
    await expect(page.getByText('Payée', { exact: true })).toBeVisible();
    await expect(page.getByText('Merci, Marie! Votre paiement est reçu.')).toBeVisible();
    await expect(page.getByText('Les portes ouvrent à 19 h.')).toBeVisible();
    const lines = page.getByRole('table', { name: 'Détail de la commande' });
    await expect(lines.getByRole('row', { name: /Régulier/ })).toContainText(/50,00\s\$/);
    await expect(lines.getByRole('row', { name: /Rabais \(code NUIT10\)/ })).toContainText(/5,00\s\$/);
    await expect(lines.getByRole('row', { name: /Total/ })).toContainText(/55,00\s\$/);
    await expect(page.getByText('Billet 2 — Régulier')).toBeVisible();
    expect(await remainingOf(event.eventId, event.ticketTypeIds[0] ?? '')).toBe(98);

    // TIX-10: the e-mail reaches the SES twin with both PDFs.
    const mail = await waitFor(
      async () => (await mailTo(email)).find((sent) => sent.attachments.length >= 2),
      120_000,
      500,
    );
    const attachments = attachmentsOf(mail);
    expect(attachments.map((attachment) => attachment.filename)).toEqual([
      `recu-${order?.orderId}.pdf`,
      `billets-${order?.orderId}.pdf`,
    ]);
    const receiptPages = await pagesOf(attachments[0]?.bytes ?? new Uint8Array(), 'recu');
    await copyFile(receiptPages[0] ?? '', 'docs/screenshots/receipt-fr.png');
    const ticketPages = await pagesOf(attachments[1]?.bytes ?? new Uint8Array(), 'billets');
    expect(ticketPages).toHaveLength(2);
    await copyFile(ticketPages[0] ?? '', 'docs/screenshots/ticket-fr.png');

    // TIX-12: each ticket's QR code, read from the printed page, scans valid once, then already used.
    const door = { ...twinDeps(), ticketKeys: ticketSignerFromEnv(e2eTwin().env) };
    const scanner = { userId: event.userId, orgId: event.orgId };
    for (const png of ticketPages) {
      const token = await qrOf(png);
      expect(token, `${png} has a readable QR code`).toBeDefined();
      const scan = (n: number) =>
        scanTicket(door, {
          actor: scanner,
          eventId: event.eventId,
          scanId: `scan-${ulid()}-${n}`,
          token: token ?? '',
          scannedAt: new Date().toISOString(),
          deviceId: 'e2e-door',
        });
      expect((await scan(1)).result).toBe('valid');
      expect((await scan(2)).result).toBe('alreadyUsed');
    }

    // The order page links the stored PDFs, behind the buyer's key (here the order's cookie).
    await page.reload();
    await expect(page.getByRole('link', { name: 'Billets (PDF)' })).toBeVisible();
    const href = (await page.getByRole('link', { name: 'Billets (PDF)' }).getAttribute('href')) ?? '';
    const document = await page.request.get(href);
    expect(document.status()).toBe(200);
    expect((await document.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await page.screenshot({ path: 'docs/screenshots/order-1280.png', fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: 'docs/screenshots/order-390.png', fullPage: true });
  });

  test('TIX-09 with PayPal, in English: chosen when the organization has both, cancelled then resumed on the fake PayPal page, « Paid »', async ({
    browser,
  }) => {
    test.setTimeout(120_000);
    const event = await sellingEvent({
      providers: ['stripe', 'paypal'],
      categories: [{ nameFr: 'Régulier', nameEn: 'Regular', priceCents: 3000 }],
    });
    const page = await pageWith(browser, { width: 390 });
    await page.goto(`/fr/evenements/${event.slug}/billets`);
    await page.getByLabel('Régulier').fill('1');
    await fillBuyer(page, `paypal.${ulid().toLowerCase()}@example.org`);
    await page.getByRole('group', { name: 'Mode de paiement' }).getByLabel('PayPal').check();
    // Tickets and e-mails in English: the order page is then the English one.
    await page
      .getByRole('group', { name: 'Langue de vos billets et courriels' })
      .getByLabel('English')
      .check();
    await page.screenshot({ path: 'docs/screenshots/checkout-390.png', fullPage: true });
    await page.getByRole('button', { name: 'Passer au paiement' }).click();
    await expect(page.getByRole('heading', { name: 'Paiement sécurisé PayPal' })).toBeVisible();
    await expect(page.getByText(/Montant à payer : 30,00\s\$/)).toBeVisible();

    // The buyer cancels on PayPal's page: back on the order, nothing charged, seats held, « try again ».
    await page.getByRole('button', { name: 'Annuler' }).click();
    await expect(page).toHaveURL(/\/en\/commandes\/[^/?]+\?retour=annule/);
    await expect(page.getByText('Awaiting payment', { exact: true })).toBeVisible();
    await expect(page.getByText(/You cancelled the payment\. Nothing was charged/)).toBeVisible();
    await page.getByRole('link', { name: 'Resume the payment' }).click();
    await expect(page.getByRole('heading', { name: 'Paiement sécurisé PayPal' })).toBeVisible();
    await page.getByRole('button', { name: /Payer/ }).click();
    await expect(page.getByText('Paid', { exact: true })).toBeVisible();
    const [order] = await ordersOf(event.orgId);
    expect(order).toMatchObject({ status: 'paid', provider: 'paypal', totalCents: 3000, locale: 'en' });
    await expect(page.getByText(new RegExp(`PayPal transaction: ${order?.transactionId}`))).toBeVisible();
  });

  test('TIX-02 TIX-04 TIX-11 a free registration: « S’inscrire », confirmed at once, then cancelled in one step (seats back, organizer told)', async ({
    browser,
  }) => {
    test.setTimeout(120_000);
    const event = await sellingEvent({
      categories: [{ nameFr: 'Entrée libre', nameEn: 'Free entry', priceCents: 0, quantity: 30 }],
      pickUpAtVenue: true,
    });
    const email = `inscrit.${ulid().toLowerCase()}@example.org`;
    const page = await pageWith(browser, { javaScriptEnabled: false });
    await page.goto(`/fr/evenements/${event.slug}`);
    await page.getByRole('region', { name: 'Inscription' }).getByRole('link', { name: 'S’inscrire' }).click();
    await expect(page.getByRole('heading', { name: 'S’inscrire' })).toBeVisible();
    // No promo code and no provider for a free registration.
    await expect(page.getByLabel('Code promotionnel')).toHaveCount(0);
    await page.getByLabel('Entrée libre').fill('2');
    await page.getByLabel('Je souhaite récupérer mes billets sur place').check();
    await fillBuyer(page, email);
    await page.getByRole('button', { name: 'Confirmer mon inscription' }).click();
    await expect(page.getByText('Inscription confirmée', { exact: true })).toBeVisible();
    await expect(page.getByText('Vos billets vous attendent sur place')).toBeVisible();
    expect(page.url()).toContain('?cle=');
    const ticketTypeId = event.ticketTypeIds[0] ?? '';
    expect(await remainingOf(event.eventId, ticketTypeId)).toBe(28);

    await page.getByRole('link', { name: 'Annuler mon inscription' }).click();
    await expect(page.getByRole('heading', { name: 'Annuler mon inscription' })).toBeVisible();
    await page.getByRole('button', { name: 'Oui, annuler mon inscription' }).click();
    await expect(page.getByText('Votre inscription est annulée.')).toBeVisible();
    await expect(page.getByText('Annulée', { exact: true })).toBeVisible();
    expect(await remainingOf(event.eventId, ticketTypeId)).toBe(30);
    // The organizer is told at the organization's contact address.
    const notice = await waitFor(async () => (await mailTo(event.contactEmail))[0], 60_000, 500);
    expect(notice.subject).toMatch(/annul/i);
    // A second click changes nothing.
    await page.goBack();
    await page.reload();
    await expect(page.getByText('Cette inscription est déjà annulée.')).toBeVisible();
  });

  test('TIX-09 TIX-03 TIX-07 bad input is refused in words, a tampered price is ignored, a double click makes one order, nothing is oversold', async ({
    browser,
  }) => {
    test.setTimeout(180_000);
    const later = new Date(Date.now() + 10 * 86_400_000).toISOString();
    const event = await sellingEvent({
      providers: ['stripe'],
      categories: [
        { nameFr: 'Régulier', nameEn: 'Regular', priceCents: 2500, quantity: 3, perPersonMax: 3 },
        { nameFr: 'Première', nameEn: 'Opening', priceCents: 4000, salesStartAt: later },
        { nameFr: 'Ancien tarif', nameEn: 'Old price', priceCents: 2000 },
      ],
      messages: { soldOut: 'Complet! Écrivez-nous pour la liste d’attente.' },
    });
    const [regular = '', opening = '', old = ''] = event.ticketTypeIds;
    await withdrawTicketType(twinDeps(), {
      actor: event.organizer,
      eventId: event.eventId,
      ticketTypeId: old,
    });
    await promo(event, 'PASSE', { validUntil: new Date(Date.now() - 86_400_000).toISOString() });
    await promo(event, 'UNEFOIS', { usageLimit: 1 });
    await twinDeps()
      .db.orders.entities.promoCode.patch({ eventId: event.eventId, code: 'UNEFOIS' })
      .set({ used: 1 })
      .go();
    const page = await pageWith(browser, { javaScriptEnabled: false });
    await page.goto(`/fr/evenements/${event.slug}/billets`);

    // Sales not yet open and a withdrawn category: said, and no quantity to fill.
    await expect(page.getByText(/Première/)).toBeVisible();
    await expect(page.getByText(/En vente à partir du/)).toBeVisible();
    await expect(page.getByText('Plus en vente')).toBeVisible();
    await expect(page.getByLabel('Première')).toHaveCount(0);
    await expect(page.getByLabel('Ancien tarif')).toHaveCount(0);

    const quantity = page.getByLabel('Régulier');
    const submit = () => page.getByRole('button', { name: 'Passer au paiement' }).click();
    await fillBuyer(page, `refus.${ulid().toLowerCase()}@example.org`);
    for (const typed of ['-2', '99999999999999999999', 'deux']) {
      await quantity.fill(typed);
      await submit();
      await expect(page.locator('.error-summary')).toContainText(
        'Chaque quantité doit être un nombre entier entre 1 et 20.',
      );
      // What was typed is kept.
      await expect(page.getByLabel('Régulier')).toHaveValue(typed);
      await expect(page.getByLabel('Nom complet')).toHaveValue('Marie Côté');
    }
    await quantity.fill('1');
    for (const [code, words] of [
      ['passe', 'Le code promotionnel « PASSE » n’est plus valide.'],
      ['UNEFOIS', 'Le code promotionnel « UNEFOIS » a atteint sa limite d’utilisation.'],
      ['INCONNU', 'Le code promotionnel « INCONNU » n’existe pas pour cet événement.'],
    ] as const) {
      await page.getByLabel('Code promotionnel').fill(code);
      await submit();
      await expect(page.locator('.error-summary')).toContainText(words);
      await expect(page.getByLabel('Code promotionnel')).toHaveValue(code);
    }
    await page.getByLabel('Code promotionnel').fill('');
    // More than are left: refused with the organizer's text (TIX-06), nothing held.
    await quantity.fill('4');
    await submit();
    await expect(page.locator('.error-summary')).toContainText(
      /Vous pouvez prendre au plus 3 billets « Régulier »|Il ne reste pas assez de billets « Régulier »/,
    );
    await expect(page.getByText('Complet! Écrivez-nous pour la liste d’attente.')).toBeVisible();
    expect(await ordersOf(event.orgId)).toHaveLength(0);
    await page.screenshot({ path: 'docs/screenshots/checkout-errors-1280.png', fullPage: true });

    // Posted straight (a form altered in the browser): a category not yet on sale, a withdrawn one.
    const key = () => crypto.randomUUID();
    const post = (fields: Record<string, string>) =>
      fetch(`${e2e.origin}/fr/evenements/${event.slug}/billets`, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          origin: e2e.origin,
          accept: 'text/html',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({
          name: 'Paul Roy',
          email: 'paul.roy@example.org',
          language: 'fr',
          provider: 'stripe',
          ...fields,
        }),
      });
    for (const ticketTypeId of [opening, old]) {
      const refused = await post({ checkoutKey: key(), [`qty-${ticketTypeId}`]: '1' });
      expect(refused.status).toBe(409);
      expect(await refused.text()).toMatch(/ne sont pas en vente en ce moment/);
    }

    // A price sent with the form is never read: the order costs what the category costs.
    const tampered = await post({
      checkoutKey: key(),
      [`qty-${regular}`]: '1',
      [`price-${regular}`]: '1',
      price: '0.01',
      totalCents: '1',
      unitPriceCents: '1',
    });
    expect(tampered.status).toBe(303);
    const [charged] = await ordersOf(event.orgId);
    expect(charged).toMatchObject({ totalCents: 2500, subtotalCents: 2500 });

    // A double click: two posts of one form at once, one order, one provider page, one payment.
    const sameKey = key();
    const form = { checkoutKey: sameKey, [`qty-${regular}`]: '2', email: 'double.clic@example.org' };
    const [first, second] = await Promise.all([post(form), post(form)]);
    expect([first.status, second.status]).toEqual([303, 303]);
    expect(first.headers.get('location')).toBe(second.headers.get('location'));
    const orders = await ordersOf(event.orgId);
    expect(orders).toHaveLength(2);
    // Three seats: one and two held, none left; a third buyer is refused, never oversold.
    expect(await remainingOf(event.eventId, regular)).toBe(0);
    const refused = await post({
      checkoutKey: key(),
      [`qty-${regular}`]: '1',
      email: 'trop.tard@example.org',
    });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toMatch(/Il ne reste pas assez de billets « Régulier »/);
    // The buyer's browser holds the order's key in the cookie the answer set.
    const payment = await pageWith(browser);
    const cookie = /^([^=]+)=([^;]+);.*Path=([^;]+)/i.exec(
      first.headers.getSetCookie().find((line) => line.startsWith('parvis_commande_')) ?? '',
    );
    expect(cookie, 'the answer sets the order key cookie').not.toBeNull();
    await payment
      .context()
      .addCookies([
        { name: cookie?.[1] ?? '', value: cookie?.[2] ?? '', domain: 'localhost', path: cookie?.[3] ?? '/' },
      ]);
    await payment.goto(first.headers.get('location') ?? '');
    await payment.getByRole('button', { name: /Payer/ }).click();
    await expect(payment.getByText('Payée', { exact: true })).toBeVisible();
    const paid = (await ordersOf(event.orgId)).filter((order) => order.status === 'paid');
    expect(paid).toHaveLength(1);
    expect(paid[0]?.totalCents).toBe(5000);
  });
});
