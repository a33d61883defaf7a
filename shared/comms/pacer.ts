/**
 * Spaces sends so one sender instance stays under its share of the SES rate. Each instance gets
 * `ratePerSecond / concurrency`, so the sum across the event source's concurrent invocations
 * stays under the account's rate without any shared state.
 */
export function createPacer(ratePerSecond: number, sleep = defaultSleep) {
  const interval = 1000 / ratePerSecond;
  let next = 0;
  return async function pace(): Promise<void> {
    const now = Date.now();
    const at = Math.max(now, next);
    next = at + interval;
    if (at > now) await sleep(at - now);
  };
}

export type Pacer = ReturnType<typeof createPacer>;

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
