import type { Locale } from '../../kernel/errors';

/**
 * E-mails are written as structure (greeting, paragraphs, one action), never as raw HTML, so the
 * HTML and plain-text parts always say the same thing and every value is escaped in one place.
 */
export interface EmailContent {
  subject: string;
  greeting: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  closing: string;
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

export function renderEmail(locale: Locale, content: EmailContent): RenderedEmail {
  const paragraphs = content.paragraphs
    .map((p) => `<p style="margin:0 0 16px;line-height:1.5">${escapeHtml(p)}</p>`)
    .join('\n');
  const action = content.action
    ? `<p style="margin:24px 0"><a href="${escapeHtml(content.action.url)}" style="background:#7a2e1d;color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block">${escapeHtml(content.action.label)}</a></p>`
    : '';
  const html = `<!doctype html>
<html lang="${locale === 'fr' ? 'fr-CA' : 'en-CA'}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(content.subject)}</title></head>
<body style="margin:0;padding:0;background:#f6f3ef;font-family:Helvetica,Arial,sans-serif;color:#1f1a17">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center" style="padding:24px">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border-radius:8px">
<tr><td style="padding:24px 32px;border-bottom:3px solid #7a2e1d;font-size:20px;font-weight:bold">Parvis</td></tr>
<tr><td style="padding:24px 32px;font-size:16px">
<p style="margin:0 0 16px">${escapeHtml(content.greeting)}</p>
${paragraphs}
${action}
<p style="margin:0">${escapeHtml(content.closing)}</p>
</td></tr>
<tr><td style="padding:16px 32px;font-size:12px;color:#6b625c">${escapeHtml(footer[locale])}</td></tr>
</table></td></tr></table>
</body>
</html>`;
  const text = [
    content.greeting,
    '',
    ...content.paragraphs.flatMap((p) => [p, '']),
    ...(content.action ? [`${content.action.label} : ${content.action.url}`, ''] : []),
    content.closing,
    '',
    '--',
    footer[locale],
  ].join('\n');
  return { subject: content.subject, html, text };
}

/** The "{cher} {prenom_client}," greeting of the school's templates (COM-01). */
export function greeting(locale: Locale, firstName: string, salutation: 'f' | 'm' | 'x'): string {
  if (locale === 'en') return `Dear ${firstName},`;
  if (salutation === 'f') return `Chère ${firstName},`;
  if (salutation === 'm') return `Cher ${firstName},`;
  return `Bonjour ${firstName},`;
}
