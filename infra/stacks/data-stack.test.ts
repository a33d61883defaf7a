import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { type GlobalIndexName, projectedAttributes, table } from '../../shared/db/table';
import { minimumSeedLength, parseTicketKeyring } from '../../shared/ticketing/ticket-signer';
import { bareApp } from '../test/parvis-app';
import { DataStack } from './data-stack';

describe('DataStack', () => {
  const { app } = bareApp();
  const template = Template.fromStack(new DataStack(app, 'Data'));

  it('has exactly one table, keyed as shared/db/table.ts says', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: table.partitionKey, KeyType: 'HASH' },
        { AttributeName: table.sortKey, KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: table.ttlAttribute, Enabled: true },
    });
  });

  it('declares every key attribute as a string, and no other attribute', () => {
    const [resource] = Object.values(template.findResources('AWS::DynamoDB::Table'));
    const definitions = resource?.Properties.AttributeDefinitions as {
      AttributeName: string;
      AttributeType: string;
    }[];
    expect(definitions.map((d) => d.AttributeName).sort()).toEqual([...new Set(keyAttributes())].sort());
    expect(definitions.every((d) => d.AttributeType === 'S')).toBe(true);
  });

  it('has each global index of shared/db/table.ts, projecting only what its readers use, and no other', () => {
    const [resource] = Object.values(template.findResources('AWS::DynamoDB::Table'));
    const indexes = resource?.Properties.GlobalSecondaryIndexes as { IndexName: string }[];
    expect(indexes.map((i) => i.IndexName).sort()).toEqual(Object.keys(table.globalIndexes).sort());
    for (const [indexName, index] of Object.entries(table.globalIndexes)) {
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        GlobalSecondaryIndexes: Match.arrayWith([
          {
            IndexName: indexName,
            KeySchema: [
              { AttributeName: index.partitionKey, KeyType: 'HASH' },
              { AttributeName: index.sortKey, KeyType: 'RANGE' },
            ],
            Projection: {
              ProjectionType: 'INCLUDE',
              NonKeyAttributes: projectedAttributes(indexName as GlobalIndexName),
            },
          },
        ]),
      });
    }
  });

  it('PLAT-03: keeps the data — point-in-time recovery, deletion protection, retained on stack deletion', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
      }),
    });
  });

  it('TIX-10 TIX-12 the ticket keyring exists from the first deploy: a generated seed the signer accepts, kept on deletion', () => {
    const secrets = template.findResources('AWS::SecretsManager::Secret');
    expect(Object.keys(secrets)).toHaveLength(1);
    const secret = Object.values(secrets)[0] as {
      DeletionPolicy: string;
      Properties: { GenerateSecretString: Record<string, unknown> };
    };
    expect(secret.DeletionPolicy).toBe('Retain');
    const generate = secret.Properties.GenerateSecretString;
    expect(generate).toMatchObject({ GenerateStringKey: 'seed', ExcludePunctuation: true });
    expect(generate.PasswordLength as number).toBeGreaterThanOrEqual(minimumSeedLength);
    // What Secrets Manager will store: the template with a seed of that length in it.
    const stored = JSON.parse(generate.SecretStringTemplate as string);
    stored.seed = 'A1b2'.repeat((generate.PasswordLength as number) / 4);
    expect(parseTicketKeyring(JSON.stringify(stored)).current.keyId).toBe(1);
  });
});

function keyAttributes(): string[] {
  return [
    table.partitionKey,
    table.sortKey,
    ...Object.values(table.globalIndexes).flatMap((index) => [index.partitionKey, index.sortKey]),
  ];
}
