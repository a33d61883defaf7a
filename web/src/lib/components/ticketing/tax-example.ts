/**
 * The worked example under a category's price (TIX-02): what the buyer pays for one ticket with
 * GST 5 % and QST 9.975 %, taxes included or added, computed by the same rule as the orders
 * (shared/ticketing/taxes.ts). Runs in the browser too, so the example follows the price as it is
 * typed; without JavaScript it shows the price the page was rendered with.
 */
import { formatMoney } from '$shared/templates/i18n/format';
import type { Locale } from '$shared/templates/i18n/locale';
import { t } from '$shared/templates/i18n/messages';
import { quebecTaxes } from '$shared/ticketing/taxes';

/**
 * Cents of a typed price, read as the server's money field reads it ($lib/server/money-field.ts
 * `centsOfField`, which the browser may not import): « 25 », « 25,50 », « 1 250 $ ».
 */
export function typedCents(value: string): number | undefined {
  const trimmed = value.trim().replace(/\s/g, '').replace(/\$$/, '');
  const match = /^(\d{1,6})(?:[.,](\d{1,2}))?$/.exec(trimmed);
  if (!match) return undefined;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

export function taxExample(price: string, mode: 'included' | 'added', locale: Locale): string {
  const cents = typedCents(price);
  if (cents === undefined || cents > 10_000_000) return t(locale, 'ticketing.portal.form.exampleNone');
  if (cents === 0) return t(locale, 'ticketing.portal.form.exampleFree');
  const taxed = quebecTaxes(cents, mode);
  const money = (amount: number) => formatMoney(amount, 'CAD', locale);
  return t(
    locale,
    mode === 'added' ? 'ticketing.portal.form.exampleAdded' : 'ticketing.portal.form.exampleIncluded',
    {
      base: money(taxed.baseCents),
      gst: money(taxed.gstCents),
      qst: money(taxed.qstCents),
      total: money(taxed.totalCents),
    },
  );
}
