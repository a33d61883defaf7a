import { createPaymentDeps } from '../../shared/adapters/payment-deps';
import { expireOrder } from '../../shared/orders/confirm-order';
import { offerCategories, offerLapsed, offerWaitingLists } from '../../shared/orders/waiting-list';
import { sweepExpiredHolds } from '../../shared/ticketing/settle-hold';
import { scheduledJob } from '../_middleware/schedule';

/**
 * TIX-09: every minute, expired holds give their seats back (TTL only cleans up later), and the
 * order each belonged to closes as expired unless its provider says it was paid meanwhile (PayPal
 * orders never expire by themselves; decision 0017). Seats that come back go to their category's
 * waiting list first (TIX-15, decision 0020): a lapsed offer passes to the next entry, and a pass
 * over the lists offers what a crash left on sale while people wait.
 */
const payments = createPaymentDeps();

export const handler = scheduledJob(async (deps, event, run) => {
  const report = await sweepExpiredHolds(deps, {
    now: new Date(event.time),
    timeLeftMs: run.timeLeftMs,
    onReleased: async (hold) => {
      if (hold.subject.kind === 'order') {
        await expireOrder({ ...deps, ...payments }, { orderId: hold.subject.id });
        await offerCategories(deps, hold.taken);
      } else if (hold.subject.kind === 'waitlist') {
        await offerLapsed(deps, hold, {
          closeOrder: (orderId) => expireOrder({ ...deps, ...payments }, { orderId }),
        });
      }
    },
  });
  if (!report.incomplete && run.timeLeftMs() > 10_000) await offerWaitingLists(deps);
  return report;
});
