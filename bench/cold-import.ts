import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

export interface ColdStartOptions {
  /** Variables the handler needs to load (added to this process's environment). */
  env?: NodeJS.ProcessEnv;
  /** Code run after the import, with `handler` in scope (the web bench serves one page). */
  afterImport?: string;
  rounds?: number;
}

/**
 * Milliseconds from starting a fresh Node process to the handler module being loaded (and `afterImport`
 * done): what a Lambda cold start pays before the first event, runtime start included.
 */
function coldStartOnce(file: string, options: ColdStartOptions): number {
  const script = `const { handler } = await import(${JSON.stringify(pathToFileURL(file).href)});\n${options.afterImport ?? ''}`;
  const started = performance.now();
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, ...options.env },
    cwd: process.cwd(),
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`${file} failed: ${result.stderr}`);
  return performance.now() - started;
}

/**
 * Median cold starts of `files`, measured in interleaved rounds (A B C, A B C …) so that the
 * machine's drift and noise fall on every file alike and their ratios stay fair.
 */
export function coldStartsMs(files: string[], options: ColdStartOptions = {}): number[] {
  const times = files.map(() => [] as number[]);
  for (let round = 0; round < (options.rounds ?? 15); round++) {
    for (const [index, file] of files.entries()) times[index]?.push(coldStartOnce(file, options));
  }
  return times.map((samples) => {
    samples.sort((a, b) => a - b);
    return samples[Math.floor(samples.length / 2)] ?? Number.NaN;
  });
}
