import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateTicketKeyringText } from '../../shared/ticketing/ticket-signer';
import { env as envNames } from '../wiring';
import { type Endpoints, type EngineName, startEngines } from './engines';
import { type FakePayments, fakePaymentsEnv, startFakePayments, webhookUrlsOf } from './fake-payments';
import { provision } from './provision';
import { type Runner, type RunnerOptions, startRunner } from './runner';

/** The ticket signing keyring (decision 0016): made once, kept beside the data so tickets stay valid. */
function localTicketKeyring(dataDir: string | undefined): string {
  if (!dataDir) return generateTicketKeyringText();
  const file = join(dataDir, 'ticket-signing-key.json');
  if (!existsSync(file)) writeFileSync(file, generateTicketKeyringText(), { mode: 0o600 });
  return readFileSync(file, 'utf8');
}

/**
 * Where the organizations' payment keys are kept locally (decision 0017): beside the data (npm
 * start), so an account saved once stays usable, or in a fresh private directory (tests). 0700.
 */
function localPaymentSecretsDir(dataDir: string | undefined): string {
  if (!dataDir) return mkdtempSync(join(tmpdir(), 'parvis-payment-secrets-'));
  const directory = join(dataDir, 'payment-secrets');
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  return directory;
}

export interface TwinOptions {
  /** Persist DynamoDB, queues and S3 objects here; in memory when absent. */
  dataDir?: string;
  /** The site's public URL (PARVIS_SITE_URL). */
  siteUrl?: string;
  /** Overrides the queues' visibility timeout (see ProvisionOptions); tests use a few seconds. */
  visibilityTimeoutSeconds?: number;
  /** Port of the runner's control server; 0 or absent picks a free one. */
  controlPort?: number;
  /** Engine ports; absent or 0 picks free ones. */
  ports?: Partial<Record<EngineName, number>>;
  /** Passed to the runner: schedule timers (default on) and where its log lines go. */
  timers?: boolean;
  log?: RunnerOptions['log'];
  /** Extra environment for the functions, e.g. a faster PARVIS_MAIL_POLICY for the benchmarks. */
  env?: Record<string, string>;
}

export interface Twin {
  env: Record<string, string>;
  endpoints: Endpoints;
  runner: Runner;
  controlUrl: string;
  /** The fake Stripe and PayPal (infra/local/fake-payments); its origin is PARVIS_PAYMENTS_API_URL. */
  payments: FakePayments;
  /** Milliseconds from the call to a running twin. */
  startMs: number;
  stop(): Promise<void>;
}

/**
 * The local twin of the AWS deployment: engines, then every resource of wiring.ts and table.ts,
 * then the runner invoking the functions. What npm start and the test suite both run.
 */
export async function startTwin(options: TwinOptions = {}): Promise<Twin> {
  const started = Date.now();
  const engines = await startEngines({ dataDir: options.dataDir, ports: options.ports });
  let runner: Runner;
  let env: Record<string, string>;
  let payments: FakePayments | undefined;
  try {
    env = {
      ...(await provision(engines.endpoints, {
        siteUrl: options.siteUrl,
        visibilityTimeoutSeconds: options.visibilityTimeoutSeconds,
      })),
      [envNames.ticketSigningKey]: localTicketKeyring(options.dataDir),
      [envNames.paymentSecretsDir]: localPaymentSecretsDir(options.dataDir),
      ...options.env,
    };
    payments = await startFakePayments({ webhookUrls: webhookUrlsOf(env) });
    env = { ...fakePaymentsEnv(payments), ...env };
    runner = await startRunner({
      env,
      controlPort: options.controlPort,
      timers: options.timers,
      log: options.log,
    });
  } catch (error) {
    await payments?.stop();
    await engines.stop();
    throw error;
  }
  let stopping: Promise<void> | undefined;
  return {
    env,
    endpoints: engines.endpoints,
    runner,
    controlUrl: runner.controlUrl,
    payments,
    startMs: Date.now() - started,
    stop() {
      stopping ??= runner
        .stop()
        .finally(() => payments.stop())
        .finally(() => engines.stop());
      return stopping;
    },
  };
}
