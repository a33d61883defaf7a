import { fileURLToPath } from 'node:url';
import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  SQSBatchResponse,
  SQSEvent,
  SQSRecord,
} from 'aws-lambda';
import * as wiring from '../wiring';
import { type ContainerInfo, containers, type Invocation, InvocationTimeoutError } from './containers';
import { type ControlServer, startControlServer } from './control-server';
import { type FunctionIdentity, scheduledEvent, sqsRecord } from './lambda-shapes';
import { localClientConfig } from './local-aws';

/** A queue source as the runner needs it: wiring's QueueSource, with any queue name (fixtures). */
export interface RunnerSource {
  queue: string;
  batchSize: number;
  maxBatchingWindowSeconds: number;
  maxConcurrency: number;
}

export interface RunnerConsumer extends FunctionIdentity {
  entry: string;
  sources: RunnerSource[];
}

export interface RunnerSchedule extends FunctionIdentity {
  entry: string;
  everyMinutes: number;
}

export interface RunnerHttpFunction extends FunctionIdentity {
  entry: string;
}

export interface RunnerOptions {
  /**
   * The functions' environment, as the stacks give it. Each container gets it (plus Lambda's own
   * variables such as AWS_LAMBDA_FUNCTION_NAME); the runner's process.env is left alone.
   */
  env: Record<string, string>;
  /** Default: those of wiring.ts. */
  consumers?: RunnerConsumer[];
  schedules?: RunnerSchedule[];
  /** Default: wiring's `httpFunctions`. */
  httpFunctions?: RunnerHttpFunction[];
  /** The URL of a source's queue. Default: the wiring variable `env.queueUrl(queue)` in `env`. */
  queueUrl?: (queue: string) => string | undefined;
  /** Directory the entries are relative to. Default: the repository root. */
  root?: string;
  /** Port of the control server on 127.0.0.1; 0 (default) picks a free one. */
  controlPort?: number;
  /** Fire each schedule every `everyMinutes` (default true); tests fire them by hand instead. */
  timers?: boolean;
  /** Long-poll wait in seconds; short so that stop() and shutdown are quick. */
  pollWaitSeconds?: number;
  /** Where invocation lines go (one JSON object each). Default: stdout; false: nowhere. */
  log?: ((line: RunnerLogLine) => void) | false;
}

/** One line per invocation, plus the runner's own warnings (poll errors, failed deletes). */
export type RunnerLogLine = InvocationLog | { at: string; level: 'warn'; message: string; source?: string };

export interface InvocationLog {
  at: string;
  function: string;
  /** The queue name, or `schedule:<name>`. */
  trigger: string;
  records: number;
  failures: number;
  ms: number;
  outcome: 'ok' | 'partial-failure' | 'error' | 'timeout';
  error?: string;
  /** The awsRequestId the handler saw. */
  requestId: string;
  /** The container that served it (the suffix of its log stream name). */
  container?: string;
  /** Only on a cold start: milliseconds the new container took to start (thread, tsx, entry module). */
  initMs?: number;
}

/** What runs locally; GET / on the control server answers this. */
export interface RunnerDescription {
  consumers: {
    function: string;
    entry: string;
    queue: string;
    queueUrl: string;
    batchSize: number;
    maxBatchingWindowSeconds: number;
    maxConcurrency: number;
    timeoutSeconds: number;
  }[];
  schedules: { name: string; entry: string; everyMinutes: number; timeoutSeconds: number; timer: boolean }[];
  /** HTTP functions, reached at POST /http/<name><path> on the control server. */
  httpFunctions: { name: string; entry: string; timeoutSeconds: number }[];
  /** The containers alive now, per function. */
  containers: ContainerInfo[];
}

