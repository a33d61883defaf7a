/**
 * Which DynamoDB failures a ticketing write may simply try again (holds, their settlement, the
 * door's admissions, the calendar flag's sync), and how long it waits before it does.
 */
const transientNames = new Set([
  'TransactionConflictException',
  'TransactionInProgressException',
  // DynamoDB Local answers a transaction that waited too long for its item locks with a 500 (where
  // DynamoDB would cancel it for a conflict).
  'InternalServerError',
]);

/**
 * A transaction that may be tried again: a conflict, or an answer lost on DynamoDB's side. Safe
 * even if it did commit: the hold then exists, and placing it again returns it (existingHold);
 * settling re-reads the hold's status first.
 */
export function isTransient(error: unknown): boolean {
  for (let current: unknown = error; current; current = (current as { cause?: unknown }).cause) {
    if (transientNames.has(String((current as { name?: string }).name))) return true;
    if (typeof current !== 'object') return false;
  }
  return false;
}

/**
 * The wait before trying again after `attempt` refused tries: up to 10, 20, 40… ms (320 at most),
 * at random, so two writers that collided part ways. `random` is for tests.
 */
export function pauseBeforeRetry(attempt: number, random: () => number = Math.random): Promise<void> {
  const ms = Math.floor(random() * 10 * 2 ** Math.min(attempt - 1, 5));
  return new Promise((resolve) => setTimeout(resolve, ms));
}
