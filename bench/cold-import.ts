import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

/**
 * Milliseconds from starting a fresh Node process to the handler module being loaded: what a
 * Lambda cold start pays before the first event, runtime start included.
 */
function coldStartOnce(file: string, env: NodeJS.ProcessEnv): number {
  const script = `await import(${JSON.stringify(pathToFileURL(file).href)});`;
  const started = performance.now();
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, ...env },
    cwd: process.cwd(),
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`${file} failed to load: ${result.stderr}`);
  return performance.now() - started;
}

/**
 * Median cold starts of `files`, measured in interleaved rounds (A B C, A B C …) so that the
 * machine's drift and noise fall on every file alike and their ratios stay fair.
 */
export function coldStartsMs(files: string[], env: NodeJS.ProcessEnv, rounds = 15): number[] {
  const times = files.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    for (const [index, file] of files.entries()) times[index]?.push(coldStartOnce(file, env));
  }
  return times.map((samples) => {
    samples.sort((a, b) => a - b);
    return samples[Math.floor(samples.length / 2)] ?? Number.NaN;
  });
}
