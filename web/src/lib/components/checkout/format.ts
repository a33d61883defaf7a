/**
 * How a buyer reads a category (TIX-02, TIX-03): its price with « taxes incluses » or « + taxes »
 * (« Gratuit » at 0), and its sale state with what is left or when sales open, in the event's zone.
 * The figures come from the server (web/src/lib/server/checkout/categories.ts); this only words them.
 */
import { formatDateTime, formatMoney } from '$shared/templates/i18n/format';
import type { Locale } from '$shared/templates/i18n/locale';
import { t } from '$shared/templates/i18n/messages';

export interface CategoryText {
  priceCents: number;
  currency: string;
  taxes: 'included' | 'added';
  remaining: number;
  state: 'notYet' | 'onSale' | 'soldOut' | 'withdrawn';
  salesStartAt?: string;
}

export function priceText(category: Pick<CategoryText, 'priceCents' | 'currency' | 'taxes'>, locale: Locale) {
  if (category.priceCents === 0) return t(locale, 'checkout.category.free');
  const price = formatMoney(category.priceCents, category.currency, locale);
  return t(
    locale,
    category.taxes === 'added' ? 'checkout.category.taxesAdded' : 'checkout.category.taxesIncluded',
    {
      price,
    },
  );
}

/** « En vente · 12 places restantes », « En vente à partir du 3 mars 2027 à 10 h 00 », « Complet »… */
export function stateText(category: CategoryText, locale: Locale, timeZone: string, withRemaining = true) {
  switch (category.state) {
    case 'onSale': {
      const onSale = t(locale, 'checkout.category.onSale');
      if (!withRemaining) return onSale;
      const left =
        category.remaining === 1
          ? t(locale, 'checkout.category.remainingOne')
          : t(locale, 'checkout.category.remaining', { count: category.remaining });
      return `${onSale} · ${left}`;
    }
    case 'notYet':
      return t(locale, 'checkout.category.notYet', {
        date: category.salesStartAt ? formatDateTime(category.salesStartAt, timeZone, locale) : '',
      });
    case 'soldOut':
      return t(locale, 'checkout.category.soldOut');
    default:
      return t(locale, 'checkout.category.withdrawn');
  }
}
