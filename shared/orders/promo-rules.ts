import type { PromoRefusal } from './errors';
import { promoAppliesTo } from './pricing';
import type { PromoCode } from './promo-code';

/** Data model §1.3: codes are compared upper-cased, spaces dropped (« ete 25 » is « ETE25 »). */
export function normalizePromoCode(code: string): string {
  return code.trim().toUpperCase().replace(/\s+/g, '');
}

/** TIX-07: why this code cannot be used for these categories now, or undefined when it can. */
export function promoRefusal(
  promo:
    | Pick<PromoCode, 'status' | 'validFrom' | 'validUntil' | 'usageLimit' | 'used' | 'ticketTypeIds'>
    | undefined,
  now: Date,
  ticketTypeIds: string[],
): PromoRefusal | undefined {
  if (promo?.status !== 'active') return 'unknown';
  const at = now.toISOString();
  if (promo.validFrom && at < promo.validFrom) return 'notYet';
  if (promo.validUntil && at >= promo.validUntil) return 'expired';
  if (promo.usageLimit !== undefined && promo.used >= promo.usageLimit) return 'exhausted';
  if (!ticketTypeIds.some((ticketTypeId) => promoAppliesTo(promo, ticketTypeId))) return 'category';
  return undefined;
}
