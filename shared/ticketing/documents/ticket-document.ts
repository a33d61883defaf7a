import type { Locale } from '../../kernel/errors';
import { qrCodeSvg } from '../../kernel/qr-code';
import { localDateOf } from '../../kernel/zoned-time';
import { escapeHtml } from '../../templates/email/compose';
import { formatDate } from '../../templates/i18n/format';
import { localeTag } from '../../templates/i18n/locale';
import { addressHtml, documentShell, text } from './document-html';
import type { SignedTicketPageView, TicketEventView, TicketsDocumentView } from './document-views';

/**
 * The tickets PDF of an order (TIX-10): one letter page per ticket, each complete on its own (it may
 * be printed or forwarded alone). In person, the QR code of the ticket's signed token (TIX-12); for
 * an online event, the access code and how to use it instead (TIX-13), as the seed asks: « le code
 * d'accès remplacera le code QR sur le billet ».
 */
export function ticketsDocumentHtml(view: TicketsDocumentView & { tickets: SignedTicketPageView[] }): string {
  const { locale } = view;
  const count = view.tickets.length;
  const pages = view.tickets.map((ticket, index) => ticketPage(view, ticket, index + 1, count)).join('\n');
  return documentShell(
    locale,
    text(locale, 'ticketDoc.title', { orderNumber: view.orderNumber }),
    style,
    pages,
  );
}

/** The short reference printed under the code and quoted to the organizer: the ticket id's end. */
export function ticketReference(ticketId: string): string {
  const tail = ticketId
    .replace(/[^0-9A-Za-z]/g, '')
    .slice(-8)
    .toUpperCase();
  return tail.length > 4 ? `${tail.slice(0, 4)}-${tail.slice(4)}` : tail;
}

function ticketPage(
  view: TicketsDocumentView,
  ticket: SignedTicketPageView,
  position: number,
  count: number,
): string {
  const { locale } = view;
  const online = ticket.entry.kind !== 'qr';
  const reference = ticketReference(ticket.ticketId);
  const facts = [
    fact(text(locale, 'ticketDoc.when'), when(ticket.event, locale)),
    fact(
      text(locale, 'ticketDoc.where'),
      ticket.event.venue
        ? `<span class="strong">${escapeHtml(ticket.event.venue.name)}</span>${
            ticket.event.venue.address ? `<br>${addressHtml(ticket.event.venue.address)}` : ''
          }`
        : text(locale, 'ticketDoc.online'),
    ),
    fact(text(locale, 'ticketDoc.category'), escapeHtml(ticket.category)),
    fact(text(locale, 'ticketDoc.holder'), escapeHtml(ticket.holderName || view.buyerName)),
  ].join('');
  return `<section class="page">
  <article class="ticket">
    <header class="band">
      <p class="org break">${escapeHtml(view.organizationName)}</p>
      <p class="kind">${text(locale, online ? 'ticketDoc.kindOnline' : 'ticketDoc.kind')}</p>
    </header>
    <div class="body">
      <div class="info">
        <h1 class="title break">${escapeHtml(ticket.event.title)}</h1>
        <dl class="facts">${facts}</dl>
      </div>
      <div class="entry${online ? ' wide' : ''}">${entry(ticket, locale, reference)}</div>
    </div>
    <footer class="stub">
      <span>${text(locale, 'ticketDoc.order', { orderNumber: view.orderNumber })}</span>
      <span>${text(locale, 'ticketDoc.reference', { reference })}</span>
      <span>${text(locale, 'ticketDoc.position', { position, count })}</span>
    </footer>
  </article>
  ${online ? onlineHelp(ticket, locale) : `<p class="help">${text(locale, 'ticketDoc.qrHelp')}</p>`}
  <p class="footer muted">${text(locale, 'ticketDoc.footer', { organization: view.organizationName })}</p>
</section>`;
}

function fact(label: string, value: string): string {
  return `<div class="fact"><dt>${label}</dt><dd class="break">${value}</dd></div>`;
}

function entry(ticket: SignedTicketPageView, locale: Locale, reference: string): string {
  const { entry } = ticket;
  if (entry.kind === 'qr') {
    if (!ticket.token) throw new Error(`Ticket ${ticket.ticketId} has no signed token for its QR code`);
    // role="img" and a label: the tagged PDF names the code for screen readers.
    return `<div class="qr" role="img" aria-label="${text(locale, 'ticketDoc.qrLabel', { reference })}">${qrCodeSvg(
      ticket.token,
      { errorCorrectionLevel: 'M', margin: 4 },
    )}</div>`;
  }
  if (entry.kind === 'accessCode') {
    return `<div class="code-box">
      <p class="eyebrow">${text(locale, 'ticketDoc.accessCode')}</p>
      <p class="code mono">${escapeHtml(entry.code)}</p>
    </div>`;
  }
  return `<div class="code-box"><p class="eyebrow">${text(locale, 'ticketDoc.online')}</p></div>`;
}

