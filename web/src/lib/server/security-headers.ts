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

export function applySecurityHeaders(response: Response): Response {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  if (!response.headers.has('content-security-policy')) {
    response.headers.set('content-security-policy', fallbackCsp);
  }
  return response;
}
