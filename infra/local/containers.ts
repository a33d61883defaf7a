import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { esbuildOptions } from '../bundling';
import type { ContainerData, FromContainer, SerializedError, ToContainer } from './container-worker';
import { containerLogStream, type FunctionIdentity, lambdaEnvironment } from './lambda-shapes';

/** What the runner asks to run: a function of the wiring (or a fixture) and its entry module. */
export interface ContainerFunction extends FunctionIdentity {
  /** Handler module, relative to the root; it exports `handler`. */
  entry: string;
}

/** How an invocation ended, and in which container. */
export type Invocation = (
  | { ok: true; result: unknown }
  | {
      ok: false;
      /** An Error named as the handler's (errorType on Lambda), its stack from the container. */
      error: unknown;
    }
) & {
  requestId: string;
  /** Id of the container that served it (its log stream suffix); absent when none could start. */
  container?: string;
  /**
   * Set on a cold start: milliseconds from starting the container's thread to its entry module
   * bundle imported (Lambda's Init Duration, plus the thread start-up that Lambda does not have).
   */
  initMs?: number;
};

export interface ContainerInfo {
  function: string;
  id: string;
  busy: boolean;
  /** Invocations served so far. */
  served: number;
  initMs?: number;
}

export interface ContainerOptions {
  /** Directory the entries are relative to. */
  root: string;
  /** The functions' environment (table, queue URLs, endpoints, credentials), as the stacks give it. */
  env: Record<string, string>;
  /**
   * Init (import of the entry module) that does not eat into the function's timeout; Lambda allows
   * 10 s. A longer init goes on, as on Lambda (which then retries it inside the invocation), but what
   * it takes beyond this comes out of the invocation's timeout.
   */
  initTimeoutMs?: number;
}

export interface Containers {
  /** Runs `event` through a warm idle container of `fn`, or a new one when all are busy. */
  invoke(fn: ContainerFunction, event: unknown): Promise<Invocation>;
  /** The containers alive now. */
  list(): ContainerInfo[];
  /** Terminates every container. */
  stop(): Promise<void>;
}

/** The invocation ran past the function's timeout; its container was stopped. */
export class InvocationTimeoutError extends Error {
  override name = 'InvocationTimeoutError';
}

/** The container died under the invocation (process.exit, an uncaught error, out of memory). */
export class ContainerExitError extends Error {
  override name = 'ContainerExitError';
}

/** Variables of our own environment a function may need to run at all; everything else is the stacks'. */
const inheritedVariables = ['PATH', 'LANG', 'TMPDIR'];

/** Where the runner writes the bundles it loads (never committed). */
const bundleDir = resolve(import.meta.dirname, '../../node_modules/.cache/parvis-runner');

/**
 * Builds a function's entry exactly as the CDK deploys it (infra/bundling.ts), once per runner, so
 * a container runs the code Lambda runs, SDK clients and all, and starts as fast as one bundle loads
 * (transpiling the sources in every container took 1–1.5 s each). Stacks stay readable: the worker
 * turns source maps on, so they name the .ts lines.
 */
