import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startTwin } from '../infra/local/twin';
import { env } from '../infra/wiring';

/**
 * Starts the local twin once per test run (engines in memory on free ports, every resource of
 * wiring.ts, the runner with the real functions) and hands its coordinates to the test files, which
 * run in other processes and reach it over HTTP (see tests/twin.ts). Two departures from npm start,
 * both for speed: schedules do not fire on their own (tests fire them with the time they want), and
 * a failed record is retried after 5 s instead of wiring's minutes, so retries and dead letters
 * happen within a test. PARVIS_RUNNER_LOG=1 prints the runner's lines.
 *
 * The runner's functions also get PARVIS_AWS_CALL_LOG: their AWS clients append each call to a file
 * (tests/twin.ts awsCalls), from which infra/iam.test.ts derives what each role must grant. The
 * test files' own clients do not: the variable is left out of the environment they are given.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const scratch = mkdtempSync(join(tmpdir(), 'parvis-test-run-'));
  const awsCallLog = join(scratch, 'aws-calls.jsonl');
  writeFileSync(awsCallLog, '');
  const twin = await startTwin({
    siteUrl: 'http://127.0.0.1:5173',
    timers: false,
    visibilityTimeoutSeconds: 5,
    env: {
      // Function logs only when something goes wrong; PARVIS_RUNNER_LOG=1 shows everything.
      [env.logLevel]: process.env.PARVIS_RUNNER_LOG ? 'info' : 'warn',
      [env.awsCallLog]: awsCallLog,
    },
    log: process.env.PARVIS_RUNNER_LOG ? undefined : false,
  }).catch((error: unknown) => {
    rmSync(scratch, { recursive: true, force: true });
    throw error;
  });
  // No site runs in the unit tests: the fake provider's webhooks go straight to the payment webhook
  // function through the runner, as CloudFront's /webhooks/* sends them to it on AWS.
  for (const provider of ['stripe', 'paypal'] as const) {
    twin.payments.setWebhookUrl(provider, `${twin.controlUrl}/http/payment-webhook/webhooks/${provider}`);
  }
  const { [env.awsCallLog]: _callLog, ...testEnv } = twin.env;
  project.provide('twin', {
    env: testEnv,
    controlUrl: twin.controlUrl,
    endpoints: twin.endpoints,
    awsCallLog,
  });
  return async () => {
    await twin.stop();
    rmSync(scratch, { recursive: true, force: true });
  };
}
