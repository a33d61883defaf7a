import type { Locale } from '../../kernel/errors';

/**
 * E-mails are written as structure (paragraphs of text and links, buttons), never as raw HTML, so
 * the HTML and plain-text parts always say the same thing and every value is escaped in one place.
 */
export type Inline = { type: 'text'; text: string } | { type: 'link'; text: string; url: string };

export type Block = { type: 'paragraph'; lines: Inline[][] } | { type: 'button'; label: string; url: string };

export interface EmailContent {
  subject: string;
  blocks: Block[];
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const footer: Record<Locale, string> = {
  fr: 'Ce courriel vous est envoyé par Parvis. Pour changer vos préférences de communication, connectez-vous à votre dossier.',
  en: 'This e-mail was sent to you by Parvis. To change your communication preferences, sign in to your file.',
};

const linkStyle = 'color:#7a2e1d';
const buttonStyle =
  'background:#7a2e1d;color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block';

function inlineHtml(inline: Inline): string {
  return inline.type === 'text'
    ? escapeHtml(inline.text)
    : `<a href="${escapeHtml(inline.url)}" style="${linkStyle}">${escapeHtml(inline.text)}</a>`;
}

function inlineText(inline: Inline): string {
  return inline.type === 'text' || inline.text === inline.url
    ? inline.text
    : `${inline.text} (${inline.url})`;
}

function blockHtml(block: Block): string {
  if (block.type === 'button') {
    return `<p style="margin:24px 0"><a href="${escapeHtml(block.url)}" style="${buttonStyle}">${escapeHtml(block.label)}</a></p>`;
  }
  const lines = block.lines.map((line) => line.map(inlineHtml).join('')).join('<br>\n');
  return `<p style="margin:0 0 16px;line-height:1.5">${lines}</p>`;
}

function blockText(locale: Locale, block: Block): string {
  if (block.type === 'button') return `${block.label}${locale === 'fr' ? ' : ' : ': '}${block.url}`;
  return block.lines.map((line) => line.map(inlineText).join('')).join('\n');
}

export function renderEmail(locale: Locale, content: EmailContent): RenderedEmail {
  const html = `<!doctype html>
<html lang="${locale === 'fr' ? 'fr-CA' : 'en-CA'}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(content.subject)}</title></head>
<body style="margin:0;padding:0;background:#f6f3ef;font-family:Helvetica,Arial,sans-serif;color:#1f1a17">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center" style="padding:24px">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border-radius:8px">
<tr><td style="padding:24px 32px;border-bottom:3px solid #7a2e1d;font-size:20px;font-weight:bold">Parvis</td></tr>
<tr><td style="padding:24px 32px;font-size:16px">
${content.blocks.map(blockHtml).join('\n')}
</td></tr>
<tr><td style="padding:16px 32px;font-size:12px;color:#6b625c">${escapeHtml(footer[locale])}</td></tr>
</table></td></tr></table>
</body>
</html>`;
  const text = [
    ...content.blocks.flatMap((block) => [blockText(locale, block), '']),
    '--',
    footer[locale],
  ].join('\n');
  return { subject: content.subject, html, text };
}

/**
 * The `{cher}` of the school's templates (COM-01): "Chère" (f), "Cher" (m), "Bonjour" (x); in
 * English "Dear", or "Hello" for x. Without a first name it is always "Bonjour" / "Hello", since
 * "Chère," alone reads as a mistake.
 */
export function cher(locale: Locale, salutation: 'f' | 'm' | 'x', hasName = true): string {
  if (locale === 'en') return hasName && salutation !== 'x' ? 'Dear' : 'Hello';
  if (!hasName) return 'Bonjour';
  return salutation === 'f' ? 'Chère' : salutation === 'm' ? 'Cher' : 'Bonjour';
}
