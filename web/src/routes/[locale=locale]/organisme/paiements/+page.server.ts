import { loadPayments, savePaymentForm } from '$lib/server/ticketing-setup/payment-forms';
import type { Actions, PageServerLoad } from './$types';

/**
 * TIX-01: the organization's own payment accounts (Stripe keys, PayPal merchant): masked once
 * saved, their state, the webhook address to register. The organization is the session's.
 */
export const load: PageServerLoad = (event) => loadPayments(event);

export const actions: Actions = {
  stripe: (event) => savePaymentForm(event, 'stripe'),
  paypal: (event) => savePaymentForm(event, 'paypal'),
};
