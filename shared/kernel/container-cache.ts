/**
 * A copy kept in this container's memory for a while, of data every public page reads and that
 * changes seldom (pick lists, « À la une »'s pins, image renditions). A change made in this
 * container forgets it at once (`clear`); one made in another container shows there within the
 * copy's lifetime, as it would through CloudFront's cache of public pages (decision 0013).
 *
 * A read that started before a `clear` and ends after it returns what it read but does not keep
 * it, or it would hide the change for a whole lifetime. The oldest entries go first beyond `max`.
 */
export class ContainerCache<V> {
  readonly #entries = new Map<string, { at: number; value: V }>();
  #generation = 0;

  constructor(
    private readonly lifetimeMs: number,
    private readonly max = 1_000,
  ) {}

  /** The kept value, if still fresh. */
  get(key: string): V | undefined {
    const hit = this.#entries.get(key);
    if (!hit) return undefined;
    if (Date.now() - hit.at < this.lifetimeMs) return hit.value;
    this.#entries.delete(key);
    return undefined;
  }

  /** The kept value, or `load`'s, kept unless a `clear` came meanwhile. */
  async through(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.get(key);
    if (hit !== undefined) return hit;
    const started = this.#generation;
    const value = await load();
    this.keep(started, key, value);
    return value;
  }

  /** A token to pass to `keep` for values read after this point. */
  generation(): number {
    return this.#generation;
  }

  /** Keeps values read since `generation()` returned `started`, unless a `clear` came meanwhile. */
  keep(started: number, key: string, value: V): void {
    if (started !== this.#generation) return;
    this.#entries.delete(key);
    this.#entries.set(key, { at: Date.now(), value });
    if (this.#entries.size > this.max) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }

  /** Forgets everything (after a change in this container, and between tests). */
  clear(): void {
    this.#generation += 1;
    this.#entries.clear();
  }
}
