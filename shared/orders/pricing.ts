/**
 * TIX-02, TIX-05, TIX-07: what an order costs, computed on the server from the categories, the
 * ticked boxes and the promo code as stored — never from anything the browser sends about money.
 * Pure: the same inputs always give the same lines and totals.
 *
 * Each ticket or checkbox line is taxed on its own (shared/ticketing/taxes.ts: GST and QST rounded
 * once per line, decision 0014). A promo code lowers the amount of each eligible ticket line (a
 * percentage per line, rounded half up; a fixed amount shared over the eligible lines in proportion
 * to their amounts), and each discounted line is taxed on what remains; the discount line records
 * the difference (negative base, taxes and total), so the lines always add up to the total exactly.
 */
import type { CustomCheckbox } from '../organizations/custom-checkbox';
import { lineTaxes, quebecTaxes, sumTaxes, type TaxedAmount } from '../ticketing/taxes';
import type { TicketType } from '../ticketing/ticket-type';
import type { OrderLineKind } from './order-line';
import type { PromoCode } from './promo-code';

export interface PricedLine {
  kind: OrderLineKind;
  refId: string;
  nameFr: string;
  nameEn: string;
  unitPriceCents: number;
  quantity: number;
  taxes: 'included' | 'added';
  baseCents: number;
  gstCents: number;
  qstCents: number;
  totalCents: number;
  /** What the buyer pays for this line after the discount (what the provider's page shows). */
  payableCents: number;
}

export interface PricedOrder {
  lines: PricedLine[];
  currency: string;
  /** The ticket and checkbox lines before the discount, taxes included. */
  subtotalCents: number;
  /** Positive: how much less the buyer pays. */
  discountCents: number;
  gstCents: number;
  qstCents: number;
  totalCents: number;
  ticketCount: number;
}

export interface PriceOrderInput {
  ticketTypes: Pick<TicketType, 'ticketTypeId' | 'nameFr' | 'nameEn' | 'priceCents' | 'currency' | 'taxes'>[];
  lines: { ticketTypeId: string; quantity: number }[];
  promo?: Pick<PromoCode, 'code' | 'kind' | 'percentOff' | 'amountOffCents' | 'ticketTypeIds'>;
  checkboxes?: Pick<CustomCheckbox, 'checkboxId' | 'labelFr' | 'labelEn' | 'priceCents' | 'taxes'>[];
}

/** `a × b / c` rounded half up, on integers (exact). */
function mulDivHalfUp(a: number, b: number, c: number): number {
  const numerator = BigInt(a) * BigInt(b);
  const denominator = BigInt(c);
  return Number((2n * numerator + denominator) / (2n * denominator));
}

/** Whether the promo applies to this category (no categories listed: all of them). */
export function promoAppliesTo(promo: Pick<PromoCode, 'ticketTypeIds'>, ticketTypeId: string): boolean {
  return !promo.ticketTypeIds?.length || promo.ticketTypeIds.includes(ticketTypeId);
}

