import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** docs/data-model.md: no Scan on any user path or job; only one-off migrations under infra/ may. */
const roots = ['shared', 'functions', 'web/src'];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|svelte)$/.test(name) && !name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('access patterns', () => {
  it('ROLE-06 never scans the table from shared/, functions/ or web/', () => {
    const offenders = roots
      .flatMap(sources)
      .filter((file) => /ScanCommand|\.scan\b/.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
