/**
 * A price typed into a form, in dollars as people write them here: « 25 », « 25,50 », « 25.5 »,
 * « 1 250 $ ». Read to cents; empty → undefined; anything else → null, which the form refuses
 * with its own message before any use case runs. The use cases bound the amounts.
 */
export function centsOfField(value: string): number | undefined | null {
  const trimmed = value.trim().replace(/\s/g, '').replace(/\$$/, '');
  if (!trimmed) return undefined;
  const match = /^(\d{1,6})(?:[.,](\d{1,2}))?$/.exec(trimmed);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** Cents as the form shows them back: « 25 » for whole dollars, else « 25.50 ». */
export function dollarsOfCents(cents: number | undefined): string {
  if (cents === undefined) return '';
  return cents % 100 === 0 ? String(cents / 100) : (cents / 100).toFixed(2);
}
