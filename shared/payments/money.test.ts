import { describe, expect, it } from 'vitest';
import { centsToDecimal, decimalToCents } from './money';

describe('amounts across the provider boundary', () => {
  it('TIX-09 cents and PayPal decimal strings convert exactly, both ways', () => {
    expect(centsToDecimal(7250, 'CAD')).toBe('72.50');
    expect(centsToDecimal(5, 'EUR')).toBe('0.05');
    expect(centsToDecimal(1250, 'JPY')).toBe('1250');
    expect(decimalToCents('72.50', 'CAD')).toBe(7250);
    expect(decimalToCents('0.1', 'CAD')).toBe(10);
    expect(decimalToCents('19', 'USD')).toBe(1900);
    // 0.29 * 100 is 28.999999999999996 in floating point: strings avoid it.
    expect(decimalToCents('0.29', 'CAD')).toBe(29);
    for (let cents = 0; cents < 2_000; cents += 7)
      expect(decimalToCents(centsToDecimal(cents, 'CAD'), 'CAD')).toBe(cents);
  });

  it('TIX-09 an amount the currency cannot hold is refused, not rounded', () => {
    expect(() => decimalToCents('1.005', 'CAD')).toThrow(RangeError);
    expect(() => decimalToCents('12,50', 'CAD')).toThrow(RangeError);
    expect(() => centsToDecimal(12.5, 'CAD')).toThrow(RangeError);
  });
});
