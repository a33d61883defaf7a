import { type Endpoints, type EngineName, startEngines } from './engines';
import { provision } from './provision';
import { type Runner, type RunnerOptions, startRunner } from './runner';

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
  try {
    env = {
      ...(await provision(engines.endpoints, {
        siteUrl: options.siteUrl,
        visibilityTimeoutSeconds: options.visibilityTimeoutSeconds,
      })),
      ...options.env,
    };
    runner = await startRunner({
      env,
      controlPort: options.controlPort,
      timers: options.timers,
      log: options.log,
    });
  } catch (error) {
    await engines.stop();
    throw error;
  }
  let stopping: Promise<void> | undefined;
  return {
    env,
    endpoints: engines.endpoints,
    runner,
    controlUrl: runner.controlUrl,
    startMs: Date.now() - started,
    stop() {
      stopping ??= runner.stop().finally(() => engines.stop());
      return stopping;
    },
  };
}
