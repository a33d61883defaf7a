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

/**
 * A Scan as code writes it: the SDK command, a client's `.scan(`, or ElectroDB's `.scan` followed by
 * what runs it (`.go`, `.where`, `.params`…). Not a name that merely is `scan` (the door scans of
 * TIX-12: `entities.scan.query…`, `{ ...scan }`).
 */
const scanCall = /ScanCommand|\.scan\s*\(|\.scan\s*\.\s*(go|where|params|filter|match)\b/;

describe('access patterns', () => {
  it('ROLE-06 never scans the table from shared/, functions/ or web/', () => {
    const offenders = roots.flatMap(sources).filter((file) => scanCall.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('ROLE-06 recognizes a Scan however it is written, and a name that is only « scan » is not one', () => {
    for (const call of [
      'client.send(new ScanCommand({ TableName }))',
      'documentClient.scan({ TableName })',
      'db.calendar.entities.event.scan.go()',
      'entities.event.scan\n  .where(() => "")',
    ]) {
      expect(scanCall.test(call), call).toBe(true);
    }
    for (const name of [
      'db.entry.entities.scan.query.byEvent({ eventId })',
      '{ ...scan, offline: true }',
      'data.endpoints.scan',
    ]) {
      expect(scanCall.test(name), name).toBe(false);
    }
  });
});
