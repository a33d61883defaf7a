/**
 * How a category's seats are split over counter shards, and which shards a hold takes from
 * (decision 0014). Pure: the use cases read the shards and write the plan.
 */

/** A shard holds about this many seats at creation… */
export const seatsPerShard = 25;
/** …and a category has at most this many: a hold of one category stays a few transaction items. */
export const maxShards = 8;

/** Shards of a new category: 1 for 25 seats or fewer, one per 25 seats up to 8. */
export function shardCountFor(quantity: number): number {
  return Math.min(maxShards, Math.max(1, Math.ceil(quantity / seatsPerShard)));
}

/** `total` split over `parts` as evenly as whole numbers allow, the larger parts first. */
export function splitEvenly(total: number, parts: number): number[] {
  const base = Math.floor(total / parts);
  const extra = total % parts;
  return Array.from({ length: parts }, (_, index) => base + (index < extra ? 1 : 0));
}

export interface ShardCount {
  shard: string;
  remaining: number;
}

export interface ShardTake {
  shard: string;
  quantity: number;
}

/**
 * Where to take `quantity` seats, from shards read consistently: one shard that has them all,
 * chosen at random so concurrent buyers spread out; failing that, the fullest shards first, so an
 * order of the last seats is split over as few shards as possible. `undefined`: fewer seats
 * remain than asked, whatever the split.
 */
export function planTake(
  shards: ShardCount[],
  quantity: number,
  random: () => number = Math.random,
): ShardTake[] | undefined {
  const whole = shards.filter((shard) => shard.remaining >= quantity);
  if (whole.length > 0) {
    const chosen = whole[Math.floor(random() * whole.length)] ?? whole[0];
    if (chosen) return [{ shard: chosen.shard, quantity }];
  }
  return fullestFirst(shards, quantity);
}

/**
 * Seats to remove from sale (a category made smaller): taken from the remaining seats only, the
 * fullest shards first; `undefined` when fewer remain than the reduction (those are sold or held).
 */
export function planRemoval(shards: ShardCount[], quantity: number): ShardTake[] | undefined {
  return fullestFirst(shards, quantity);
}

function fullestFirst(shards: ShardCount[], quantity: number): ShardTake[] | undefined {
  const takes: ShardTake[] = [];
  let missing = quantity;
  for (const shard of [...shards].sort((a, b) => b.remaining - a.remaining)) {
    if (missing === 0 || shard.remaining <= 0) break;
    const take = Math.min(shard.remaining, missing);
    takes.push({ shard: shard.shard, quantity: take });
    missing -= take;
  }
  return missing === 0 ? takes : undefined;
}
