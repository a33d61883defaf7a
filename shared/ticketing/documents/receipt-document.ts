import type { Locale } from '../../kernel/errors';
import { escapeHtml } from '../../templates/email/compose';
import { formatDateTime, formatMoney } from '../../templates/i18n/format';
import { localeTag } from '../../templates/i18n/locale';
import { addressHtml, type DocumentMessageKey, documentShell, text } from './document-html';
import type { ReceiptDocumentView, ReceiptTaxView } from './document-views';

/**
 * The receipt of an order (TIX-10, TIX-14): the organization is the seller (the money went to its
 * own Stripe or PayPal, TIX-09), the lines as ordered, GST and QST apart when they are added to
 * the prices, the total, and the provider's transaction number the organizer finds in Stripe or
 * PayPal. The amounts are the order's, printed, never recomputed here.
 */
export function receiptDocumentHtml(view: ReceiptDocumentView): string {
  const { locale, currency } = view;
  const money = (cents: number) => escapeHtml(formatMoney(cents, currency, locale));
  const seller = [
    `<p class="name break">${escapeHtml(view.seller.name)}</p>`,
    view.seller.address ? `<p>${addressHtml(view.seller.address)}</p>` : '',
    ...[view.seller.email, view.seller.phone]
      .filter((value): value is string => Boolean(value))
      .map((value) => `<p class="break">${escapeHtml(value)}</p>`),
    view.seller.gstNumber
      ? `<p class="muted">${text(locale, 'receiptDoc.gstNumber', { number: view.seller.gstNumber })}</p>`
      : '',
    view.seller.qstNumber
      ? `<p class="muted">${text(locale, 'receiptDoc.qstNumber', { number: view.seller.qstNumber })}</p>`
      : '',
  ].join('');
  const buyer = [view.buyer.name, view.buyer.email, view.buyer.phone, view.buyer.postalCode]
    .filter((value): value is string => Boolean(value))
    .map((value, index) => `<p class="${index === 0 ? 'name ' : ''}break">${escapeHtml(value)}</p>`)
    .join('');
  const lines = view.lines
    .map(
      (line) => `<tr>
        <th scope="row" class="item break">${escapeHtml(line.description)}${
          line.detail ? `<span class="detail muted">${escapeHtml(line.detail)}</span>` : ''
        }</th>
        <td class="num">${line.quantity}</td>
        <td class="num">${line.unitPriceCents === 0 ? text(locale, 'receiptDoc.free') : money(line.unitPriceCents)}</td>
        <td class="num">${money(line.amountCents)}</td>
      </tr>`,
    )
    .join('');
  const totals: [string, string][] = [[text(locale, 'receiptDoc.subtotal'), money(view.subtotalCents)]];
  for (const discount of view.discounts ?? []) {
    totals.push([
      text(locale, 'receiptDoc.discount', { label: discount.label }),
      `−${money(discount.amountCents)}`,
    ]);
  }
  const taxes = view.taxesIncluded ? [] : (view.taxes ?? []);
  for (const tax of taxes) totals.push([taxLabel(tax, locale), money(tax.amountCents)]);
  const totalRows = totals
    .map(([label, value]) => `<tr><th scope="row">${label}</th><td class="num">${value}</td></tr>`)
    .join('');
  const providerName = (provider: 'stripe' | 'paypal') =>
    text(locale, `receiptDoc.provider.${provider}` satisfies DocumentMessageKey);
  const payment = view.payment
    ? `<p>${text(
        locale,
        'receiptDoc.paidWith',
        { date: formatDateTime(view.payment.paidAt, view.timeZone, locale) },
        { provider: providerName(view.payment.provider) },
      )}</p>
      <p>${text(
        locale,
        'receiptDoc.transaction',
        { transaction: view.payment.transactionId },
        { provider: escapeHtml(view.payment.provider === 'stripe' ? 'Stripe' : 'PayPal') },
      )}</p>`
    : `<p>${text(locale, 'receiptDoc.noPayment')}</p>`;
  const body = `<main class="receipt">
  <header class="top">
    <div>
      <p class="eyebrow">${escapeHtml(view.seller.name)}</p>
      <h1>${text(locale, 'receiptDoc.heading')}</h1>
    </div>
    <dl class="meta">
      <div><dt>${text(locale, 'receiptDoc.order')}</dt><dd class="mono">${escapeHtml(view.orderNumber)}</dd></div>
      <div><dt>${text(locale, 'receiptDoc.date')}</dt><dd>${escapeHtml(formatDateTime(view.placedAt, view.timeZone, locale))}</dd></div>
    </dl>
  </header>
  <div class="parties">
    <section><h2 class="eyebrow">${text(locale, 'receiptDoc.seller')}</h2>${seller}</section>
    <section><h2 class="eyebrow">${text(locale, 'receiptDoc.buyer')}</h2>${buyer}</section>
  </div>
  <table class="lines">
    <caption>${text(locale, 'receiptDoc.caption')}</caption>
    <thead><tr>
      <th scope="col">${text(locale, 'receiptDoc.col.item')}</th>
      <th scope="col" class="num">${text(locale, 'receiptDoc.col.quantity')}</th>
      <th scope="col" class="num">${text(locale, 'receiptDoc.col.unitPrice')}</th>
      <th scope="col" class="num">${text(locale, 'receiptDoc.col.amount')}</th>
    </tr></thead>
    <tbody>${lines}</tbody>
  </table>
  <table class="totals">
    <tbody>${totalRows}</tbody>
    <tfoot><tr><th scope="row">${text(locale, 'receiptDoc.total')}</th><td class="num">${money(view.totalCents)}</td></tr></tfoot>
  </table>
  ${view.taxesIncluded ? `<p class="note muted">${text(locale, 'receiptDoc.taxesIncluded')}</p>` : ''}
  <section class="payment"><h2 class="eyebrow">${text(locale, 'receiptDoc.payment')}</h2>${payment}</section>
  ${view.message ? `<section class="message break">${escapeHtml(view.message).replace(/\r?\n/g, '<br>')}</section>` : ''}
  <p class="footer muted">${text(locale, 'receiptDoc.footer', { organization: view.seller.name })}</p>
</main>`;
  return documentShell(
    locale,
    text(locale, 'receiptDoc.title', { orderNumber: view.orderNumber }),
    style,
    body,
  );
}

