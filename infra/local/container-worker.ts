import { parentPort, workerData } from 'node:worker_threads';
import { type FunctionIdentity, lambdaContext } from './lambda-shapes';

/**
 * One local "Lambda container": a worker thread started by containers.ts that imports its
 * function's bundle once, then serves one invocation at a time, as
 * the Lambda runtime does. Module-level state (clients, pacers, the logger) lives as long as this
 * thread; the runner terminates the thread when an invocation outlives its timeout.
 *
 * Messages: in, `invoke`; out, `ready` or `init-failed` once, then one `result` per invocation.
 * Results cross as JSON, as they do on Lambda (a Date comes back as a string, undefined as null).
 */

export interface ContainerData {
  /** file: URL of the function's bundle. */
  entry: string;
  /** The handler module it was built from (relative to the repository), for messages. */
  source: string;
  fn: FunctionIdentity;
  logStreamName: string;
}

export type ToContainer = { type: 'invoke'; requestId: string; deadline: number; event: unknown };

export type FromContainer =
  | { type: 'ready' }
  | { type: 'init-failed'; error: SerializedError }
  | { type: 'result'; requestId: string; ok: true; json: string }
  | { type: 'result'; requestId: string; ok: false; error: SerializedError };

/** An error as Lambda reports it (errorType, errorMessage, stack), in plain data. */
export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
}

function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: 'Error', message: String(error) };
}

type Handler = (event: unknown, context: unknown) => unknown;

const port = parentPort;
if (!port) throw new Error('container-worker.ts runs as a worker thread started by containers.ts');
const data = workerData as ContainerData;
const send = (message: FromContainer) => port.postMessage(message);

async function init(): Promise<Handler> {
  // The entry is the function's bundle with its source map beside it: stacks name the .ts lines.
  process.setSourceMapsEnabled(true);
  const module = (await import(data.entry)) as { handler?: unknown };
  if (typeof module.handler !== 'function') {
    throw new Error(`${data.source} does not export a function named handler`);
  }
  return module.handler as Handler;
}

try {
  const handler = await init();
  port.on('message', async (message: ToContainer) => {
    const { requestId, deadline, event } = message;
    try {
      const context = lambdaContext(data.fn, { deadline, requestId, logStreamName: data.logStreamName });
      const result = await handler(event, context);
      send({ type: 'result', requestId, ok: true, json: JSON.stringify(result) ?? 'null' });
    } catch (error) {
      send({ type: 'result', requestId, ok: false, error: serializeError(error) });
    }
  });
  send({ type: 'ready' });
} catch (error) {
  send({ type: 'init-failed', error: serializeError(error) });
}
