/**
 * An event's ticket categories as a buyer sees them (TIX-02, TIX-03), on the event's sheet and on
 * its checkout page: name in the page's language, price and its taxes, what is left, and the sale
 * state — not yet open (with its date), on sale, sold out, withdrawn. Built from listTicketTypes on
 * the server: every figure the buyer sees comes from here.
 */
import type { Locale } from '$shared/templates/i18n/locale';
import { isOnSale, type ListedTicketType } from '$shared/ticketing/ticket-types';

export type SaleState = 'notYet' | 'onSale' | 'soldOut' | 'withdrawn';

export interface CategoryView {
  ticketTypeId: string;
  name: string;
  priceCents: number;
  currency: string;
  taxes: 'included' | 'added';
  perPersonMax: number;
  remaining: number;
  state: SaleState;
  /** `notYet`: when sales open (UTC; shown in the event's zone). */
  salesStartAt?: string;
}

export function saleStateOf(type: ListedTicketType, now: Date): SaleState {
  if (type.status === 'withdrawn') return 'withdrawn';
  if (isOnSale(type, now)) return type.remaining > 0 ? 'onSale' : 'soldOut';
  if (type.salesStartAt && now.toISOString() < type.salesStartAt) return 'notYet';
  // Past its withdrawal date.
  return 'withdrawn';
}

export function categoryViews(types: ListedTicketType[], now: Date, locale: Locale): CategoryView[] {
  return types.map((type) => {
    const state = saleStateOf(type, now);
    return {
      ticketTypeId: type.ticketTypeId,
      name: locale === 'fr' ? type.nameFr || type.nameEn : type.nameEn || type.nameFr,
      priceCents: type.priceCents,
      currency: type.currency,
      taxes: type.taxes,
      perPersonMax: type.perPersonMax,
      remaining: type.remaining,
      state,
      ...(state === 'notYet' && type.salesStartAt ? { salesStartAt: type.salesStartAt } : {}),
    };
  });
}

/**
 * TIX-08: a pass's « à partir de » (the « Passes » tab): its lowest price among the tiers still
 * offered, and its lowest paid one when a free tier makes the lowest 0; none when no tier is offered.
 */
export function priceRangeOf(
  types: ListedTicketType[],
): { minCents: number; minPaidCents?: number; currency: string } | undefined {
  const offered = types
    .filter((type) => type.status === 'active')
    .sort((a, b) => a.priceCents - b.priceCents);
  const lowest = offered[0];
  if (!lowest) return undefined;
  const paid = offered.find((type) => type.priceCents > 0);
  return {
    minCents: lowest.priceCents,
    ...(lowest.priceCents === 0 && paid ? { minPaidCents: paid.priceCents } : {}),
    currency: lowest.currency,
  };
}
