import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReceiveMessageCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context, ScheduledEvent, SQSRecord } from 'aws-lambda';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { waitFor } from '../../tests/twin';
import * as wiring from '../wiring';
import { type ProbeAnswer, probeTime, releaseChannel } from './fixtures/container-probe';
import { broadcast, journal } from './fixtures/journal';
import { localClientConfig } from './local-aws';
import { ensureQueue, type ProvisionedQueue } from './provision';
import {
  type Runner,
  type RunnerConsumer,
  type RunnerSchedule,
  type RunnerSource,
  startRunner,
} from './runner';

// Fixture consumers and schedules on their own queues (unique names) in the shared engines. Each test
// fills its queue before starting its runner, so the first batch holds every message it sent. The
// fixtures run in the runners' containers (worker threads) and report through the journal, which
// must be listening before the first runner starts.

journal();
const twin = inject('twin');
const sqs = new SQSClient(localClientConfig(twin.endpoints.sqs));
const runners: Runner[] = [];
afterAll(async () => {
  await Promise.all(runners.map((runner) => runner.stop()));
  sqs.destroy();
});

const scripted = 'infra/local/fixtures/scripted-consumer.ts';
const tick: RunnerSchedule = {
  name: 'fx-tick',
  entry: 'infra/local/fixtures/recording-schedule.ts',
  everyMinutes: 60,
  timeoutSeconds: 7,
  memoryMb: 128,
};

interface Fixture {
  queue: ProvisionedQueue;
  runner: Runner;
  /** Unique id prefix for this test's messages. */
  tag: string;
}

/** A queue of its own, filled with `scripts`, then a runner consuming it with the scripted consumer. */
async function fixture(
  settings: {
    maxReceiveCount?: number;
    visibilityTimeoutSeconds?: number;
    timeoutSeconds?: number;
  } & Partial<RunnerSource>,
  scripts: (tag: string) => Record<string, unknown>[],
): Promise<Fixture> {
  const tag = `fx-${randomUUID().slice(0, 8)}`;
  const queue = await ensureQueue(sqs, twin.endpoints.sqs, {
    name: tag,
    maxReceiveCount: settings.maxReceiveCount ?? 3,
    visibilityTimeoutSeconds: settings.visibilityTimeoutSeconds ?? 1,
  });
  const bodies = scripts(tag);
  for (let start = 0; start < bodies.length; start += 10) {
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queue.url,
        Entries: bodies.slice(start, start + 10).map((body, index) => ({
          Id: String(index),
          MessageBody: JSON.stringify(body),
          MessageAttributes: { origin: { DataType: 'String', StringValue: 'runner-test' } },
        })),
      }),
    );
  }
  const consumer: RunnerConsumer = {
    name: `${tag}-consumer`,
    entry: scripted,
    timeoutSeconds: settings.timeoutSeconds ?? 5,
    memoryMb: 128,
    sources: [
      {
        queue: tag,
        batchSize: settings.batchSize ?? 10,
        maxBatchingWindowSeconds: settings.maxBatchingWindowSeconds ?? 0,
        maxConcurrency: settings.maxConcurrency ?? 2,
      },
    ],
  };
  const runner = await startRunner({
    env: twin.env,
    consumers: [consumer],
    schedules: [tick],
    queueUrl: (name) => (name === tag ? queue.url : undefined),
    timers: false,
    log: false,
  });
  runners.push(runner);
  return { queue, runner, tag };
}

function deliveriesOf(id: string) {
  return journal().deliveries.filter((delivery) => delivery.id === id);
}

