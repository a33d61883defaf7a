/**
 * An order's state as the organizer reads it (TIX-14): the stored states, plus a confirmed free
 * registration and a paid order refunded in part, which organizers tell apart at a glance.
 */
export const orderStateWords = [
  'pendingPayment',
  'paid',
  'paidFree',
  'partlyRefunded',
  'expired',
  'cancelled',
  'refunded',
  'paidUnfulfilled',
  'failed',
] as const;
export type OrderStateWord = (typeof orderStateWords)[number];
