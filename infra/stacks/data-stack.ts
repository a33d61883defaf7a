import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { type GlobalIndexName, projectedAttributes, table as tableDefinition } from '../../shared/db/table';

/** The one DynamoDB table, built from shared/db/table.ts so CDK, local twin and ElectroDB agree. */
export class DataStack extends Stack {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const key = (name: string): dynamodb.Attribute => ({ name, type: dynamodb.AttributeType.STRING });

    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: key(tableDefinition.partitionKey),
      sortKey: key(tableDefinition.sortKey),
      // On-demand: no capacity to pay for at rest, scales with busy days (DESIGN: scale to zero).
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      timeToLiveAttribute: tableDefinition.ttlAttribute,
      // AWS-owned key: encrypted at rest at no monthly cost.
      encryption: dynamodb.TableEncryption.DEFAULT,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    for (const [indexName, index] of Object.entries(tableDefinition.globalIndexes)) {
      this.table.addGlobalSecondaryIndex({
        indexName,
        partitionKey: key(index.partitionKey),
        sortKey: key(index.sortKey),
        projectionType: dynamodb.ProjectionType.INCLUDE,
        nonKeyAttributes: projectedAttributes(indexName as GlobalIndexName),
      });
    }

    // The runbook's restore steps start from this name (docs/operations.md).
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
  }
}
