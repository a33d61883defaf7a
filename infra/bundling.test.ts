import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleHandler } from '../bench/bundle';
import { createDeps } from '../shared/adapters/create-deps';
import { commitWithEmails } from '../shared/comms/queue-email';
import { sentMail, useTwin, waitFor } from '../tests/twin';
import { consumers, schedules } from './wiring';

/**
 * The Lambda bundles, built exactly as the CDK deploys them (infra/bundling.ts, through
 * bench/bundle.ts), carry the AWS SDK clients their code uses, unaliased (decision 0006), no classic
 * zod, and fit the 1.5 MB budget; and the bundled sender runs against the twin with its stack traces
 * mapped to the TypeScript sources. What the unbundled tests run is what Lambda runs.
 */
let vars: Record<string, string>;

beforeAll(() => {
  vars = useTwin();
});

/** Runs a bundled handler once in a fresh Node process, as Lambda would; returns its answer and log. */
function invokeBundle(file: string, event: unknown): { result: unknown; log: Record<string, unknown>[] } {
  const script = `
    const { handler } = await import(${JSON.stringify(pathToFileURL(file).href)});
    const context = { functionName: 'bundle-test', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 30000 };
    const result = await handler(JSON.parse(process.env.EVENT), context);
    console.log('RESULT ' + JSON.stringify(result ?? null));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, ...vars, EVENT: JSON.stringify(event) },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (run.status !== 0) throw new Error(`bundle failed: ${run.stderr}`);
  const lines = run.stdout.trim().split('\n');
  const result = lines.find((line) => line.startsWith('RESULT '));
  return {
    result: result ? JSON.parse(result.slice('RESULT '.length)) : undefined,
    log: lines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line)),
  };
}

function sqsEvent(bodies: string[]) {
  return {
    Records: bodies.map((body, index) => ({
      messageId: `record-${index}`,
      receiptHandle: `handle-${index}`,
      body,
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: String(Date.now()) },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:ca-central-1:000000000000:outbound-email',
      awsRegion: 'ca-central-1',
    })),
  };
}

/** The packages a bundle must hold, one per SDK client create-deps builds (shared/adapters). */
/**
 * The clients of `deps`; SES is the send-email function's alone (`MailDeps`), S3 the web server's
 * and process-image's (its `FileStore`, ORG-06).
 */
const sdkClients = ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb', '@aws-sdk/client-sqs'];
const extraClients: Record<string, string[]> = {
  'send-email': ['@aws-sdk/client-sesv2'],
  'process-image': ['@aws-sdk/client-s3'],
  // CAL-10: the search file (shared/adapters/s3-index-file.ts).
  'build-public-indexes': ['@aws-sdk/client-s3'],
  'build-public-indexes-hourly': ['@aws-sdk/client-s3'],
};
const clientsOf = (name: string) => [...sdkClients, ...(extraClients[name] ?? [])];

/** Issue #10's ceiling for one function's bundle (code only, the source map beside it excluded). */
const maxBundleBytes = 1.5 * 1024 * 1024;

describe('Lambda bundles (PLAT-03)', () => {
  it.each([...consumers, ...schedules].map((fn) => [fn.name, fn.entry]))(
    'PLAT-03 %s bundles the real SDK clients it uses, no classic zod, within 1.5 MB',
    async (name, entry) => {
      const { inputs, bytes } = await bundleHandler(entry);
      const packages = new Set(
        inputs.flatMap((input) => /node_modules\/(@[^/]+\/[^/]+|[^@/][^/]*)\//.exec(input)?.[1] ?? []),
      );
      // Exactly the clients of `deps` (and SES for the sender): S3 only for the code that hands
      // out upload links and the image function (shared/adapters/s3-files.ts).
      expect([...packages].filter((pkg) => /^@aws-sdk\/(client-|lib-)/.test(pkg)).sort()).toEqual(
        [...clientsOf(name)].sort(),
      );
      // The document commands ElectroDB builds are lib-dynamodb's own, not stand-ins.
      expect(inputs.some((input) => /@aws-sdk\/lib-dynamodb\/.*GetCommand\.js$/.test(input))).toBe(true);
      expect(inputs.filter((input) => /zod\/v4\/classic/.test(input))).toEqual([]);
      expect(bytes).toBeLessThanOrEqual(maxBundleBytes);
    },
  );

  it('COM-04 the bundled sender sends a queued e-mail through SES and logs a bad record with its TypeScript source', async () => {
    const deps = { ...createDeps(vars, { test: 'bundling' }), queues: { publish: async () => {} } };
    const to = `bundle+${ulid().toLowerCase()}@example.org`;
    const { messageIds } = await commitWithEmails(deps, {
      emails: [
        {
          templateId: 'client.invitation',
          locale: 'fr',
          to,
          data: { firstName: 'Léa', activationUrl: 'https://parvis.example/fr' },
        },
      ],
    });
    const sender = consumers.find((fn) => fn.name === 'send-email');
    if (!sender) throw new Error('send-email is not in the wiring');
    const { file } = await bundleHandler(sender.entry);

    const { result, log } = invokeBundle(
      file,
      sqsEvent([JSON.stringify({ v: 1, messageId: messageIds[0] }), '{"not":"a message"}']),
    );

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'record-1' }] });
    const [mail] = await waitFor(async () => {
      const mails = await sentMail({ to });
      return mails.length ? mails : undefined;
    });
    expect(mail?.subject).toBeTruthy();
    const failure = log.find((line) => line.message === 'record failed');
    expect(failure?.messageId).toBe('record-1');
    expect(String(failure?.stack)).toMatch(/functions\/_middleware\/queue\.ts:\d+:\d+/);
    expect(String(failure?.stack)).not.toContain('index.mjs:');
  });
});