function onlineHelp(ticket: SignedTicketPageView, locale: Locale): string {
  const { entry } = ticket;
  if (entry.kind === 'link') {
    return `<p class="help break">${text(locale, 'ticketDoc.linkOnly', {}, { url: link(entry.url) })}</p>`;
  }
  if (entry.kind !== 'accessCode') return '';
  const steps = [
    text(locale, 'ticketDoc.accessHelp.open', {}, { url: link(entry.url) }),
    text(locale, 'ticketDoc.accessHelp.paste'),
    text(locale, 'ticketDoc.accessHelp.device'),
    text(locale, 'ticketDoc.accessHelp.help'),
  ];
  return `<ol class="steps break">${steps.map((step) => `<li>${step}</li>`).join('')}</ol>`;
}

/** A link printed in full (the paper shows the address) and clickable in the PDF; http(s) only. */
function link(url: string): string {
  const safe = /^https?:\/\//i.test(url) ? url : '';
  return safe ? `<a href="${escapeHtml(safe)}">${escapeHtml(safe)}</a>` : escapeHtml(url);
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();

function formatTime(isoUtc: string, timeZone: string, locale: Locale): string {
  const key = `${locale}|${timeZone}`;
  let format = timeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(localeTag(locale), { timeStyle: 'short', timeZone });
    timeFormats.set(key, format);
  }
  return format.format(new Date(isoUtc));
}

/** The day (weekday first) and, unless the date has no time, the hours: in the venue's zone. */
function when(event: TicketEventView, locale: Locale): string {
  const day = formatDate(event.startsAt, event.timeZone, locale);
  const dayLine = `<span class="strong">${escapeHtml(day.charAt(0).toUpperCase() + day.slice(1))}</span>`;
  if (event.showTime === false) return dayLine;
  let hours = formatTime(event.startsAt, event.timeZone, locale);
  if (
    event.endsAt &&
    localDateOf(event.endsAt, event.timeZone) === localDateOf(event.startsAt, event.timeZone)
  ) {
    hours += ` – ${formatTime(event.endsAt, event.timeZone, locale)}`;
  }
  return `${dayLine}<br>${escapeHtml(hours)}`;
}

const style = `
.page { break-after: page; }
.page:last-child { break-after: auto; }
.ticket { border: 1.5pt solid #1b1b1b; border-radius: 10pt; overflow: hidden; }
.band { display: flex; justify-content: space-between; align-items: baseline; gap: 12pt;
  background: #7a2e1d; color: #ffffff; padding: 9pt 16pt; }
.band .org { font-weight: 700; font-size: 11pt; }
.band .kind { font-size: 9pt; font-weight: 700; letter-spacing: 0.1em; text-transform: uppercase; white-space: nowrap; }
.body { display: flex; gap: 18pt; padding: 16pt 16pt 12pt; align-items: flex-start; }
.info { flex: 1 1 auto; min-width: 0; }
.title { font-size: 21pt; line-height: 1.15; font-weight: 700; margin-bottom: 12pt; }
.facts { display: grid; grid-template-columns: 1fr 1fr; gap: 10pt 18pt; }
.fact dt { font-size: 8pt; font-weight: 700; letter-spacing: 0.08em; text-transform: uppercase; color: #4a4a4a; }
.fact dd { font-size: 10.5pt; }
.strong { font-weight: 700; }
.entry { flex: 0 0 58mm; }
.qr svg { display: block; width: 58mm; height: 58mm; }
.code-box { border: 1.5pt solid #7a2e1d; border-radius: 8pt; padding: 12pt; text-align: center; }
.entry.wide { flex-basis: 68mm; }
.code { font-size: 17pt; font-weight: 700; letter-spacing: 0.04em; margin-top: 6pt; white-space: nowrap; }
.stub { display: flex; justify-content: space-between; gap: 12pt; border-top: 1pt dashed #4a4a4a;
  padding: 8pt 16pt; font-size: 9pt; color: #4a4a4a; }
.help { margin-top: 14pt; font-size: 10pt; }
.steps { margin-top: 14pt; padding-left: 18pt; font-size: 10pt; }
.steps li + li { margin-top: 4pt; }
.footer { margin-top: 18pt; font-size: 8.5pt; }
`;
