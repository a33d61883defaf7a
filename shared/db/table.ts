/**
 * The single DynamoDB table, described once. The CDK data stack and the local twin both build the
 * table from this object, and every ElectroDB entity maps its indexes onto these generic attribute
 * names, so the three can never disagree. Index purposes are listed in docs/data-model.md.
 */
export const table = {
  /** Logical name; the deployed name is chosen by CloudFormation, the local one by the twin. */
  logicalName: 'parvis',
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Items carrying this attribute (epoch seconds) are removed by DynamoDB TTL. */
  ttlAttribute: 'expiresAt',
  /** Global secondary indexes, all projecting every attribute (on-demand, small items). */
  globalIndexes: {
    gsi1: { partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    gsi2: { partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    gsi3: { partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
    gsi4: { partitionKey: 'gsi4pk', sortKey: 'gsi4sk' },
  },
} as const;

export type GlobalIndexName = keyof typeof table.globalIndexes;

/** Every key attribute is a string: ElectroDB composes them from typed attributes. */
export const keyAttributeNames: string[] = [
  table.partitionKey,
  table.sortKey,
  ...Object.values(table.globalIndexes).flatMap((index) => [index.partitionKey, index.sortKey]),
];
