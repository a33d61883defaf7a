import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** A Lambda handler as the runner calls it: event and context in, a promise of the result out. */
export type LambdaHandler = (event: unknown, context: unknown) => unknown;

/**
 * The runner's "containers": each function's entry module is imported on its first invocation and
 * kept, so module-level state (SDK clients, configuration read from process.env) lives as long as
 * it would in a warm Lambda container. A module that fails to load is not kept: like a failed init
 * on AWS, the next invocation tries again.
 */
export function containers(root: string) {
  const loaded = new Map<string, Promise<LambdaHandler>>();
  return {
    handler(functionName: string, entry: string): Promise<LambdaHandler> {
      let handler = loaded.get(functionName);
      if (!handler) {
        handler = load(resolve(root, entry));
        loaded.set(functionName, handler);
        handler.catch(() => loaded.delete(functionName));
      }
      return handler;
    },
  };
}

async function load(file: string): Promise<LambdaHandler> {
  const module = (await import(pathToFileURL(file).href)) as { handler?: unknown };
  if (typeof module.handler !== 'function')
    throw new Error(`${file} does not export a function named handler`);
  return module.handler as LambdaHandler;
}
