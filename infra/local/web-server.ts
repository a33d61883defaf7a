import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type SupervisedChild, supervise } from './child-process';
import { exitedError, startTimeoutError } from './engine-error';
import { loopback, portAccepting } from './ports';

const root = fileURLToPath(new URL('../../', import.meta.url));
const webEntry = fileURLToPath(new URL('../../web/build/index.js', import.meta.url));

/**
 * The SvelteKit production build on the same Node as ours, with the twin's environment: what
 * `npm start` and the browser tests run. It gets an IPC channel and a preloaded one-liner that
 * exits when the channel closes, so it dies with us even if we are killed without a chance to stop
 * it (the channel is unref'd so that it does not keep the server alive after its own graceful
 * shutdown).
 */
export async function startWeb(options: {
  env: Record<string, string>;
  port: number;
  siteUrl: string;
  onLine?: (line: string) => void;
}): Promise<SupervisedChild> {
  const exitWithParent =
    "--import=data:text/javascript,process.channel?.unref();process.on('disconnect',()=>process.exit(0))";
  const child = supervise(
    spawn(process.execPath, [exitWithParent, webEntry], {
      cwd: root,
      // adapter-node waits up to SHUTDOWN_TIMEOUT s for open requests; Ctrl-C should not.
      env: {
        SHUTDOWN_TIMEOUT: '2',
        ...process.env,
        ...options.env,
        HOST: loopback,
        PORT: String(options.port),
        ORIGIN: options.siteUrl,
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    }),
    options.onLine,
  );
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.process.exitCode !== null) throw exitedError('web', child.process.exitCode, child.lastLines());
    if (await portAccepting(options.port)) return child;
    if (Date.now() > deadline) {
      await child.stop();
      throw startTimeoutError('web', 30, child.lastLines());
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
