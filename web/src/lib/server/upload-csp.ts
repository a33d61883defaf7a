/**
 * The file store is another origin, which the site's CSP (svelte.config.js) forbids everywhere
 * else. Upload forms post straight to it (CRM-10, ORG-06): a page that shows such a form calls
 * `allowUploadForms`, and hooks.server.ts adds that one origin to its `form-action`. The crop step
 * of an event's image shows the original through a signed link to it (ORG-06): that page calls
 * `allowFileStoreImages`, and the origin joins its `img-src` (on AWS an https origin, which `img-src`
 * already allows; locally the S3 engine's http one).
 */
import { uploadFormOrigin } from './files';

export function allowUploadForms(event: { locals: App.Locals }): void {
  event.locals.uploadFormOrigin = uploadFormOrigin();
}

export function allowFileStoreImages(event: { locals: App.Locals }): void {
  event.locals.fileStoreImageOrigin = uploadFormOrigin();
}

/** Adds `origin` to `directive` of the response's CSP; a response without that directive is left alone. */
export function widenDirective(response: Response, directive: string, origin: string | undefined): void {
  if (!origin) return;
  const csp = response.headers.get('content-security-policy');
  const pattern = new RegExp(`(^|;\\s*)${directive} ([^;]*)`);
  if (!csp || !pattern.test(csp)) return;
  response.headers.set(
    'content-security-policy',
    csp.replace(
      pattern,
      (_match, start: string, sources: string) => `${start}${directive} ${sources.trim()} ${origin}`,
    ),
  );
}