const percentFormats = new Map<Locale, Intl.NumberFormat>();

function taxLabel(tax: ReceiptTaxView, locale: Locale): string {
  let format = percentFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(localeTag(locale), { style: 'percent', maximumFractionDigits: 3 });
    percentFormats.set(locale, format);
  }
  return text(locale, `receiptDoc.tax.${tax.kind}` satisfies DocumentMessageKey, {
    rate: format.format(tax.ratePercent / 100),
  });
}

const style = `
.top { display: flex; justify-content: space-between; align-items: flex-end; gap: 24pt;
  border-bottom: 2pt solid #7a2e1d; padding-bottom: 10pt; }
h1 { font-size: 24pt; line-height: 1.1; }
.meta { display: grid; grid-template-columns: auto auto; gap: 2pt 14pt; text-align: right; }
.meta div { display: contents; }
.meta dt { font-weight: 700; color: #4a4a4a; }
.parties { display: grid; grid-template-columns: 1fr 1fr; gap: 24pt; margin-top: 16pt; }
.parties h2 { margin-bottom: 4pt; }
.name { font-weight: 700; }
table { width: 100%; border-collapse: collapse; }
.lines { margin-top: 20pt; }
.lines caption { text-align: left; font-size: 8.5pt; font-weight: 700; letter-spacing: 0.08em;
  text-transform: uppercase; color: #7a2e1d; padding-bottom: 6pt; }
.lines thead th { text-align: left; font-size: 9pt; color: #4a4a4a; border-bottom: 1.2pt solid #1b1b1b; padding: 5pt 6pt; }
.lines td, .lines tbody th { padding: 7pt 6pt; border-bottom: 0.6pt solid #b5b5b5; vertical-align: top; }
.lines tbody th { text-align: left; font-weight: 400; }
.item .detail { display: block; font-size: 9pt; }
.num { text-align: right; white-space: nowrap; }
.lines thead th.num { text-align: right; }
.totals { width: 50%; margin: 10pt 0 0 auto; }
.totals th { text-align: left; font-weight: 400; padding: 3pt 6pt; }
.totals td { padding: 3pt 6pt; }
.totals tfoot th, .totals tfoot td { font-weight: 700; font-size: 12.5pt; border-top: 1.2pt solid #1b1b1b; padding-top: 6pt; }
.note { text-align: right; margin-top: 4pt; font-size: 9pt; }
.payment { margin-top: 20pt; }
.payment h2 { margin-bottom: 4pt; }
.message { margin-top: 16pt; padding: 10pt 12pt; border-left: 3pt solid #7a2e1d; background: #f6efe9; }
.footer { margin-top: 24pt; font-size: 8.5pt; }
`;
