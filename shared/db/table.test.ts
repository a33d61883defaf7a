import { describe, expect, it } from 'vitest';
import { createCommsDb } from '../comms/db';
import { createIdentityDb } from '../identity/db';
import { type GlobalIndexName, projectedAttributes, table } from './table';

/** Every domain's entities, as their Services build them (no client needed to read the schemas). */
const entities = [
  ...Object.values(createCommsDb(undefined as never, 'parvis').entities),
  ...Object.values(createIdentityDb(undefined as never, 'parvis').entities),
];

/** Attributes and index names of each entity, from its ElectroDB model. */
const models = entities.map((entity) => {
  const schema = (entity as unknown as { schema: { attributes: object; indexes: object } }).schema;
  return {
    attributes: new Set(Object.keys(schema.attributes)),
    indexes: new Set(Object.values(schema.indexes).map((index: { index?: string }) => index.index)),
  };
});

describe('index projections (issue #10 §4)', () => {
  it('COM-04 never copies an e-mail body or its rendered data into an index', () => {
    for (const name of Object.keys(table.globalIndexes) as GlobalIndexName[]) {
      expect(projectedAttributes(name)).not.toContain('data');
      expect(projectedAttributes(name)).not.toContain('html');
    }
  });

  it('PLAT-03 stays within DynamoDB’s 100 projected attributes across all indexes', () => {
    const total = (Object.keys(table.globalIndexes) as GlobalIndexName[])
      .map((name) => projectedAttributes(name).length)
      .reduce((sum, count) => sum + count, 0);
    expect(total).toBeLessThanOrEqual(100);
  });

  it('PLAT-03 projects only attributes of entities that use the index, and ElectroDB’s entity tags', () => {
    for (const name of Object.keys(table.globalIndexes) as GlobalIndexName[]) {
      const used = models.filter((model) => model.indexes.has(name));
      const stale = table.globalIndexes[name].projected.filter(
        (attribute: string) => !used.some((model) => model.attributes.has(attribute)),
      );
      expect(stale, name).toEqual([]);
      expect(projectedAttributes(name)).toEqual(expect.arrayContaining(['__edb_e__', '__edb_v__']));
    }
  });
});
