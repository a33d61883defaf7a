import { error } from '@sveltejs/kit';
import { requireStaff } from '$lib/server/access';
import { serverDeps } from '$lib/server/deps';
import { previewEmailTemplate } from '$shared/comms/preview-email-template';
import { toUserError } from '$shared/kernel/errors';
import { isEmailTemplateId } from '$shared/templates/email';
import { escapeHtml } from '$shared/templates/email/compose';
import type { Locale } from '$shared/templates/i18n/locale';
import { t } from '$shared/templates/i18n/messages';
import type { RequestEvent, RequestHandler } from './$types';

/**
 * The editor's "Aperçu" (COM-01), shown in a sandboxed frame of the editor: GET renders the wording
 * sent today, POST (the editor's form, targeting the frame, so it works without JavaScript) renders
 * the draft, both with the template's sample data and without saving anything. The e-mail is a
 * whole document with inline styles, so it gets its own policy: styles only, no script, no form,
 * framed by this site only.
 */
const previewPolicy = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  'img-src https: data:',
  "frame-ancestors 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  'sandbox',
].join('; ');

function page(html: string, status = 200): Response {
  return new Response(html, {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': previewPolicy,
      'cache-control': 'no-store',
    },
  });
}

/** The subject as a line above the e-mail, as a mail client shows it. */
function withSubject(html: string, subject: string, locale: Locale): string {
  const line = `<p style="margin:0;padding:12px 24px;background:#ffffff;border-bottom:1px solid #e2dbcf;font-family:Helvetica,Arial,sans-serif;font-size:14px;color:#1f1a17"><strong>${escapeHtml(t(locale, 'console.template.subjectLabel'))}</strong> ${escapeHtml(subject)}</p>`;
  return html.replace(/<body([^>]*)>/, (body) => `${body}\n${line}`);
}

function refusal(message: string, locale: Locale): string {
  return `<!doctype html><html lang="${locale === 'fr' ? 'fr-CA' : 'en-CA'}"><head><meta charset="utf-8"><title>${escapeHtml(
    t(locale, 'console.template.previewFrame'),
  )}</title></head><body style="margin:0;padding:16px;font-family:Helvetica,Arial,sans-serif;color:#1f1a17;background:#fcecee"><p style="margin:0;font-weight:bold;color:#a3192a">${escapeHtml(
    t(locale, 'console.template.previewRefused'),
  )}</p><p style="margin:8px 0 0">${escapeHtml(message)}</p></body></html>`;
}

async function render(event: RequestEvent, draft?: { subject: string; body: string }): Promise<Response> {
  requireStaff(event);
  const { locale } = event.locals;
  const { key, lang } = event.params;
  if (!isEmailTemplateId(key)) error(404, t(locale, 'console.template.notFound'));
  try {
    const preview = await previewEmailTemplate(serverDeps(), { key, locale: lang, draft });
    return page(withSubject(preview.html, preview.subject, locale));
  } catch (cause) {
    const user = toUserError(cause, locale);
    if (user.status >= 500) throw cause;
    return page(refusal(user.message, locale), user.status);
  }
}

export const GET: RequestHandler = (event) => render(event);

export const POST: RequestHandler = async (event) => {
  requireStaff(event);
  const data = await event.request.formData();
  const field = (name: string) => {
    const value = data.get(name);
    return typeof value === 'string' ? value : '';
  };
  return render(event, { subject: field('subject'), body: field('body') });
};
