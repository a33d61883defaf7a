/**
 * Amounts cross the provider boundary in two shapes: Stripe takes integer minor units (our cents),
 * PayPal takes a decimal string. Currencies without minor units (ISO 4217 exponent 0) are written
 * without decimals by both; Parvis stores every amount as an integer in the currency's minor unit.
 */
const zeroDecimal = new Set(['JPY', 'KRW', 'CLP', 'VND', 'XAF', 'XOF', 'ISK', 'HUF', 'TWD']);

/** Digits after the decimal point of a currency (2 for CAD, EUR, USD). */
export function currencyExponent(currency: string): number {
  return zeroDecimal.has(currency.toUpperCase()) ? 0 : 2;
}

/** 1250 CAD → "12.50"; 1250 JPY → "1250". */
export function centsToDecimal(cents: number, currency: string): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`Not an integer amount: ${cents}`);
  const exponent = currencyExponent(currency);
  if (exponent === 0) return String(cents);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** "12.50" CAD → 1250; exact on strings, never through floating point. */
export function decimalToCents(value: string, currency: string): number {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!match) throw new RangeError(`Not a decimal amount: ${value}`);
  const [, sign, whole, fraction = ''] = match;
  const exponent = currencyExponent(currency);
  if (fraction.length > exponent && /[1-9]/.test(fraction.slice(exponent))) {
    throw new RangeError(`${value} ${currency} has more decimals than the currency allows`);
  }
  const minor =
    Number(whole) * 10 ** exponent + Number(fraction.slice(0, exponent).padEnd(exponent, '0') || 0);
  return sign === '-' ? -minor : minor;
}
