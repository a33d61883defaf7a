/**
 * The buyer's key to their order (TIX-09): the access token startCheckout gives once. The order page
 * takes it from its link (`?cle=`, the e-mail's and the free registration's) or from this cookie,
 * set when the buyer leaves for the provider's page, whose return URL carries no key
 * (start-checkout.ts `checkoutReturnUrls`). The cookie is sent to that one order's pages only
 * (its path), HttpOnly, SameSite=Lax (the provider's return is a top-level GET), a week long.
 */
import type { Cookies } from '@sveltejs/kit';
import { paths } from '$lib/paths';
import type { Locale } from '$shared/templates/i18n/locale';

const cookieName = (orderId: string) => `parvis_commande_${orderId.replace(/[^A-Za-z0-9]/g, '')}`;
const weekSeconds = 7 * 86_400;

export function setOrderKeyCookie(cookies: Cookies, locale: Locale, orderId: string, token: string): void {
  cookies.set(cookieName(orderId), token, {
    path: paths.buyerOrder(locale, orderId),
    httpOnly: true,
    secure: true,
    sameSite: 'lax',
    maxAge: weekSeconds,
  });
}

/** The key of the request: its link's `cle`, else the order's cookie. */
export function orderKeyOf(event: { url: URL; cookies: Cookies }, orderId: string): string | undefined {
  const fromLink = event.url.searchParams.get('cle');
  if (fromLink) return fromLink;
  return event.cookies.get(cookieName(orderId)) || undefined;
}
