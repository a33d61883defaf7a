import { CfnOutput, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { type GlobalIndexName, projectedAttributes, table as tableDefinition } from '../../shared/db/table';

/**
 * The stage's lasting state: the one DynamoDB table, built from shared/db/table.ts so CDK, local
 * twin and ElectroDB agree, and the ticket signing keyring (tickets sold stay valid across deploys).
 */
export class DataStack extends Stack {
  readonly table: dynamodb.Table;
  /** The ticket signing keyring (decision 0016): read by whoever signs tickets or checks them. */
  readonly ticketKeyring: secretsmanager.Secret;

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

    // Ticket tokens are Ed25519 signatures (decision 0016). CloudFormation cannot make an Ed25519
    // key, but it can generate a random seed: the secret is `{"keyId":1,"seed":"<64 random>"}` and
    // the signer derives the key from the seed (shared/ticketing/ticket-signer.ts). Retained: a
    // deleted keyring would void every ticket sold. Named by CloudFormation (a fixed name could
    // clash with a deleted stage's secret in its recovery window); its ARN reaches the functions.
    this.ticketKeyring = new secretsmanager.Secret(this, 'TicketKeyring', {
      description: 'Parvis: the ticket signing keyring (Ed25519 seed; decision 0016)',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ keyId: 1 }),
        generateStringKey: 'seed',
        passwordLength: 64,
        excludePunctuation: true,
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.ticketKeyring).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'A rotation must keep the retired public key in the keyring while its tickets are still out, which an automatic rotation cannot know: the operator rotates by hand (docs/operations.md, "Ticket signing key").',
    });
    new CfnOutput(this, 'TicketKeyringArn', { value: this.ticketKeyring.secretArn });
  }
}
