import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

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

/**
 * The files a fresh Node process loads as modules while it imports `file` and runs `afterImport`,
 * recorded by a module loader hook (`module.registerHooks`) given to the process with `--import`.
 */
export function modulesLoaded(file: string, options: Omit<ColdStartOptions, 'rounds'> = {}): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'parvis-loads-'));
  try {
    const hooks = join(dir, 'record-loads.mjs');
    writeFileSync(
      hooks,
      [
        "import { registerHooks } from 'node:module';",
        'const loaded = new Set();',
        'registerHooks({ load(url, context, next) { loaded.add(url); return next(url, context); } });',
        "process.on('exit', () => process.stdout.write(JSON.stringify([...loaded])));",
      ].join('\n'),
    );
    const script = `const { handler } = await import(${JSON.stringify(pathToFileURL(file).href)});\n${options.afterImport ?? ''}`;
    const result = spawnSync(
      process.execPath,
      ['--import', pathToFileURL(hooks).href, '--input-type=module', '-e', script],
      { env: { ...process.env, ...options.env }, cwd: process.cwd(), encoding: 'utf8' },
    );
    if (result.status !== 0) throw new Error(`${file} failed: ${result.stderr}`);
    // The list is the last line: the code may log lines of its own before it.
    const list = result.stdout.slice(result.stdout.lastIndexOf('\n') + 1);
    return (JSON.parse(list) as string[])
      .filter((url) => url.startsWith('file:'))
      .map((url) => fileURLToPath(url))
      .filter((loaded) => loaded !== hooks);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