describe('local runner', () => {
  it('PLAT-03 deletes the records that succeeded and redelivers a batch item failure after the visibility timeout', async () => {
    const { runner, tag, queue } = await fixture({ visibilityTimeoutSeconds: 2 }, (t) => [
      { id: `${t}-a` },
      { id: `${t}-b`, fail: 'first' },
      { id: `${t}-c` },
    ]);
    await waitFor(() => deliveriesOf(`${tag}-b`).length === 2);
    await runner.idle(10_000);

    const [first, second] = deliveriesOf(`${tag}-b`);
    expect([first?.receiveCount, second?.receiveCount]).toEqual([1, 2]);
    expect(deliveriesOf(`${tag}-a`)).toHaveLength(1);
    expect(deliveriesOf(`${tag}-c`)).toHaveLength(1);
    // One batch of three, one reported failure; then the failed record alone.
    expect(first?.invocation).toBe(deliveriesOf(`${tag}-a`)[0]?.invocation);
    expect(
      runner.invocations().map(({ records, failures, outcome }) => ({ records, failures, outcome })),
    ).toEqual([
      { records: 3, failures: 1, outcome: 'partial-failure' },
      { records: 1, failures: 0, outcome: 'ok' },
    ]);
    // Not handed out again before its 2 s visibility timeout (a little slack for timer granularity),
    // counted from SQS's first receive: the handler's own clock starts after the container's cold start.
    expect((second?.at ?? 0) - (first?.firstReceivedAt ?? 0)).toBeGreaterThanOrEqual(1900);

    const record = journal().records.find(
      (candidate) => (candidate as SQSRecord).messageId === first?.messageId,
    ) as SQSRecord;
    expect(record).toMatchObject({
      eventSource: 'aws:sqs',
      eventSourceARN: queue.arn,
      awsRegion: 'ca-central-1',
      md5OfBody: createHash('md5').update(record.body).digest('hex'),
      messageAttributes: { origin: { stringValue: 'runner-test', dataType: 'String' } },
    });
    expect(Object.keys(record.attributes)).toEqual(
      expect.arrayContaining([
        'ApproximateReceiveCount',
        'SentTimestamp',
        'SenderId',
        'ApproximateFirstReceiveTimestamp',
      ]),
    );
  });

  it('PLAT-03 takes no batch while paused, and the waiting messages are delivered once resumed', async () => {
    const { runner, tag, queue } = await fixture({}, () => []);
    runner.pause();
    // A long poll already waiting when pause() was called (1 s) may still take a batch: let it end.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queue.url,
        Entries: [{ Id: '0', MessageBody: JSON.stringify({ id: `${tag}-held` }) }],
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(deliveriesOf(`${tag}-held`)).toHaveLength(0);

    runner.resume();
    await waitFor(() => deliveriesOf(`${tag}-held`).length === 1);
    await runner.idle(10_000);
    expect(deliveriesOf(`${tag}-held`)).toHaveLength(1);
  });

  it('PLAT-03 fails the whole batch when the handler throws', async () => {
    const { runner, tag } = await fixture({}, (t) => [
      { id: `${t}-ok` },
      { id: `${t}-boom`, throwFirst: true },
    ]);
    await waitFor(() => deliveriesOf(`${tag}-boom`).length === 2);
    await runner.idle(10_000);

    expect(deliveriesOf(`${tag}-ok`).map((d) => d.receiveCount)).toEqual([1, 2]);
    expect(deliveriesOf(`${tag}-boom`).map((d) => d.receiveCount)).toEqual([1, 2]);
    expect(runner.invocations()[0]).toMatchObject({ records: 2, failures: 2, outcome: 'error' });
  });

  it('PLAT-03 fails the whole batch when the handler outlives its timeout', async () => {
    const { runner, tag } = await fixture({ timeoutSeconds: 1, visibilityTimeoutSeconds: 2 }, (t) => [
      { id: `${t}-slow`, sleepFirstMs: 1500 },
    ]);
    await waitFor(() => deliveriesOf(`${tag}-slow`).length === 2);
    await runner.idle(10_000);

    expect(deliveriesOf(`${tag}-slow`).map((d) => d.receiveCount)).toEqual([1, 2]);
    expect(runner.invocations().map((i) => i.outcome)).toEqual(['timeout', 'ok']);
  });

  it('PLAT-03 lets the queue move a record that always fails to its DLQ after maxReceiveCount receives', async () => {
    const { runner, tag, queue } = await fixture({ maxReceiveCount: 2, visibilityTimeoutSeconds: 1 }, (t) => [
      { id: `${t}-poison`, fail: 'always' },
    ]);
    const dead = await waitFor(async () => {
      const result = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queue.deadLetterUrl, WaitTimeSeconds: 1 }),
      );
      return result.Messages?.[0];
    }, 15_000);
    await runner.idle(10_000);

    expect(JSON.parse(dead.Body ?? '{}')).toEqual({ id: `${tag}-poison`, fail: 'always' });
    expect(deliveriesOf(`${tag}-poison`).map((d) => d.receiveCount)).toEqual([1, 2]);
  });

  it('PLAT-03 keeps at most maxConcurrency batches in flight per source', async () => {
    const { runner, tag } = await fixture({ batchSize: 1, maxConcurrency: 2 }, (t) =>
      Array.from({ length: 6 }, (_, i) => ({ id: `${t}-${i}`, sleepMs: 200, group: t })),
    );
    await waitFor(() => journal().deliveries.filter((d) => d.id.startsWith(tag)).length === 6);
    await runner.idle(10_000);

    expect(journal().maxRunning[tag]).toBe(2);
    expect(runner.invocations().every((i) => i.records === 1 && i.outcome === 'ok')).toBe(true);
    // Two batches at once ran in two containers, and the six batches in no more than those two.
    expect(new Set(runner.invocations().map((i) => i.container)).size).toBe(2);
  });

  it('PLAT-03 fires a schedule with the time it is given, directly and through the control server', async () => {
    const { runner } = await fixture({}, () => []);
    const before = journal().scheduled.length;

    await expect(runner.fire('fx-tick', new Date('2031-02-03T04:05:06.789Z'))).resolves.toEqual({
      time: '2031-02-03T04:05:06Z',
    });
    const response = await fetch(`${runner.controlUrl}/schedules/fx-tick/fire?at=2032-01-01T00:00:00Z`, {
      method: 'POST',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ result: { time: '2032-01-01T00:00:00Z' } });
    const unknown = await fetch(`${runner.controlUrl}/schedules/nope/fire`, { method: 'POST' });
    expect(unknown.status).toBe(404);

    const [direct, viaHttp] = journal().scheduled.slice(before) as {
      event: ScheduledEvent;
      context: Context;
      remainingMs: number;
    }[];
    expect(direct?.event).toMatchObject({
      version: '0',
      'detail-type': 'Scheduled Event',
      source: 'aws.scheduler',
      time: '2031-02-03T04:05:06Z',
      region: 'ca-central-1',
      detail: {},
    });
    expect(direct?.event.resources[0]).toMatch(
      /^arn:aws:scheduler:ca-central-1:\d{12}:schedule\/default\/fx-tick$/,
    );
    expect(viaHttp?.event.time).toBe('2032-01-01T00:00:00Z');
    expect(direct?.context).toMatchObject({ functionName: 'fx-tick', memoryLimitInMB: '128' });
    expect(direct?.remainingMs).toBeGreaterThan(0);
    expect(direct?.remainingMs).toBeLessThanOrEqual(7000);
  });

  it('PLAT-03 runs every consumer source and schedule of wiring.ts in the shared twin', async () => {
    const response = await fetch(`${twin.controlUrl}/`);
    const running = (await response.json()) as {
      consumers: { function: string; entry: string; queue: string }[];
      schedules: { name: string; entry: string }[];
    };
    const byKey = (a: { function: string; queue: string }, b: { function: string; queue: string }) =>
      `${a.function}/${a.queue}`.localeCompare(`${b.function}/${b.queue}`);

    expect(
      running.consumers.map(({ function: fn, entry, queue }) => ({ function: fn, entry, queue })).sort(byKey),
    ).toEqual(
      wiring.consumers
        .flatMap((consumer) =>
          consumer.sources.map((source) => ({
            function: consumer.name,
            entry: consumer.entry,
            queue: source.queue,
          })),
        )
        .sort(byKey),
    );
    expect(running.schedules.map(({ name, entry }) => ({ name, entry }))).toEqual(
      wiring.schedules.map(({ name, entry }) => ({ name, entry })),
    );
  });
});

