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
  /**
   * Global secondary indexes. Each projects its keys, the table's keys, ElectroDB's entity tags
   * and only the attributes its readers use (`projected`), so a 64 KB e-mail body is never copied
   * into an index: every index write costs its projected size. A reader that needs a whole item
   * gets it by key (ElectroDB `hydrate`, or a GetItem). DynamoDB allows 100 projected attributes
   * across all indexes; shared/db/table.test.ts keeps count.
   */
  globalIndexes: {
    gsi1: {
      partitionKey: 'gsi1pk',
      sortKey: 'gsi1sk',
      projected: [
        // outbound message, waitingByStatus: the release job (shared/comms/release-due-emails.ts)
        'messageId',
        'kind',
        'status',
        'notBefore',
        'account',
        'attempts',
        'attemptAt',
        'leaseUntil',
        'massReservedAt',
        // suppression, all: the staff list
        'email',
        'reason',
        'detail',
        'at',
      ],
    },
    gsi2: {
      partitionKey: 'gsi2pk',
      sortKey: 'gsi2sk',
      // outbound message, bySesMessageId: SES feedback finds the message, then reads it by id.
      projected: ['messageId'],
    },
    gsi3: { partitionKey: 'gsi3pk', sortKey: 'gsi3sk', projected: [] },
    gsi4: { partitionKey: 'gsi4pk', sortKey: 'gsi4sk', projected: [] },
  },
} as const;

export type GlobalIndexName = keyof typeof table.globalIndexes;

/** ElectroDB tags every item with these; a query result without them is not recognised as the entity's. */
export const entityTagAttributes = ['__edb_e__', '__edb_v__'] as const;

/** The non-key attributes an index projects (DynamoDB `Projection` with `ProjectionType: INCLUDE`). */
export function projectedAttributes(index: GlobalIndexName): string[] {
  return [...entityTagAttributes, ...table.globalIndexes[index].projected];
}

/** Every key attribute is a string: ElectroDB composes them from typed composite attributes. */
export const keyAttributeNames: string[] = [
  table.partitionKey,
  table.sortKey,
  ...Object.values(table.globalIndexes).flatMap((index) => [index.partitionKey, index.sortKey]),
];
