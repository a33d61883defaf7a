/**
 * Upload forms post straight to the file store (CRM-10), another origin, which the site's CSP
 * (`form-action 'self'`, svelte.config.js) forbids everywhere else. A page that shows such a form
 * calls `allowUploadForms`; hooks.server.ts then adds that one origin to its `form-action`.
 */
import { uploadFormOrigin } from './files';

export function allowUploadForms(event: { locals: App.Locals }): void {
  event.locals.uploadFormOrigin = uploadFormOrigin();
}

/** Adds the upload origin to the response's `form-action`; a response without a CSP is left alone. */
export function widenFormAction(response: Response, origin: string | undefined): void {
  if (!origin) return;
  const csp = response.headers.get('content-security-policy');
  if (!csp || !/(^|;\s*)form-action\s/.test(csp)) return;
  response.headers.set(
    'content-security-policy',
    csp.replace(
      /(^|;\s*)form-action ([^;]*)/,
      (_match, start: string, sources: string) => `${start}form-action ${sources.trim()} ${origin}`,
    ),
  );
}
