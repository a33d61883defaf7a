import { describe, expect, it } from 'vitest';
import { measureRequests, quantile } from './latency';

describe('bench latency helpers (issue #11)', () => {
  it('takes the nearest-rank quantile, and NaN (over any budget) of nothing', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(quantile(values, 0.95)).toBe(95);
    expect(quantile(values, 0.5)).toBe(50);
    expect(quantile([7], 0.95)).toBe(7);
    expect(quantile([], 0.95)).toBeNaN();
  });

  it('runs every request once, never more than `concurrency` at a time', async () => {
    let inFlight = 0;
    let most = 0;
    const seen: number[] = [];
    const durations = await measureRequests(23, 5, async (index) => {
      inFlight++;
      most = Math.max(most, inFlight);
      seen.push(index);
      await new Promise((resolve) => setTimeout(resolve, 1 + (index % 3)));
      inFlight--;
    });
    expect(durations).toHaveLength(23);
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 23 }, (_, i) => i));
    expect(most).toBe(5);
  });

  it('fails the measure when a request fails', async () => {
    await expect(
      measureRequests(10, 3, async (index) => {
        if (index === 4) throw new Error('log-in answered 500');
      }),
    ).rejects.toThrow('log-in answered 500');
  });
});
