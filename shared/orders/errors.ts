import {
  ConflictError,
  DomainError,
  type LocalizedMessage,
  NotFoundError,
  ValidationError,
} from '../kernel/errors';
import { en, fr } from '../templates/i18n/catalogues/orders';

export type OrdersKey = keyof typeof fr;

/** A message of the orders catalogue in both languages, its `{placeholders}` filled. */
export function ordersMessage(
  key: OrdersKey,
  params: Record<string, string | number> = {},
): LocalizedMessage {
  const fill = (text: string) =>
    text.replace(/\{(\w+)\}/g, (placeholder, name: string) =>
      name in params ? String(params[name]) : placeholder,
    );
  return { fr: fill(fr[key]), en: fill(en[key]) };
}

/** One broken rule: which field, and its message. */
export interface OrdersIssue {
  path: string;
  key: OrdersKey;
  params?: Record<string, string | number>;
}

/** Refused input, every broken rule said in French and English under `summary`. */
export function ordersInvalid(
  issues: OrdersIssue[],
  summary: 'orders.invalid' | 'orders.promo.invalid' | 'orders.account.invalid' = 'orders.invalid',
): ValidationError {
  const messages = issues.map((issue) => ordersMessage(issue.key, issue.params));
  const details = (locale: 'fr' | 'en') => [...new Set(messages.map((m) => m[locale]))].join(' ');
  return new ValidationError(
    issues.map((issue) => ({ path: issue.path, message: issue.key })),
    {
      fr: ordersMessage(summary, { details: details('fr') }).fr,
      en: ordersMessage(summary, { details: details('en') }).en,
    },
  );
}

export const orderNotFound = () => new NotFoundError(ordersMessage('orders.order'));
export const promoNotFound = () => new NotFoundError(ordersMessage('orders.promo'));
export const paymentAccountNotFound = () => new NotFoundError(ordersMessage('orders.paymentAccount'));

/** Not the actor's to do (another organization's order, a non-staff activation): 403. */
export class OrdersForbiddenError extends DomainError {
  constructor(key: 'orders.forbidden' | 'orders.staffOnly' = 'orders.forbidden') {
    super('forbidden', ordersMessage(key), { status: 403 });
  }
}

/** TIX-01: paid tickets need the organization's payment account, activated by staff. */
export class PaymentAccountInactiveError extends ConflictError {
  constructor(readonly provider: string) {
    super(
      'payment_account_inactive',
      ordersMessage('orders.account.inactive', { provider: provider === 'paypal' ? 'PayPal' : 'Stripe' }),
    );
  }
}

/** The account item names a secret that cannot be read or parsed: the keys must be entered again. */
export class PaymentAccountUnreadableError extends DomainError {
  constructor(cause?: unknown) {
    super('payment_account_unreadable', ordersMessage('orders.account.unreadable'), { status: 409, cause });
  }
}

/** TIX-01: the event does not sell on the platform (ticketing off). */
export class NotSellingError extends ConflictError {
  constructor() {
    super('not_selling', ordersMessage('orders.notSelling'));
  }
}

/** TIX-03: this buyer (same e-mail) already has the maximum of a category. */
export class BuyerLimitError extends DomainError {
  constructor(
    readonly ticketTypeId: string,
    max: number,
    name: string,
  ) {
    super('per_person_limit', ordersMessage('orders.perPersonMax', { max, name }), { status: 400 });
  }
}

export type PromoRefusal = 'unknown' | 'notYet' | 'expired' | 'exhausted' | 'category';

/** TIX-07: the promo code cannot be used, and why. */
export class PromoRefusedError extends DomainError {
  constructor(
    readonly reason: PromoRefusal,
    code: string,
  ) {
    super(`promo_${reason}`, ordersMessage(`orders.promo.${reason}`, { code }), {
      status: reason === 'exhausted' ? 409 : 400,
    });
  }
}

export class PromoExistsError extends ConflictError {
  constructor(code: string) {
    super('promo_exists', ordersMessage('orders.promo.exists', { code }));
  }
}

export class PromoChangedError extends ConflictError {
  constructor() {
    super('promo_changed_meanwhile', ordersMessage('orders.promo.changedMeanwhile'));
  }
}

/** The same checkout key came with another buyer or event: refused, nothing resumed. */
export class CheckoutKeyReusedError extends ConflictError {
  constructor() {
    super('checkout_key_reused', ordersMessage('orders.checkoutKeyReused'));
  }
}

/** The provider could not open the checkout: the hold was released, nothing charged (502). */
export class CheckoutFailedError extends DomainError {
  constructor(provider: string, cause?: unknown) {
    super(
      'checkout_failed',
      ordersMessage('orders.checkoutFailed', { provider: provider === 'paypal' ? 'PayPal' : 'Stripe' }),
      { status: 502, cause },
    );
  }
}

export class OrderStateError extends ConflictError {
  constructor(key: 'orders.notPending' | 'orders.notCancellable' | 'orders.notRefundable') {
    super('order_state', ordersMessage(key));
  }
}

export class RefundTooMuchError extends DomainError {
  constructor(left: string) {
    super('refund_too_much', ordersMessage('orders.refundTooMuch', { left }), { status: 400 });
  }
}

/** The buyer's link (access token) does not open this order: answered like "not found". */
export class BadOrderAccessError extends DomainError {
  constructor() {
    super('bad_order_access', ordersMessage('orders.badAccess'), { status: 404 });
  }
}

export class OrderBusyError extends ConflictError {
  constructor() {
    super('order_busy', ordersMessage('orders.busy'));
  }
}
