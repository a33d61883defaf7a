import type { Cookies } from '@sveltejs/kit';

/** The session cookie: the 43-character token only; its SHA-256 digest is the stored key. */
export const SESSION_COOKIE = 'parvis_session';

/**
 * HttpOnly (no script reads it), Secure (SvelteKit drops it only on http://localhost, for tests),
 * SameSite=Lax: sent when following a link from an e-mail, never with a cross-site POST. It lives
 * as long as the session's absolute expiry; the server refuses it earlier when idle.
 */
export function setSessionCookie(cookies: Cookies, token: string, expiresAt: string): void {
  cookies.set(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    secure: true,
    sameSite: 'lax',
    expires: new Date(expiresAt),
  });
}

export function clearSessionCookie(cookies: Cookies): void {
  cookies.delete(SESSION_COOKIE, { path: '/', httpOnly: true, secure: true, sameSite: 'lax' });
}
