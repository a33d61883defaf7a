import { Entity } from 'electrodb';
import { isConditionFailure } from '../db/conditions';
import type { Deps } from '../deps';

const hourMs = 60 * 60 * 1000;
/** The buckets counted at any instant: the current hour and the 24 before it. */
const bucketsCounted = 25;

/**
 * The mass sends of all accounts in one clock hour. SES's daily quota belongs to the AWS account,
 * not to a sending account, so the per-account caps alone could add up past it; these buckets
 * hold every account's mass mail to `sesDailyQuota − serviceReserve` per 24 h. Hourly buckets
 * rather than one item of instants: 50,000 instants would not fit in an item (400 KB) and one
 * item would serialize every mass sender of the platform.
 */
export const massBudgetHourEntity = () =>
  new Entity(
    {
      model: { entity: 'massBudgetHour', version: '1', service: 'parvis' },
      attributes: {
        /** UTC hour, `YYYY-MM-DDTHH`. */
        hour: { type: 'string', required: true, readOnly: true },
        sends: { type: 'number', required: true, default: 0 },
        /** Two days after the hour: the bucket stops counting after 25 hours. */
        expiresAt: { type: 'number' },
      },
      indexes: {
        byHour: {
          pk: { field: 'pk', composite: [], template: 'MASSBUDGET', casing: 'none' },
          sk: { field: 'sk', composite: ['hour'], template: 'HOUR#${hour}', casing: 'none' },
        },
      },
    },
    {},
  );

export function hourOf(at: Date | number): string {
  return new Date(at).toISOString().slice(0, 13);
}

const startOf = (hour: string) => Date.parse(`${hour}:00:00.000Z`);

/**
 * Takes one place in the platform's mass-mail budget, or says when one frees up. Counts the
 * current hour's bucket and the 24 before it, so it is exact to the hour and errs on the safe
 * side: a rolling 24 h window never holds more than `budget` sends, and a place can be refused up
 * to an hour before the rolling count would allow it. The increment is conditioned on the current
 * bucket staying under `budget − (the other buckets)`, so concurrent senders cannot overshoot
 * within an hour; two sends racing across an hour boundary can each miss the other, an overshoot
 * of at most the senders' concurrency that the service reserve absorbs.
 */
export async function reservePlatformSend(
  deps: Pick<Deps, 'db'>,
  request: { budget: number; now: Date },
): Promise<{ reserved: true } | { reserved: false; freeAt: Date }> {
  const { massBudgetHour } = deps.db.comms.entities;
  const now = request.now.getTime();
  const hour = hourOf(now);
  const hours = Array.from({ length: bucketsCounted }, (_, i) =>
    hourOf(now - (bucketsCounted - 1 - i) * hourMs),
  );
  const expiresAt = Math.floor(now / 1000) + 2 * 24 * 3600;
  for (let attempt = 0; attempt < 20; attempt++) {
    const buckets = (
      await massBudgetHour.query
        .byHour({})
        .between({ hour: hours[0] ?? hour }, { hour })
        .go({ consistent: true, count: bucketsCounted + 5 })
    ).data;
    const byHour = new Map(buckets.map((bucket) => [bucket.hour, bucket.sends]));
    const used = hours.reduce((sum, h) => sum + (byHour.get(h) ?? 0), 0);
    const others = used - (byHour.get(hour) ?? 0);
    if (used >= request.budget) {
      // Each hour that passes drops the oldest bucket: the first hour at which enough have gone.
      let dropped = 0;
      for (const [k, h] of hours.entries()) {
        dropped += byHour.get(h) ?? 0;
        if (used - dropped < request.budget) {
          return { reserved: false, freeAt: new Date(startOf(hour) + (k + 1) * hourMs) };
        }
      }
      return { reserved: false, freeAt: new Date(startOf(hour) + bucketsCounted * hourMs) };
    }
    try {
      await massBudgetHour
        .update({ hour })
        .add({ sends: 1 })
        .set({ expiresAt })
        .where(
          ({ sends }, { notExists, lt }) => `${notExists(sends)} OR ${lt(sends, request.budget - others)}`,
        )
        .go();
      return { reserved: true };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
  throw new Error('Could not reserve a place in the platform mass-mail budget: too much contention');
}

/** Gives back a place taken at `at` for a mail that did not go out. */
export async function releasePlatformSend(deps: Pick<Deps, 'db'>, request: { at: number }): Promise<void> {
  try {
    await deps.db.comms.entities.massBudgetHour
      .update({ hour: hourOf(request.at) })
      .add({ sends: -1 })
      .where(({ sends }, { gt }) => gt(sends, 0))
      .go();
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}
