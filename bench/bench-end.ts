/**
 * What a figure module leaves running for the modules after it (a seeded site, bench/calendar-site.ts)
 * is stopped by `npm run bench` once every module has measured (bench/run.ts), last started first.
 */
const stops: (() => Promise<void>)[] = [];

/** Registers `stop`, run once at the end of the bench. */
export function atBenchEnd(stop: () => Promise<void>): void {
  stops.push(stop);
}

/** Runs what was registered, last first; a failure to stop is printed and does not stop the others. */
export async function benchEnd(): Promise<void> {
  for (const stop of stops.splice(0).reverse()) {
    await stop().catch((error: unknown) => console.error(`bench: failed to stop: ${String(error)}`));
  }
}