export interface Runner {
  readonly controlUrl: string;
  describe(): RunnerDescription;
  /** Invokes a schedule now, as if it fired at `at` (default: now); rejects if the handler fails. */
  fire(name: string, at?: Date): Promise<unknown>;
  /**
   * Invokes an HTTP function with a Function URL event and gives its result, as its Function URL
   * would answer (a handler that throws is a 502, as on AWS).
   */
  invokeHttp(name: string, event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2>;
  /** Resolves once every source queue is empty and nothing is in flight; rejects after `timeoutMs`. */
  idle(timeoutMs?: number): Promise<void>;
  /** The most recent invocations, oldest first. */
  invocations(): readonly InvocationLog[];
  /**
   * Takes no new batch from the queues until `resume()` (batches already taken finish; messages
   * wait in their queues, as behind a disabled event source mapping). For the bench, which measures
   * the site alone on this machine's two cores, where AWS would run the consumers elsewhere.
   */
  pause(): void;
  resume(): void;
  stop(): Promise<void>;
}

export class UnknownScheduleError extends Error {
  override name = 'UnknownScheduleError';
}

export class UnknownHttpFunctionError extends Error {
  override name = 'UnknownHttpFunctionError';
}

interface SourceState {
  consumer: RunnerConsumer;
  source: RunnerSource;
  url: string;
  arn: string;
  slots: ReturnType<typeof semaphore>;
}

const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The local stand-in for what AWS does between services: the SQS event source mappings (long poll,
 * batches, partial batch failures, up to maxConcurrency batches per source; retries and dead letters
 * are the queue's own doing, through its visibility timeout and redrive policy) and the schedules.
 * Generic over its consumers and schedules so tests can run fixtures; by default it runs wiring.ts.
 * Handlers run in Lambda-like containers (containers.ts): one invocation at a time each, a new one
 * for each concurrent invocation, terminated when an invocation outlives the function's timeout.
 */
export async function startRunner(options: RunnerOptions): Promise<Runner> {
  const consumers = options.consumers ?? wiring.consumers;
  const schedules = options.schedules ?? wiring.schedules;
  const httpFunctions = options.httpFunctions ?? wiring.httpFunctions;
  const queueUrl =
    options.queueUrl ?? ((queue: string) => options.env[wiring.env.queueUrl(queue as wiring.QueueKey)]);
  const pollWaitSeconds = options.pollWaitSeconds ?? 1;
  const timers = options.timers ?? true;
  const log = options.log === false ? () => undefined : (options.log ?? printLine);
  const endpoint = options.env[wiring.env.endpoint('sqs')];
  if (!endpoint) throw new Error(`The runner needs ${wiring.env.endpoint('sqs')} in its environment`);
  const sqs = new SQSClient(localClientConfig(endpoint));
  const functions = containers({ root: options.root ?? repositoryRoot, env: options.env });

  const sources: SourceState[] = [];
  for (const consumer of consumers) {
    for (const source of consumer.sources) {
      const url = queueUrl(source.queue);
      if (!url) throw new Error(`No queue URL for ${source.queue}, which ${consumer.name} consumes`);
      const attributes = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
      );
      const arn = attributes.Attributes?.QueueArn;
      if (!arn) throw new Error(`Queue ${source.queue} (${url}) has no ARN: was it provisioned?`);
      sources.push({ consumer, source, url, arn, slots: semaphore(source.maxConcurrency) });
    }
  }

  const recent: InvocationLog[] = [];
  const record = (line: InvocationLog) => {
    recent.push(line);
    if (recent.length > 500) recent.shift();
    log(line);
  };
  const warn = (message: string, source?: string) =>
    log({ at: new Date().toISOString(), level: 'warn', message, ...(source ? { source } : {}) });

  // What idle() watches: invocations in flight, and a counter that moves whenever work starts or ends.
  const inFlight = new Set<Promise<unknown>>();
  let generation = 0;
  const track = <T>(work: Promise<T>): Promise<T> => {
    generation++;
    inFlight.add(work);
    void work.finally(() => {
      inFlight.delete(work);
      generation++;
    });
    return work;
  };

  const abort = new AbortController();
  let stopped = false;
  /** Set while paused: the poll loops wait on it before taking another batch. */
  let paused: { promise: Promise<void>; resume: () => void } | undefined;

  async function receive(state: SourceState): Promise<Message[]> {
    const { source, url } = state;
    const messages: Message[] = [];
    const windowEnds = Date.now() + source.maxBatchingWindowSeconds * 1000;
    while (messages.length < source.batchSize) {
      const remaining = windowEnds - Date.now();
      if (messages.length > 0 && remaining <= 0) break;
      const wait = messages.length === 0 ? pollWaitSeconds : remaining >= 1000 ? 1 : 0;
      const result = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: url,
          MaxNumberOfMessages: Math.min(10, source.batchSize - messages.length),
          WaitTimeSeconds: wait,
          MessageSystemAttributeNames: ['All'],
          MessageAttributeNames: ['All'],
        }),
        { abortSignal: abort.signal },
      );
      const received = result.Messages ?? [];
      messages.push(...received);
      if (messages.length === 0) break;
      if (received.length === 0 && wait === 0) await sleep(Math.min(Math.max(remaining, 0), 100));
    }
    return messages;
  }

  async function handleBatch(state: SourceState, messages: Message[]): Promise<void> {
    const records = messages.map((message) => sqsRecord(message, state.arn));
    const event: SQSEvent = { Records: records };
    const started = Date.now();
    const invocation = await functions.invoke(state.consumer, event);
    const failed = invocation.ok ? failedMessageIds(invocation.result, records) : 'all';
    const succeeded = failed === 'all' ? [] : records.filter((r) => !failed.has(r.messageId));
    // Failed records are left alone: they reappear after the visibility timeout, and the queue's
    // redrive policy moves them to the DLQ after maxReceiveCount receives, exactly as on AWS.
    await deleteRecords(state, succeeded);
    const failures = records.length - succeeded.length;
    record(
      logLine(invocation, {
        function: state.consumer.name,
        trigger: state.source.queue,
        started,
        records: records.length,
        failures,
      }),
    );
  }

  async function deleteRecords(state: SourceState, records: SQSRecord[]): Promise<void> {
    for (let start = 0; start < records.length; start += 10) {
      const chunk = records.slice(start, start + 10);
      try {
        const result = await sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: state.url,
            Entries: chunk.map((r, index) => ({ Id: String(index), ReceiptHandle: r.receiptHandle })),
          }),
        );
        for (const failure of result.Failed ?? []) {
          warn(
            `could not delete a processed message: ${failure.Code} ${failure.Message}`,
            state.source.queue,
          );
        }
      } catch (error) {
        warn(`could not delete processed messages: ${errorMessage(error)}`, state.source.queue);
      }
    }
  }

  async function poll(state: SourceState): Promise<void> {
    while (!stopped) {
      if (paused) await paused.promise;
      await state.slots.acquire();
      if (stopped) return state.slots.release();
      let messages: Message[];
      try {
        messages = await receive(state);
      } catch (error) {
        state.slots.release();
        if (stopped) return;
        warn(`receive failed, retrying in 1 s: ${errorMessage(error)}`, state.source.queue);
        await sleep(1000);
        continue;
      }
      if (messages.length === 0) {
        state.slots.release();
        continue;
      }
      void track(handleBatch(state, messages)).finally(() => state.slots.release());
    }
  }

  async function fire(name: string, at = new Date()): Promise<unknown> {
    const schedule = schedules.find((candidate) => candidate.name === name);
    if (!schedule) throw new UnknownScheduleError(`No schedule named ${name}`);
    const started = Date.now();
    const invocation = await track(functions.invoke(schedule, scheduledEvent(schedule.name, at)));
    const failures = invocation.ok ? 0 : 1;
    record(
      logLine(invocation, {
        function: schedule.name,
        trigger: `schedule:${schedule.name}`,
        started,
        records: 1,
        failures,
      }),
    );
    if (!invocation.ok) throw invocation.error;
    return invocation.result;
  }

  async function invokeHttp(
    name: string,
    event: APIGatewayProxyEventV2,
  ): Promise<APIGatewayProxyStructuredResultV2> {
    const fn = httpFunctions.find((candidate) => candidate.name === name);
    if (!fn) throw new UnknownHttpFunctionError(`No HTTP function named ${name}`);
    const started = Date.now();
    const invocation = await track(functions.invoke(fn, event));
    const result = invocation.ok ? (invocation.result as APIGatewayProxyStructuredResultV2) : undefined;
    const failed = !invocation.ok || (result?.statusCode ?? 200) >= 500;
    record(
      logLine(invocation, {
        function: fn.name,
        trigger: `http:${event.requestContext.http.method} ${event.rawPath}`,
        started,
        records: 1,
        failures: failed ? 1 : 0,
      }),
    );
    if (!result) {
      return {
        statusCode: 502,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ message: 'Internal Server Error' }),
      };
    }
    return result;
  }

  async function queuedMessages(): Promise<number> {
    const counts = await Promise.all(
      sources.map(async ({ url }) => {
        const { Attributes: a = {} } = await sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: url,
            AttributeNames: [
              'ApproximateNumberOfMessages',
              'ApproximateNumberOfMessagesNotVisible',
              'ApproximateNumberOfMessagesDelayed',
            ],
          }),
        );
        return (
          Number(a.ApproximateNumberOfMessages ?? 0) +
          Number(a.ApproximateNumberOfMessagesNotVisible ?? 0) +
          Number(a.ApproximateNumberOfMessagesDelayed ?? 0)
        );
      }),
    );
    return counts.reduce((sum, count) => sum + count, 0);
  }

  async function idle(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let calm = 0;
    for (;;) {
      const before = generation;
      const quiet = inFlight.size === 0 && (await queuedMessages()) === 0;
      // Twice in a row with nothing started or finished in between: a handler that published to
      // another queue just before finishing cannot slip between the two reads.
      calm = quiet && before === generation && inFlight.size === 0 ? calm + 1 : 0;
      if (calm >= 2) return;
      if (Date.now() > deadline) {
        throw new Error(
          `Not idle after ${timeoutMs} ms: ${inFlight.size} invocation(s) in flight, ${await queuedMessages()} message(s) queued or invisible`,
        );
      }
      await sleep(50);
    }
  }

  const describe = (): RunnerDescription => ({
    consumers: sources.map(({ consumer, source, url }) => ({
      function: consumer.name,
      entry: consumer.entry,
      queue: source.queue,
      queueUrl: url,
      batchSize: source.batchSize,
      maxBatchingWindowSeconds: source.maxBatchingWindowSeconds,
      maxConcurrency: source.maxConcurrency,
      timeoutSeconds: consumer.timeoutSeconds,
    })),
    schedules: schedules.map((s) => ({
      name: s.name,
      entry: s.entry,
      everyMinutes: s.everyMinutes,
      timeoutSeconds: s.timeoutSeconds,
      timer: timers,
    })),
    httpFunctions: httpFunctions.map(({ name, entry, timeoutSeconds }) => ({ name, entry, timeoutSeconds })),
    containers: functions.list(),
  });

  const intervals = timers
    ? schedules.map((schedule) =>
        setInterval(() => void fire(schedule.name).catch(() => undefined), schedule.everyMinutes * 60_000),
      )
    : [];
  for (const interval of intervals) interval.unref();

  let control: ControlServer;
  try {
    control = await startControlServer(
      { describe, fire, idle, invokeHttp, invocations: () => recent },
      options.controlPort ?? 0,
    );
  } catch (error) {
    for (const interval of intervals) clearInterval(interval);
    sqs.destroy();
    await functions.stop();
    throw error;
  }
  for (const state of sources) void poll(state);

  let stopping: Promise<void> | undefined;
  return {
    controlUrl: control.url,
    describe,
    fire,
    invokeHttp,
    idle,
    invocations: () => recent,
    pause() {
      if (paused) return;
      let resume = () => {};
      const promise = new Promise<void>((resolve) => {
        resume = resolve;
      });
      paused = { promise, resume };
    },
    resume() {
      paused?.resume();
      paused = undefined;
    },
    stop() {
      stopping ??= (async () => {
        stopped = true;
        paused?.resume();
        abort.abort();
        for (const interval of intervals) clearInterval(interval);
        await control.close();
        // Batches in flight get a moment to finish; any left unfinished reappear after their
        // visibility timeout, as after a Lambda crash.
        let grace: NodeJS.Timeout | undefined;
        await Promise.race([
          Promise.allSettled([...inFlight]),
          new Promise((resolve) => {
            grace = setTimeout(resolve, 5000);
          }),
        ]);
        clearTimeout(grace);
        await functions.stop();
        sqs.destroy();
      })();
      return stopping;
    },
  };
}