async function bundle(root: string, entry: string): Promise<string> {
  const source = resolve(root, entry);
  const outfile = join(
    bundleDir,
    createHash('sha256').update(source).digest('hex').slice(0, 16),
    'index.mjs',
  );
  // Written whole, then renamed into place: another twin (a test process) may be loading the same
  // bundle at this moment, and must never see half a file.
  const { outputFiles } = await build({ ...esbuildOptions(source, outfile), write: false });
  mkdirSync(dirname(outfile), { recursive: true });
  for (const file of outputFiles) {
    const partial = `${file.path}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(partial, file.contents);
    renameSync(partial, file.path);
  }
  return pathToFileURL(outfile).href;
}

/**
 * container-worker.ts itself, bundled once per process the same way: a worker then starts plain
 * JavaScript, with no TypeScript loader to register and nothing to transpile at each cold start.
 */
let workerScript: Promise<string> | undefined;
function workerScriptUrl(): Promise<string> {
  workerScript ??= bundle(import.meta.dirname, 'container-worker.ts');
  workerScript.catch(() => {
    workerScript = undefined;
  });
  return workerScript;
}

interface Container {
  id: string;
  fn: ContainerFunction;
  worker: Worker;
  /** Settles once the entry module is imported (or failed to). */
  ready: Promise<number>;
  busy: boolean;
  dead: boolean;
  served: number;
  initMs?: number;
  /** The invocation in progress; a container serves one at a time. */
  current?: { requestId: string; settle: (message: FromContainer | Error) => void };
}

/**
 * The runner's Lambda containers. Each is a worker thread that imports its function's entry module
 * once and serves one invocation at a time; each function has a pool of them: an invocation takes a
 * warm idle container, or starts a new one when all are busy, so concurrent invocations never share
 * module state (pacers, loggers, clients), as on AWS. A container whose invocation outlives the
 * function's timeout is terminated, wherever its code is (even in a synchronous loop), and the next
 * invocation starts afresh; so is one whose init failed, or that died. Workers get the functions'
 * environment plus Lambda's own variables, not the runner's, and at most the function's memory size
 * of JavaScript heap.
 */
export function containers(options: ContainerOptions): Containers {
  const pools = new Map<string, Container[]>();
  const terminations = new Set<Promise<unknown>>();
  const initTimeoutMs = options.initTimeoutMs ?? 10_000;
  const baseEnv = Object.fromEntries(
    inheritedVariables.flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : [])),
  );
  let stopped = false;
  const bundles = new Map<string, Promise<string>>();

  /** The function's bundle, built on its first invocation; a failed build is tried again next time. */
  function bundleOf(fn: ContainerFunction): Promise<string> {
    let built = bundles.get(fn.entry);
    if (!built) {
      built = bundle(options.root, fn.entry);
      bundles.set(fn.entry, built);
      built.catch(() => bundles.delete(fn.entry));
    }
    return built;
  }

  function poolOf(name: string): Container[] {
    let pool = pools.get(name);
    if (!pool) {
      pool = [];
      pools.set(name, pool);
    }
    return pool;
  }

  function kill(container: Container): void {
    if (!container.dead) {
      container.dead = true;
      const termination = container.worker.terminate();
      terminations.add(termination);
      void termination.finally(() => terminations.delete(termination));
    }
    const pool = poolOf(container.fn.name);
    const index = pool.indexOf(container);
    if (index >= 0) pool.splice(index, 1);
  }

  function start(fn: ContainerFunction, entry: string, script: string): Container {
    const startedAt = performance.now();
    const id = randomBytes(16).toString('hex');
    const logStreamName = containerLogStream(new Date(), id);
    const data: ContainerData = {
      entry,
      source: fn.entry,
      fn: { name: fn.name, memoryMb: fn.memoryMb, timeoutSeconds: fn.timeoutSeconds },
      logStreamName,
    };
    const worker = new Worker(new URL(script), {
      workerData: data,
      env: { ...baseEnv, ...options.env, ...lambdaEnvironment(fn, logStreamName) },
      resourceLimits: { maxOldGenerationSizeMb: fn.memoryMb },
      name: `${fn.name} ${id.slice(0, 8)}`,
    });
    let settleInit: (outcome: number | Error) => void = () => undefined;
    const container: Container = {
      id,
      fn,
      worker,
      ready: new Promise<number>((resolveInit, rejectInit) => {
        let settled = false;
        settleInit = (outcome) => {
          if (settled) return;
          settled = true;
          if (outcome instanceof Error) rejectInit(outcome);
          else resolveInit(outcome);
        };
      }),
      busy: true,
      dead: false,
      served: 0,
    };
    // Observed by invoke(); this keeps a container that dies while idle from being unhandled.
    container.ready.catch(() => undefined);

    worker.on('message', (message: FromContainer) => {
      if (message.type === 'ready') {
        container.initMs = Math.round(performance.now() - startedAt);
        settleInit(container.initMs);
      } else if (message.type === 'init-failed') {
        settleInit(deserialize(message.error));
      } else if (message.requestId === container.current?.requestId) {
        container.current.settle(message);
      }
    });
    const die = (error: Error) => {
      kill(container);
      settleInit(error);
      container.current?.settle(error);
    };
    worker.on('error', die);
    worker.on('exit', (code) =>
      die(new ContainerExitError(`Runtime exited${code ? ` with error: exit status ${code}` : ''}`)),
    );
    poolOf(fn.name).push(container);
    return container;
  }

  /** A warm idle container, most recently used first (as Lambda tends to), or a new one. */
  function acquire(
    fn: ContainerFunction,
    code: { entry: string; script: string },
  ): { container: Container; cold: boolean } {
    const pool = poolOf(fn.name);
    for (let index = pool.length - 1; index >= 0; index--) {
      const container = pool[index];
      if (container && !container.busy && !container.dead) {
        container.busy = true;
        // Most recently used goes last, so the next search finds it first.
        pool.splice(index, 1);
        pool.push(container);
        return { container, cold: false };
      }
    }
    return { container: start(fn, code.entry, code.script), cold: true };
  }

  async function invoke(fn: ContainerFunction, event: unknown): Promise<Invocation> {
    const requestId = randomUUID();
    if (stopped) return { ok: false, error: new Error('The runner is stopping'), requestId };
    let code: { entry: string; script: string };
    try {
      const [entry, script] = await Promise.all([bundleOf(fn), workerScriptUrl()]);
      code = { entry, script };
    } catch (error) {
      return { ok: false, error, requestId };
    }
    const { container, cold } = acquire(fn, code);
    const served = { requestId, container: container.id };
    const timeoutMs = fn.timeoutSeconds * 1000;
    const initStarted = Date.now();

    let timer: NodeJS.Timeout | undefined;
    const expire = (ms: number, message: string) =>
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          kill(container);
          reject(new InvocationTimeoutError(message));
        }, ms);
      });
    try {
      try {
        await Promise.race([
          container.ready,
          expire(initTimeoutMs + timeoutMs, `Task timed out after ${fn.timeoutSeconds} seconds (in init)`),
        ]);
      } finally {
        clearTimeout(timer);
      }
    } catch (error) {
      // A failed init is not kept: the next invocation tries again in a new container, as on AWS.
      kill(container);
      return { ok: false, error, ...served };
    }
    const init = cold && container.initMs !== undefined ? { initMs: container.initMs } : {};

    const overrun = Math.max(0, Date.now() - initStarted - initTimeoutMs);
    const deadline = Date.now() + timeoutMs - overrun;
    const answer = new Promise<FromContainer | Error>((settle) => {
      container.current = { requestId, settle };
    });
    const request: ToContainer = { type: 'invoke', requestId, deadline, event };
    try {
      container.worker.postMessage(request);
      const outcome = await Promise.race([
        answer,
        expire(deadline - Date.now(), `Task timed out after ${fn.timeoutSeconds} seconds`),
      ]);
      if (outcome instanceof Error) return { ok: false, error: outcome, ...served, ...init };
      if (outcome.type !== 'result') throw new Error(`Unexpected message from a container: ${outcome.type}`);
      return outcome.ok
        ? { ok: true, result: JSON.parse(outcome.json), ...served, ...init }
        : { ok: false, error: deserialize(outcome.error), ...served, ...init };
    } catch (error) {
      return { ok: false, error, ...served, ...init };
    } finally {
      clearTimeout(timer);
      container.current = undefined;
      container.served++;
      container.busy = false;
    }
  }

  return {
    invoke,
    list: () =>
      [...pools.values()].flat().map((c) => ({
        function: c.fn.name,
        id: c.id,
        busy: c.busy,
        served: c.served,
        ...(c.initMs !== undefined ? { initMs: c.initMs } : {}),
      })),
    async stop() {
      stopped = true;
      for (const pool of pools.values()) for (const container of [...pool]) kill(container);
      await Promise.allSettled([...terminations]);
    },
  };
}

/** The handler's error as an Error again, with its name and the stack it had in the container. */
function deserialize(error: SerializedError): Error {
  const revived = new Error(error.message);
  revived.name = error.name;
  revived.stack = error.stack ?? `${error.name}: ${error.message}`;
  return revived;
}