/** TIX-02, TIX-05, TIX-07: the lines and totals of an order. Quantities are merged per category. */
export function priceOrder(input: PriceOrderInput): PricedOrder {
  const types = new Map(input.ticketTypes.map((type) => [type.ticketTypeId, type]));
  const merged = new Map<string, number>();
  for (const line of input.lines) {
    if (!Number.isSafeInteger(line.quantity) || line.quantity < 1)
      throw new RangeError('quantity must be ≥ 1');
    merged.set(line.ticketTypeId, (merged.get(line.ticketTypeId) ?? 0) + line.quantity);
  }
  const ticketLines: PricedLine[] = [];
  const discounted: TaxedAmount[] = [];
  const eligibleAmounts: number[] = [];
  const currencies = new Set<string>();
  for (const [ticketTypeId, quantity] of merged) {
    const type = types.get(ticketTypeId);
    if (!type) throw new RangeError(`unknown ticket type ${ticketTypeId}`);
    currencies.add(type.currency);
    const taxed = lineTaxes({ unitPriceCents: type.priceCents, quantity, taxes: type.taxes });
    ticketLines.push({
      kind: 'ticket',
      refId: ticketTypeId,
      nameFr: type.nameFr,
      nameEn: type.nameEn,
      unitPriceCents: type.priceCents,
      quantity,
      taxes: type.taxes,
      ...taxed,
      payableCents: taxed.totalCents,
    });
    eligibleAmounts.push(
      input.promo && promoAppliesTo(input.promo, ticketTypeId) ? type.priceCents * quantity : 0,
    );
  }
  if (currencies.size > 1) throw new RangeError('one currency per order');
  const currency = [...currencies][0] ?? 'CAD';

  // The discount of each ticket line, on its amount before taxes are added (or with them, when
  // the price includes them): a percentage per line, or a fixed amount shared in proportion.
  const cuts = eligibleAmounts.map(() => 0);
  const promo = input.promo;
  if (promo) {
    const eligible = eligibleAmounts.reduce((sum, amount) => sum + amount, 0);
    if (promo.kind === 'percent') {
      const percent = Math.min(100, Math.max(0, promo.percentOff ?? 0));
      eligibleAmounts.forEach((amount, index) => {
        cuts[index] = mulDivHalfUp(amount, percent, 100);
      });
    } else if (eligible > 0) {
      const off = Math.min(eligible, Math.max(0, promo.amountOffCents ?? 0));
      let given = 0;
      let largest = -1;
      eligibleAmounts.forEach((amount, index) => {
        cuts[index] = Math.floor((off * amount) / eligible);
        given += cuts[index] ?? 0;
        if (largest < 0 || amount > (eligibleAmounts[largest] ?? 0)) largest = index;
      });
      if (largest >= 0) cuts[largest] = (cuts[largest] ?? 0) + off - given;
    }
  }
  ticketLines.forEach((line, index) => {
    const cut = cuts[index] ?? 0;
    const amount = line.unitPriceCents * line.quantity - cut;
    const taxed = cut > 0 ? quebecTaxes(amount, line.taxes) : line;
    discounted.push({
      baseCents: taxed.baseCents,
      gstCents: taxed.gstCents,
      qstCents: taxed.qstCents,
      totalCents: taxed.totalCents,
    });
    line.payableCents = taxed.totalCents;
  });

  const lines: PricedLine[] = [...ticketLines];
  const before = sumTaxes(ticketLines);
  const after = sumTaxes(discounted);
  const discountCents = before.totalCents - after.totalCents;
  if (promo && (discountCents > 0 || before.baseCents !== after.baseCents)) {
    lines.push({
      kind: 'discount',
      refId: promo.code,
      nameFr: `Code promotionnel ${promo.code}`,
      nameEn: `Promo code ${promo.code}`,
      unitPriceCents: -(before.baseCents - after.baseCents),
      quantity: 1,
      taxes: 'added',
      baseCents: after.baseCents - before.baseCents,
      gstCents: after.gstCents - before.gstCents,
      qstCents: after.qstCents - before.qstCents,
      totalCents: -discountCents,
      payableCents: 0,
    });
  }
  for (const box of input.checkboxes ?? []) {
    const price = box.priceCents ?? 0;
    const taxed = price > 0 ? lineTaxes({ unitPriceCents: price, quantity: 1, taxes: box.taxes }) : undefined;
    lines.push({
      kind: 'checkbox',
      refId: box.checkboxId,
      nameFr: box.labelFr,
      nameEn: box.labelEn,
      unitPriceCents: price,
      quantity: 1,
      taxes: box.taxes,
      baseCents: taxed?.baseCents ?? 0,
      gstCents: taxed?.gstCents ?? 0,
      qstCents: taxed?.qstCents ?? 0,
      totalCents: taxed?.totalCents ?? 0,
      payableCents: taxed?.totalCents ?? 0,
    });
  }
  const totals = sumTaxes(lines);
  return {
    lines,
    currency,
    subtotalCents: totals.totalCents + discountCents,
    discountCents,
    gstCents: totals.gstCents,
    qstCents: totals.qstCents,
    totalCents: totals.totalCents,
    ticketCount: ticketLines.reduce((sum, line) => sum + line.quantity, 0),
  };
}
