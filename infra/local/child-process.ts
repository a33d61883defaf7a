import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/** A child process the twin started and answers for: it never outlives the Node process. */
export interface SupervisedChild {
  readonly process: ChildProcess;
  /** The last lines it printed (stdout and stderr), for error messages. */
  lastLines(count?: number): string[];
  /** Resolves with the exit code once it has exited. */
  readonly exited: Promise<number | null>;
  /** Asks it to stop (stdin closed, then SIGTERM), kills it after `graceMs`; idempotent. */
  stop(graceMs?: number): Promise<void>;
}

const alive = new Set<ChildProcess>();

// Last resort on any exit of this process, even process.exit() from elsewhere: 'exit' handlers must
// be synchronous, and kill() is. A SIGKILL of this process skips it; the children watch their stdin
// (DynamoDB) or IPC channel (web server) for that case.
process.on('exit', () => {
  for (const child of alive) child.kill('SIGKILL');
});

/**
 * Takes charge of a spawned process: collects its output lines (and passes each to `onLine`), kills
 * it when this process exits, and stops it gracefully on request.
 */
export function supervise(child: ChildProcess, onLine?: (line: string) => void): SupervisedChild {
  const lines: string[] = [];
  const keep = 40;
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on('line', (line) => {
      lines.push(line);
      if (lines.length > keep) lines.shift();
      onLine?.(line);
    });
  }
  alive.add(child);
  const exited = new Promise<number | null>((resolve) => {
    const done = (code: number | null) => {
      alive.delete(child);
      resolve(code);
    };
    if (child.exitCode !== null || child.signalCode !== null) done(child.exitCode);
    child.once('exit', (code) => done(code));
    child.once('error', () => {
      if (child.pid === undefined) done(null);
    });
  });
  let stopping: Promise<void> | undefined;
  return {
    process: child,
    exited,
    lastLines: (count = 8) => lines.filter((line) => line.trim() !== '').slice(-count),
    stop(graceMs = 5000) {
      stopping ??= (async () => {
        if (!alive.has(child)) return;
        child.stdin?.end();
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
}
