import { afterEach, describe, expect, it, vi } from 'vitest';
import { ContainerCache } from './container-cache';

describe('ContainerCache', () => {
  afterEach(() => vi.useRealTimers());

  it('CAL-02 keeps a value for its lifetime, then reads again', async () => {
    vi.useFakeTimers({ now: 0 });
    const cache = new ContainerCache<number>(60_000);
    let reads = 0;
    const load = async () => ++reads;
    expect(await cache.through('k', load)).toBe(1);
    vi.setSystemTime(59_999);
    expect(await cache.through('k', load)).toBe(1);
    vi.setSystemTime(60_000);
    expect(await cache.through('k', load)).toBe(2);
  });

  it('CAL-02 a read that started before a clear is returned but not kept (it would hide the change)', async () => {
    const cache = new ContainerCache<string>(60_000);
    let release: (value: string) => void = () => {};
    const slow = cache.through('k', () => new Promise<string>((resolve) => (release = resolve)));
    cache.clear();
    release('before the change');
    expect(await slow).toBe('before the change');
    expect(cache.get('k')).toBeUndefined();
    expect(await cache.through('k', async () => 'after')).toBe('after');
    expect(cache.get('k')).toBe('after');
  });

  it('drops the oldest entry beyond its size', async () => {
    const cache = new ContainerCache<number>(60_000, 2);
    for (const [key, value] of [
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ] as const) {
      cache.keep(cache.generation(), key, value);
    }
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([undefined, 2, 3]);
  });
});