function logLine(
  invocation: Invocation,
  what: { function: string; trigger: string; started: number; records: number; failures: number },
): InvocationLog {
  const line: InvocationLog = {
    at: new Date(what.started).toISOString(),
    function: what.function,
    trigger: what.trigger,
    records: what.records,
    failures: what.failures,
    ms: Date.now() - what.started,
    outcome: what.failures > 0 ? 'partial-failure' : 'ok',
    requestId: invocation.requestId,
    ...(invocation.container ? { container: invocation.container } : {}),
    ...(invocation.initMs !== undefined ? { initMs: invocation.initMs } : {}),
  };
  if (!invocation.ok) {
    line.outcome = invocation.error instanceof InvocationTimeoutError ? 'timeout' : 'error';
    line.error = errorMessage(invocation.error);
  }
  return line;
}

/** The records a handler reported as failed, or 'all' when its answer fails the whole batch (as on AWS). */
function failedMessageIds(result: unknown, records: SQSRecord[]): Set<string> | 'all' {
  if (result === null || typeof result !== 'object') return new Set();
  const failures = (result as Partial<SQSBatchResponse>).batchItemFailures;
  if (failures === undefined || failures === null) return new Set();
  if (!Array.isArray(failures)) return 'all';
  const known = new Set(records.map((r) => r.messageId));
  const failed = new Set<string>();
  for (const failure of failures as unknown[]) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== 'string' || !known.has(id)) return 'all';
    failed.add(id);
  }
  return failed;
}

/** Up to `limit` holders at once; a released slot goes straight to the next waiter. */
function semaphore(limit: number) {
  let used = 0;
  const waiting: (() => void)[] = [];
  return {
    acquire(): Promise<void> {
      if (used < limit) {
        used++;
        return Promise.resolve();
      }
      return new Promise((resolve) => waiting.push(resolve));
    },
    release(): void {
      const next = waiting.shift();
      if (next) next();
      else used--;
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function printLine(line: RunnerLogLine): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}
