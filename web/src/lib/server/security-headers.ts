/**
 * Headers every response carries. The page CSP itself comes from `kit.csp` (svelte.config.js),
 * which adds nonces and hashes for SvelteKit's own inline scripts.
 */
const headers: Record<string, string> = {
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  // The door-scanning page will read tickets with this origin's camera; nothing else may.
  'permissions-policy': 'camera=(self), microphone=(), geolocation=()',
  'x-frame-options': 'DENY',
};

/**
 * For responses SvelteKit gives no CSP (JSON, redirects, the static error.html): load nothing,
 * run nothing, never be framed. Inline styles are allowed for error.html's own <style>; with
 * everything else 'none' they can fetch nothing (CSS url() falls under default-src).
 */
const fallbackCsp =
  "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * The one route any website may frame: the embeddable calendar (issue #12). It sets its own policy,
 * without `frame-ancestors` (web/src/lib/server/calendar/embed-page.ts), and gets no
 * X-Frame-Options. Everything else, its error answers included, keeps DENY and `'none'`.
 */
export const frameableRoutes: ReadonlySet<string> = new Set(['/[locale=locale]/integration/[orgId]']);

function frameable(response: Response, routeId: string | null | undefined): boolean {
  if (!routeId || !frameableRoutes.has(routeId)) return false;
  const csp = response.headers.get('content-security-policy');
  return csp !== null && !/(^|;)\s*frame-ancestors\b/.test(csp);
}

export function applySecurityHeaders(response: Response, routeId?: string | null): Response {
  const framed = frameable(response, routeId);
  for (const [name, value] of Object.entries(headers)) {
    if (framed && name === 'x-frame-options') continue;
    response.headers.set(name, value);
  }
  if (!response.headers.has('content-security-policy')) {
    response.headers.set('content-security-policy', fallbackCsp);
  }
  return response;
}
