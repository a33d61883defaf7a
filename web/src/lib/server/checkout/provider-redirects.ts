import { env } from '../../../../../infra/wiring';

/**
 * The checkout form posts to this site, whose answer sends the browser (303) to the provider's
 * hosted page. Browsers apply the page's CSP `form-action` to that redirect too, so the checkout
 * page adds the providers' page origins (hooks.server.ts widens the directive with
 * `locals.checkoutFormOrigins`): Stripe Checkout and PayPal on AWS, the fake provider locally.
 */
export function providerPageOrigins(vars: NodeJS.ProcessEnv = process.env): string {
  const fake = vars[env.paymentsApiUrl];
  if (fake) return new URL(fake).origin;
  return 'https://checkout.stripe.com https://www.paypal.com';
}

export function allowProviderRedirects(event: { locals: App.Locals }): void {
  event.locals.checkoutFormOrigins = providerPageOrigins();
}
