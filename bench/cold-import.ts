import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

/**
 * Milliseconds from starting a fresh Node process to the handler module being loaded: what a
 * Lambda cold start pays before the first event, runtime start included. Median of `runs`.
 */
export function coldStartMs(file: string, env: NodeJS.ProcessEnv, runs = 9): number {
  const script = `await import(${JSON.stringify(pathToFileURL(file).href)});`;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, ...env },
      cwd: process.cwd(),
      encoding: 'utf8',
    });
    if (result.status !== 0) throw new Error(`${file} failed to load: ${result.stderr}`);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}
