import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { baselineLibraries, baselineSource, packageOf, writeBaseline } from './baseline';
import { scratchDir } from './bundle';

type Input = Metafile['inputs'][string];
const input = (...imports: string[]): Input => ({
  bytes: 100,
  imports: imports.map((path) => ({ path, kind: 'import-statement' as const })),
});
const sdk = (pkg: string) => `node_modules/${pkg}/dist-es/index.js`;

/**
 * A bundle of a function that imports the DynamoDB document client, SESv2 and ElectroDB, whose S3
 * import was tree-shaken away, and whose credential chain pulls in an SSO client of its own.
 */
const metafile: Metafile = {
  inputs: {
    'functions/queue/send-email.ts': input('shared/adapters/aws.ts', 'node_modules/@middy/core/index.js'),
    'shared/adapters/aws.ts': input(
      sdk('@aws-sdk/client-dynamodb'),
      sdk('@aws-sdk/lib-dynamodb'),
      sdk('@aws-sdk/client-sesv2'),
      sdk('@aws-sdk/client-s3'),
      'node_modules/electrodb/index.js',
    ),
    [sdk('@aws-sdk/credential-provider-sso')]: input(sdk('@aws-sdk/client-sso')),
    [sdk('@aws-sdk/client-dynamodb')]: input(),
    [sdk('@aws-sdk/lib-dynamodb')]: input(),
    [sdk('@aws-sdk/client-sesv2')]: input(),
    [sdk('@aws-sdk/client-s3')]: input(),
    [sdk('@aws-sdk/client-sso')]: input(),
    'node_modules/electrodb/index.js': input(),
    'node_modules/@middy/core/index.js': input(),
  },
  outputs: {
    'index.mjs': {
      bytes: 1000,
      imports: [],
      exports: ['handler'],
      entryPoint: 'functions/queue/send-email.ts',
      inputs: {
        'functions/queue/send-email.ts': { bytesInOutput: 10 },
        'shared/adapters/aws.ts': { bytesInOutput: 10 },
        [sdk('@aws-sdk/credential-provider-sso')]: { bytesInOutput: 10 },
        [sdk('@aws-sdk/client-dynamodb')]: { bytesInOutput: 10 },
        [sdk('@aws-sdk/lib-dynamodb')]: { bytesInOutput: 10 },
        [sdk('@aws-sdk/client-sesv2')]: { bytesInOutput: 10 },
        [sdk('@aws-sdk/client-s3')]: { bytesInOutput: 0 },
        [sdk('@aws-sdk/client-sso')]: { bytesInOutput: 10 },
        'node_modules/electrodb/index.js': { bytesInOutput: 10 },
        'node_modules/@middy/core/index.js': { bytesInOutput: 10 },
      },
    },
  },
};

describe('libraries-only baseline (issue #10)', () => {
  it('names the package of a bundled path, scoped or not, nested or not', () => {
    expect(packageOf('node_modules/@aws-sdk/client-sqs/dist-es/index.js')).toBe('@aws-sdk/client-sqs');
    expect(packageOf('node_modules/electrodb/src/entity.js')).toBe('electrodb');
    expect(packageOf('node_modules/a/node_modules/@smithy/core/x.js')).toBe('@smithy/core');
    expect(packageOf('shared/adapters/aws.ts')).toBeUndefined();
  });

  it('takes the SDK clients and ElectroDB the project code imports and keeps, not those of the SDK itself', () => {
    expect(baselineLibraries(metafile)).toEqual([
      '@aws-sdk/client-dynamodb',
      '@aws-sdk/client-sesv2',
      '@aws-sdk/lib-dynamodb',
      'electrodb',
    ]);
  });

  it('puts the DynamoDB client under the document client even when the code imports only the latter', () => {
    const source = baselineSource(['@aws-sdk/lib-dynamodb'], {
      '@aws-sdk/client-dynamodb': 'DynamoDBClient',
    });
    expect(source).toContain("import { DynamoDBClient } from '@aws-sdk/client-dynamodb';");
    expect(source).toContain('DynamoDBDocumentClient.from(libraries.DynamoDBClient)');
    expect(source).not.toContain('electrodb');
  });

  it('generates a module that loads and builds each client once and an ElectroDB Service over the document client', async () => {
    const libraries = [
      '@aws-sdk/client-dynamodb',
      '@aws-sdk/client-sqs',
      '@aws-sdk/lib-dynamodb',
      'electrodb',
    ];
    mkdirSync(scratchDir, { recursive: true });
    const dir = mkdtempSync(join(scratchDir, 'baseline-test-'));
    const file = await writeBaseline(dir, libraries);
    const module = (await import(pathToFileURL(file).href)) as { libraries: Record<string, unknown> };
    rmSync(dir, { recursive: true, force: true });
    expect(Object.keys(module.libraries).sort()).toEqual([
      'DynamoDBClient',
      'DynamoDBDocumentClient',
      'SQSClient',
      'Service',
    ]);
  });
});
