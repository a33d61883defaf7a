import type { Principal } from '$shared/identity/principal';
import type { Locale } from '$shared/templates/i18n/locale';

declare global {
  /** The root package.json version, replaced at build time (web/vite.config.ts). */
  const __PARVIS_VERSION__: string;

  namespace App {
    interface Error {
      message: string;
      /** Reference of an unexpected error, logged with it and shown to the user (never the stack). */
      id?: string;
    }
    interface Locals {
      /** Language of this request: the URL prefix, else the remembered choice, else the browser's. */
      locale: Locale;
      /** Who is logged in, from the session cookie only (hooks.server.ts); null for visitors. */
      principal: Principal | null;
      /** The session cookie's token, for log-out and the second-factor steps. */
      sessionToken?: string;
      /** Set by a page with an upload form: the file store's origin, added to its CSP form-action. */
      uploadFormOrigin?: string;
      /** Set by a page showing the file store's images (the crop step): added to its CSP img-src. */
      fileStoreImageOrigin?: string;
      /** Set by the checkout page (TIX-09): the payment providers' page origins, added to its CSP form-action. */
      checkoutFormOrigins?: string;
    }
  }
}
