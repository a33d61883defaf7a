/**
 * Québec sales taxes on a ticket line (TIX-02): GST 5 % and QST 9.975 %, the QST computed on the
 * price before GST (since 2013). Money is integer cents; the arithmetic is exact (BigInt, rates as
 * parts of 100 000), so no binary fraction ever decides a cent.
 *
 * The rounding rule (decision 0014), from Revenu Québec's « Calculating the taxes »:
 * - Each tax is computed on the price before taxes and rounded to the cent, half a cent and more
 *   going up (« only fractions equal to or greater than $0.005 are rounded to a whole cent »).
 *   $100.00 → GST 5.00, QST 9.975 → 9.98, total 114.98.
 * - The rounding unit is the line: one category's unit price × quantity. Revenu Québec allows the
 *   taxes of several goods to be computed on their total before rounding; a line is such a total,
 *   and an order's taxes are the sum of its lines' (each line's amounts are stored, data model
 *   §1.3). 3 × 12.34 $ → GST on 37.02 = 1.851 → 1.85 (not 3 × 0.62 = 1.86).
 * - A tax-included price is split the way Revenu Québec describes for tax-in amounts: the price
 *   before taxes is the price ÷ 1.14975 rounded to the cent, each tax is computed on it as above,
 *   and the price before taxes is then what remains (price − GST − QST), so the three parts always
 *   add up to the price exactly. The taxes are never recomputed after that adjustment.
 *   $10.00 tax-in → 10 ÷ 1.14975 = 8.6975 → 8.70; GST 0.435 → 0.44; QST 0.8678 → 0.87;
 *   base 10.00 − 0.44 − 0.87 = 8.69.
 */
import type { TaxMode } from './ticket-type';

/** Rates as parts of 100 000: 5 % and 9.975 %. */
const scale = 100_000n;
const gstRate = 5_000n;
const qstRate = 9_975n;

export const quebecTaxRates = { gstPercent: 5, qstPercent: 9.975 } as const;

export interface TaxedAmount {
  /** Price before taxes. */
  baseCents: number;
  gstCents: number;
  qstCents: number;
  /** What the buyer pays: base + GST + QST. */
  totalCents: number;
}

/** `numerator / denominator` rounded to the nearest integer, halves up (both non-negative). */
function divideHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (2n * numerator + denominator) / (2n * denominator);
}

function cents(amount: number, what: string): bigint {
  if (!Number.isSafeInteger(amount) || amount < 0) throw new RangeError(`${what} must be whole cents ≥ 0`);
  return BigInt(amount);
}

/** GST and QST of an amount before taxes, each rounded half-up to the cent. */
function taxesOnBase(base: bigint): { gst: bigint; qst: bigint } {
  return { gst: divideHalfUp(base * gstRate, scale), qst: divideHalfUp(base * qstRate, scale) };
}

/**
 * The taxes of one amount (a whole line) in either mode: `added` puts them on top of it,
 * `included` takes them out of it (base + GST + QST == the amount, exactly).
 */
export function quebecTaxes(amountCents: number, mode: TaxMode): TaxedAmount {
  const amount = cents(amountCents, 'amount');
  if (mode === 'added') {
    const { gst, qst } = taxesOnBase(amount);
    return {
      baseCents: amountCents,
      gstCents: Number(gst),
      qstCents: Number(qst),
      totalCents: Number(amount + gst + qst),
    };
  }
  // price ÷ 1.14975 = price × 100 000 / 114 975, rounded to the cent.
  const estimatedBase = divideHalfUp(amount * scale, scale + gstRate + qstRate);
  const { gst, qst } = taxesOnBase(estimatedBase);
  return {
    baseCents: Number(amount - gst - qst),
    gstCents: Number(gst),
    qstCents: Number(qst),
    totalCents: amountCents,
  };
}

/** TIX-02: the taxes of a ticket line, `quantity` tickets of one category, rounded once per line. */
export function lineTaxes(line: { unitPriceCents: number; quantity: number; taxes: TaxMode }): TaxedAmount {
  if (!Number.isSafeInteger(line.quantity) || line.quantity < 1) throw new RangeError('quantity must be ≥ 1');
  const amount = cents(line.unitPriceCents, 'unit price') * BigInt(line.quantity);
  if (amount > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('line amount too large');
  return quebecTaxes(Number(amount), line.taxes);
}

/** The sum of several lines' amounts (an order's totals); lines are never re-rounded together. */
export function sumTaxes(lines: TaxedAmount[]): TaxedAmount {
  return lines.reduce(
    (sum, line) => ({
      baseCents: sum.baseCents + line.baseCents,
      gstCents: sum.gstCents + line.gstCents,
      qstCents: sum.qstCents + line.qstCents,
      totalCents: sum.totalCents + line.totalCents,
    }),
    { baseCents: 0, gstCents: 0, qstCents: 0, totalCents: 0 },
  );
}
