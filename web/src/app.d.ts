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
    }
  }
}
