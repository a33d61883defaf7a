import { describe, expect, it } from 'vitest';
import { formatFigure } from './figure';

describe('bench figures (issue #10)', () => {
  it('prints a budgeted figure with its budget, ok within it and OVER past it', () => {
    expect(formatFigure({ name: 'send-email bundle size', value: 812, unit: 'KB', budget: 1536 })).toEqual({
      line: 'send-email bundle size: 812 KB (budget 1536) ok',
      over: false,
    });
    expect(
      formatFigure({ name: 'web cold start vs baseline', value: 1.3412, unit: 'x', budget: 1.3 }),
    ).toEqual({
      line: 'web cold start vs baseline: 1.34 x (budget 1.3) OVER',
      over: true,
    });
  });

  it('holds a `min` figure (throughput) to reaching its budget', () => {
    const figure = { name: 'throughput', unit: 'messages/s', budget: 20, kind: 'min' as const };
    expect(formatFigure({ ...figure, value: 20 }).over).toBe(false);
    expect(formatFigure({ ...figure, value: 19.5 })).toEqual({
      line: 'throughput: 19.50 messages/s (budget 20) OVER',
      over: true,
    });
  });

  it('prints a small unitless figure with the decimals it asks for', () => {
    const figure = { name: 'CLS', unit: '', budget: 0.05 };
    expect(formatFigure({ ...figure, value: 0.0512, decimals: 3 })).toEqual({
      line: 'CLS: 0.051 (budget 0.05) OVER',
      over: true,
    });
    expect(formatFigure({ ...figure, value: 0.0049 }).line).toBe('CLS: 0.00 (budget 0.05) ok');
  });

  it('prints a reference figure without a budget and never counts it over', () => {
    expect(
      formatFigure({ name: 'hello-world cold start', value: 48, unit: 'ms', budget: 'reference' }),
    ).toEqual({ line: 'hello-world cold start: 48 ms (reference)', over: false });
  });

  it('counts a figure that measured nothing (NaN) as over its budget', () => {
    expect(formatFigure({ name: 'x', value: Number.NaN, unit: 'x', budget: 1.3 }).over).toBe(true);
    expect(formatFigure({ name: 'y', value: Number.NaN, unit: '/s', budget: 1, kind: 'min' }).over).toBe(
      true,
    );
  });
});
