import { createPaymentDeps } from '../../shared/adapters/payment-deps';
import { expireOrder } from '../../shared/orders/confirm-order';
import { sweepExpiredHolds } from '../../shared/ticketing/settle-hold';
import { scheduledJob } from '../_middleware/schedule';

/**
 * TIX-09: every minute, expired holds give their seats back (TTL only cleans up later), and the
 * order each belonged to closes as expired unless its provider says it was paid meanwhile (PayPal
 * orders never expire by themselves; decision 0017).
 */
const payments = createPaymentDeps();

export const handler = scheduledJob((deps, event, run) =>
  sweepExpiredHolds(deps, {
    now: new Date(event.time),
    timeLeftMs: run.timeLeftMs,
    onReleased: (hold) =>
      hold.subject.kind === 'order'
        ? expireOrder({ ...deps, ...payments }, { orderId: hold.subject.id })
        : Promise.resolve(),
  }),
);
