import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { startFauxqs } from 'fauxqs';
import { startDynamoDbLocal } from './dynamodb-local';
import { EngineStartError, portInUseError, startTimeoutError } from './engine-error';
import { localRegion } from './local-aws';
import { freePort, loopback, portInUse } from './ports';

export type EngineName = 'dynamodb' | 'fauxqs' | 'ses';

export interface EngineOptions {
  /** Where DynamoDB (dataDir/dynamodb), queues (dataDir/fauxqs) and S3 objects (dataDir/s3) live; in memory when absent. */
  dataDir?: string;
  /** Fixed ports (npm start keeps URLs stable); absent or 0 picks a free one. */
  ports?: Partial<Record<EngineName, number>>;
  /** Start deadlines in milliseconds. */
  timeoutsMs?: Partial<Record<EngineName, number>>;
  /** The java executable, `java` from PATH by default. */
  java?: string;
}

/** Where each AWS API answers locally; SQS, SNS and S3 share fauxqs's endpoint. */
export interface Endpoints {
  dynamodb: string;
  sqs: string;
  sns: string;
  s3: string;
  ses: string;
}

export interface Engines {
  endpoints: Endpoints;
  stop(): Promise<void>;
}

const defaultTimeoutsMs: Record<EngineName, number> = { dynamodb: 15_000, fauxqs: 10_000, ses: 10_000 };

type Stop = () => Promise<void>;

/**
 * Starts the local engines side by side: DynamoDB Local (Java child), fauxqs and the SES twin (both
 * in this process). Either all start, or the ones that did are stopped again and the error is an
 * EngineStartError whose message says what to do; nothing stays half-started.
 */
export async function startEngines(options: EngineOptions = {}): Promise<Engines> {
  const ports = options.ports ?? {};
  for (const engine of ['dynamodb', 'fauxqs', 'ses'] as const) {
    const port = ports[engine];
    if (port && (await portInUse(port))) throw portInUseError(engine, port);
  }
  const timeout = (engine: EngineName) => options.timeoutsMs?.[engine] ?? defaultTimeoutsMs[engine];
  const dataDir = options.dataDir;
  if (dataDir) {
    await Promise.all(
      ['dynamodb', 'fauxqs', 's3'].map((dir) => mkdir(join(dataDir, dir), { recursive: true })),
    );
  }
  const dynamoPort = ports.dynamodb || (await freePort());

  const started = await Promise.allSettled([
    startDynamoDbLocal({
      port: dynamoPort,
      dbPath: dataDir ? join(dataDir, 'dynamodb') : undefined,
      java: options.java,
      timeoutMs: timeout('dynamodb'),
    }).then((child) => ({ port: dynamoPort, stop: () => child.stop() })),
    withDeadline('fauxqs', timeout('fauxqs'), startQueues(ports.fauxqs ?? 0, dataDir)),
    withDeadline('ses', timeout('ses'), startSesTwin(ports.ses ?? 0)),
  ]);

  const stops: Stop[] = [];
  for (const result of started) if (result.status === 'fulfilled') stops.push(result.value.stop);
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= Promise.all(stops.map((s) => s().catch(() => undefined))).then(() => undefined);
    return stopping;
  };
  const failure = started.find((result) => result.status === 'rejected');
  if (failure) {
    await stop();
    throw failure.reason instanceof EngineStartError
      ? failure.reason
      : new EngineStartError(String(failure.reason?.message ?? failure.reason));
  }
  const [dynamo, queues, ses] = started.map(
    (result) => (result as PromiseFulfilledResult<{ port: number }>).value,
  );
  const url = (port: number | undefined) => `http://${loopback}:${port}`;
  const fauxqsUrl = url(queues?.port);
  return {
    endpoints: {
      dynamodb: url(dynamo?.port),
      sqs: fauxqsUrl,
      sns: fauxqsUrl,
      s3: fauxqsUrl,
      ses: url(ses?.port),
    },
    stop,
  };
}

/**
 * fauxqs: SQS, SNS and S3 on one endpoint. With a data directory, queues and messages persist in
 * SQLite and S3 objects as plain files (docs/decisions/0002-local-s3-persistence.md). fauxqs
 * listens on every interface (not configurable), which is why every URL we hand out uses 127.0.0.1.
 */
async function startQueues(port: number, dataDir: string | undefined): Promise<{ port: number; stop: Stop }> {
  try {
    const server = await startFauxqs({
      port,
      logger: false,
      defaultRegion: localRegion,
      ...(dataDir ? { dataDir: join(dataDir, 'fauxqs'), s3StorageDir: join(dataDir, 's3') } : {}),
    });
    return { port: server.port, stop: () => server.stop() };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw portInUseError('fauxqs', port);
    throw error;
  }
}

/**
 * The SES twin (aws-ses-v2-local): the SES v2 API plus its mail viewer and `/store`, in memory.
 * Tests that send thousands of mails start one of their own, so the shared store stays small.
 */
export async function startSesTwin(port = 0): Promise<{ port: number; stop: Stop }> {
  const module = (await import('aws-ses-v2-local')) as unknown as {
    default: SesServerFactory | { default: SesServerFactory };
  };
  const factory = typeof module.default === 'function' ? module.default : module.default.default;
  const server = await factory({ port, host: loopback });
  if (!server.listening) {
    // The package resolves even when listen failed; the only failure left at this point is the port.
    server.close();
    throw portInUseError('ses', port);
  }
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

type SesServerFactory = (config?: { port?: number; host?: string }) => Promise<Server>;

/** Rejects after `ms`; an engine that finally starts after its deadline is stopped at once. */
function withDeadline<T extends { stop: Stop }>(
  engine: EngineName,
  ms: number,
  start: Promise<T>,
): Promise<T> {
  return new Promise((resolve, reject) => {
    let late = false;
    const timer = setTimeout(() => {
      late = true;
      reject(startTimeoutError(engine, ms / 1000, []));
    }, ms);
    start.then(
      (value) => {
        clearTimeout(timer);
        if (late) void value.stop();
        else resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
