import { describe, expect, it } from 'vitest';
import { lineTaxes, quebecTaxes, sumTaxes } from './taxes';

/** TIX-02: GST 5 % + QST 9.975 %, rounded half-up per line (decision 0014), on worked examples. */
describe('TIX-02 Québec taxes', () => {
  it('TIX-02 adds taxes on top: Revenu Québec’s $100.00 example gives 5.00 + 9.98 = 114.98', () => {
    expect(quebecTaxes(10_000, 'added')).toEqual({
      baseCents: 10_000,
      gstCents: 500,
      qstCents: 998,
      totalCents: 11_498,
    });
  });

  it('TIX-02 extracts taxes from a tax-included price so the parts add up exactly', () => {
    // 25.00 ÷ 1.14975 = 21.7439 → 21.74; GST 1.087 → 1.09; QST 2.1686 → 2.17; base 25 − 3.26 = 21.74.
    expect(quebecTaxes(2_500, 'included')).toEqual({
      baseCents: 2_174,
      gstCents: 109,
      qstCents: 217,
      totalCents: 2_500,
    });
    // Revenu Québec's tax-in examples: $2.00 → 1.74 + 0.09 + 0.17; $10.00 → 8.70 gives GST 0.435 → 0.44
    // and QST 0.8678 → 0.87, then the base absorbs the cent: 8.69 (the taxes are not recomputed).
    expect(quebecTaxes(200, 'included')).toEqual({
      baseCents: 174,
      gstCents: 9,
      qstCents: 17,
      totalCents: 200,
    });
    expect(quebecTaxes(1_000, 'included')).toEqual({
      baseCents: 869,
      gstCents: 44,
      qstCents: 87,
      totalCents: 1_000,
    });
    // A tax-in price that is exactly a taxed amount gives that amount back.
    expect(quebecTaxes(11_498, 'included')).toEqual({
      baseCents: 10_000,
      gstCents: 500,
      qstCents: 998,
      totalCents: 11_498,
    });
  });

  it('TIX-02 rounds half a cent up and less than half down, on small amounts', () => {
    // 0.10 $: GST 0.005 → 0.01 (half up), QST 0.009975 → 0.01.
    expect(quebecTaxes(10, 'added')).toEqual({ baseCents: 10, gstCents: 1, qstCents: 1, totalCents: 12 });
    // 0.07 $: GST 0.0035 → 0.00, QST 0.0069825 → 0.01.
    expect(quebecTaxes(7, 'added')).toEqual({ baseCents: 7, gstCents: 0, qstCents: 1, totalCents: 8 });
    // 0.05 $: GST 0.0025 → 0, QST 0.0049875 → 0 (just under half a cent).
    expect(quebecTaxes(5, 'added')).toEqual({ baseCents: 5, gstCents: 0, qstCents: 0, totalCents: 5 });
    // 0.06 $ tax-in: 0.0522 → 0.05; taxes 0.0025 → 0, 0.0049875 → 0.
    expect(quebecTaxes(6, 'included')).toEqual({ baseCents: 6, gstCents: 0, qstCents: 0, totalCents: 6 });
    expect(quebecTaxes(0, 'added')).toEqual({ baseCents: 0, gstCents: 0, qstCents: 0, totalCents: 0 });
    expect(quebecTaxes(0, 'included')).toEqual({ baseCents: 0, gstCents: 0, qstCents: 0, totalCents: 0 });
  });

  it('TIX-02 rounds once per line, on quantity × unit price, not per ticket', () => {
    // 3 × 12.34 = 37.02: GST 1.851 → 1.85 (per ticket it would be 3 × 0.62 = 1.86), QST 3.6927 → 3.69.
    expect(lineTaxes({ unitPriceCents: 1_234, quantity: 3, taxes: 'added' })).toEqual({
      baseCents: 3_702,
      gstCents: 185,
      qstCents: 369,
      totalCents: 4_256,
    });
    // 4 × 25.00 tax-in = 100.00: 86.97 → GST 4.3485 → 4.35, QST 8.6753 → 8.68, base 86.97.
    expect(lineTaxes({ unitPriceCents: 2_500, quantity: 4, taxes: 'included' })).toEqual({
      baseCents: 8_697,
      gstCents: 435,
      qstCents: 868,
      totalCents: 10_000,
    });
  });

  it('TIX-02 keeps base + GST + QST == price for every tax-included price up to 1,000 $', () => {
    const wrong: number[] = [];
    for (let price = 0; price <= 100_000; price += 1) {
      const taxed = quebecTaxes(price, 'included');
      if (taxed.baseCents + taxed.gstCents + taxed.qstCents !== price || taxed.baseCents < 0)
        wrong.push(price);
    }
    expect(wrong).toEqual([]);
  });

  it('TIX-02 is exact at the largest order: 20 tickets at 100 000 $', () => {
    const line = lineTaxes({ unitPriceCents: 10_000_000, quantity: 20, taxes: 'added' });
    expect(line).toEqual({
      baseCents: 200_000_000,
      gstCents: 10_000_000,
      qstCents: 19_950_000,
      totalCents: 229_950_000,
    });
  });

  it('TIX-02 sums an order’s lines without rounding them again', () => {
    const order = sumTaxes([
      lineTaxes({ unitPriceCents: 1_234, quantity: 3, taxes: 'added' }),
      lineTaxes({ unitPriceCents: 2_500, quantity: 1, taxes: 'included' }),
    ]);
    expect(order).toEqual({
      baseCents: 3_702 + 2_174,
      gstCents: 185 + 109,
      qstCents: 369 + 217,
      totalCents: 4_256 + 2_500,
    });
  });

  it('TIX-02 refuses amounts that are not whole cents', () => {
    expect(() => quebecTaxes(12.5, 'added')).toThrow(RangeError);
    expect(() => quebecTaxes(-1, 'included')).toThrow(RangeError);
    expect(() => lineTaxes({ unitPriceCents: 100, quantity: 0, taxes: 'added' })).toThrow(RangeError);
  });
});
