/**
 * Latency figures of the request benchmarks (bench/figures/identity-web.ts, client-search.ts):
 * requests run `concurrency` at a time, each one's own duration recorded, and quantiles over them.
 */

/** The `q` quantile (nearest rank) of `values`; NaN when there are none, so a budget reads OVER. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}

/** Milliseconds to one decimal, as the figures print them. */
export const ms = (value: number) => Math.round(value * 10) / 10;

/**
 * Runs `request(0)` … `request(count - 1)`, `concurrency` in flight at any time (each of the
 * `concurrency` workers takes the next index as soon as its request ends: users who send the next
 * request when the page answers), and returns each request's duration in milliseconds. A failed
 * request fails the whole measure: a figure over errors would mean nothing.
 */
export async function measureRequests(
  count: number,
  concurrency: number,
  request: (index: number) => Promise<void>,
): Promise<number[]> {
  const durations: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      for (let index = next++; index < count; index = next++) {
        const start = performance.now();
        await request(index);
        durations.push(performance.now() - start);
      }
    }),
  );
  return durations;
}
