import { describe, expect, it } from 'vitest';
import { priceOrder } from './pricing';
import { promoRefusal } from './promo-rules';

const regular = {
  ticketTypeId: 'TT-R',
  nameFr: 'Régulier',
  nameEn: 'Regular',
  priceCents: 2500,
  currency: 'CAD',
  taxes: 'included' as const,
};
const student = {
  ticketTypeId: 'TT-E',
  nameFr: 'Étudiant',
  nameEn: 'Student',
  priceCents: 1234,
  currency: 'CAD',
  taxes: 'added' as const,
};
const sum = (lines: { totalCents: number }[]) => lines.reduce((total, line) => total + line.totalCents, 0);

describe('priceOrder', () => {
  it('TIX-02 taxes per line, included or added; quantities of one category merged; the lines add up to the total', () => {
    const priced = priceOrder({
      ticketTypes: [regular, student],
      lines: [
        { ticketTypeId: 'TT-R', quantity: 1 },
        { ticketTypeId: 'TT-E', quantity: 3 },
        { ticketTypeId: 'TT-R', quantity: 1 },
      ],
    });
    // 2 × 25.00 tax-in = 50.00 (43.49 + 2.17 + 4.34); 3 × 12.34 + taxes = 37.02 + 1.85 + 3.69 = 42.56.
    expect(
      priced.lines.map((line) => [line.refId, line.quantity, line.gstCents, line.qstCents, line.totalCents]),
    ).toEqual([
      ['TT-R', 2, 217, 434, 5000],
      ['TT-E', 3, 185, 369, 4256],
    ]);
    expect(priced).toMatchObject({ totalCents: 9256, subtotalCents: 9256, discountCents: 0, ticketCount: 5 });
    expect(sum(priced.lines)).toBe(priced.totalCents);
  });

  it('TIX-07 a percentage on eligible categories only, an amount shared in proportion and never below zero; taxes on what remains', () => {
    const percent = priceOrder({
      ticketTypes: [regular, student],
      lines: [
        { ticketTypeId: 'TT-R', quantity: 2 },
        { ticketTypeId: 'TT-E', quantity: 1 },
      ],
      promo: { code: 'ETU', kind: 'percent', percentOff: 15, ticketTypeIds: ['TT-E'] },
    });
    // 12.34 − 1.85 = 10.49 + 0.52 + 1.05 = 12.06, against 14.19.
    expect(percent.discountCents).toBe(1419 - 1206);
    expect(percent.lines.at(-1)).toMatchObject({
      kind: 'discount',
      refId: 'ETU',
      totalCents: -(1419 - 1206),
    });
    expect(sum(percent.lines)).toBe(percent.totalCents);

    const amount = priceOrder({
      ticketTypes: [regular],
      lines: [{ ticketTypeId: 'TT-R', quantity: 1 }],
      promo: { code: 'GROS', kind: 'amount', amountOffCents: 999_999 },
    });
    expect(amount).toMatchObject({ totalCents: 0, discountCents: 2500 });
    expect(sum(amount.lines)).toBe(0);
  });

  it('TIX-05 a priced checkbox is a line of its own, with its taxes; a free one is a zero line', () => {
    const priced = priceOrder({
      ticketTypes: [regular],
      lines: [{ ticketTypeId: 'TT-R', quantity: 1 }],
      checkboxes: [
        { checkboxId: 'CB-1', labelFr: 'Affiche', labelEn: 'Poster', priceCents: 1000, taxes: 'added' },
        { checkboxId: 'CB-2', labelFr: 'Infolettre', labelEn: 'Newsletter', taxes: 'included' },
      ],
    });
    expect(priced.lines.map((line) => [line.kind, line.totalCents])).toEqual([
      ['ticket', 2500],
      ['checkbox', 1150],
      ['checkbox', 0],
    ]);
    expect(priced.totalCents).toBe(3650);
  });

  it('TIX-07 why a code is refused: unknown or disabled, not yet, expired, exhausted, other categories', () => {
    const now = new Date('2026-12-02T15:00:00.000Z');
    const base = { status: 'active' as const, used: 0 };
    expect(promoRefusal(undefined, now, ['A'])).toBe('unknown');
    expect(promoRefusal({ ...base, status: 'disabled' }, now, ['A'])).toBe('unknown');
    expect(promoRefusal({ ...base, validFrom: '2026-12-03T00:00:00.000Z' }, now, ['A'])).toBe('notYet');
    expect(promoRefusal({ ...base, validUntil: '2026-12-02T15:00:00.000Z' }, now, ['A'])).toBe('expired');
    expect(promoRefusal({ ...base, usageLimit: 3, used: 3 }, now, ['A'])).toBe('exhausted');
    expect(promoRefusal({ ...base, ticketTypeIds: ['B'] }, now, ['A'])).toBe('category');
    expect(
      promoRefusal({ ...base, usageLimit: 3, used: 2, ticketTypeIds: ['A'] }, now, ['A']),
    ).toBeUndefined();
  });
});