describe('local runner containers', () => {
  const marker = `fx-marker-${randomUUID()}`;
  const scratch = mkdtempSync(join(tmpdir(), 'parvis-runner-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const probe = (name: string, timeoutSeconds: number): RunnerSchedule => ({
    name,
    entry: 'infra/local/fixtures/container-probe.ts',
    everyMinutes: 60,
    timeoutSeconds,
    memoryMb: 128,
  });
  let runner: Runner;
  const fire = async (name: string, at: Date) => (await runner.fire(name, at)) as ProbeAnswer;
  const containersOf = (name: string) => runner.describe().containers.filter((c) => c.function === name);

  it('PLAT-03 stops a handler that outlives its timeout, even one that never yields, and starts the next invocation from fresh module state', async () => {
    runner = await startRunner({
      env: { ...twin.env, FX_MARKER: marker, FX_INIT_FLAG: join(scratch, 'init-failed-once') },
      consumers: [],
      schedules: [
        // Generous: under a loaded CI the second cold container can take seconds to load its bundle
        // while the first one already waits in its handler.
        probe('fx-probe', 60),
        probe('fx-probe-short', 1),
        { ...probe('fx-failing-init', 10), entry: 'infra/local/fixtures/failing-init.ts' },
      ],
      timers: false,
      log: false,
    });
    runners.push(runner);

    const warm = await fire('fx-probe-short', probeTime('answer'));
    expect((await fire('fx-probe-short', probeTime('answer'))).container).toBe(warm.container);

    // Waiting on a promise: the container is terminated at the timeout, its code never resumes.
    await expect(runner.fire('fx-probe-short', probeTime('hold'))).rejects.toThrow(
      'Task timed out after 1 seconds',
    );
    const held = journal().probes.at(-1);
    expect(held).toMatchObject({ step: 'arrived', container: warm.container });
    broadcast(releaseChannel, 'release');
    // Stuck in a synchronous loop: only terminating the thread stops it (in-process, it would freeze the runner).
    await expect(runner.fire('fx-probe-short', probeTime('spin'))).rejects.toThrow(
      'Task timed out after 1 seconds',
    );
    const spun = journal().probes.at(-1);
    expect(spun?.step).toBe('arrived');
    expect(spun?.container).not.toBe(warm.container);

    const fresh = await fire('fx-probe-short', probeTime('answer'));
    expect(fresh.invocations).toBe(1);
    expect([warm.container, spun?.container]).not.toContain(fresh.container);
    expect(fresh.threadId).not.toBe(warm.threadId);
    expect(
      runner
        .invocations()
        .slice(-5)
        .map((i) => i.outcome),
    ).toEqual(['ok', 'ok', 'timeout', 'timeout', 'ok']);
    expect(containersOf('fx-probe-short').map((c) => c.id)).toHaveLength(1);
    // The held invocation never saw the release it was waiting for: its thread was gone.
    expect(journal().probes.filter((p) => p.step === 'released' && p.requestId === held?.requestId)).toEqual(
      [],
    );
  });

  it('PLAT-03 runs concurrent invocations of one function in separate containers and reuses a warm idle one', async () => {
    const arrived = journal().probes.filter((p) => p.step === 'arrived').length;
    const first = fire('fx-probe', probeTime('hold'));
    const second = fire('fx-probe', probeTime('hold'));
    // Both are in their handler at once before either may finish.
    await waitFor(() => journal().probes.filter((p) => p.step === 'arrived').length === arrived + 2, 60_000);
    broadcast(releaseChannel, 'release');
    const [a, b] = await Promise.all([first, second]);

    expect(a.container).not.toBe(b.container);
    expect(a.threadId).not.toBe(b.threadId);
    expect(a.logStreamName).not.toBe(b.logStreamName);
    expect([a.invocations, b.invocations]).toEqual([1, 1]);

    const third = await fire('fx-probe', probeTime('answer'));
    const fourth = await fire('fx-probe', probeTime('answer'));
    expect([a.container, b.container]).toContain(third.container);
    expect(fourth.container).toBe(third.container);
    expect([third.invocations, fourth.invocations]).toEqual([2, 3]);
    expect(containersOf('fx-probe')).toHaveLength(2);
    expect(
      runner
        .invocations()
        .slice(-4)
        .map((i) => i.initMs !== undefined),
    ).toEqual([true, true, false, false]);
  }, 150_000);

  it('PLAT-03 gives each container the functions environment and Lambda variables, not the runner its own', async () => {
    const answer = await fire('fx-probe', probeTime('answer'));
    expect(answer.functionName).toBe('fx-probe');
    expect(answer.marker).toBe(marker);
    expect(answer.logStreamName).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    expect(process.env.FX_MARKER).toBeUndefined();
  });

  it('PLAT-03 does not keep a module that failed to load: the next invocation retries init in a new container', async () => {
    const failure = await runner.fire('fx-failing-init', new Date()).then(
      () => undefined,
      (error: Error) => error,
    );
    expect(failure?.message).toBe('scripted init failure');
    // The stack is the container's, pointing at the TypeScript source line.
    expect(failure?.stack).toMatch(/infra\/local\/fixtures\/failing-init\.ts:\d+/);
    expect(runner.invocations().at(-1)).toMatchObject({ function: 'fx-failing-init', outcome: 'error' });
    expect(containersOf('fx-failing-init')).toEqual([]);

    await expect(runner.fire('fx-failing-init', new Date())).resolves.toEqual({ initialized: true });
  });
});
