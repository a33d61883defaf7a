import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { benchEnd } from './bench-end';
import { formatFigure, type Measure } from './figure';

/**
 * `npm run bench`: runs every module of bench/figures (or those whose file name contains one of the
 * words given on the command line) and prints one line per figure (bench/figure.ts); exits 1 when a
 * figure is over its budget or a module failed to measure, 0 otherwise.
 */
const dir = join(import.meta.dirname, 'figures');
const only = process.argv.slice(2);
const modules = readdirSync(dir)
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
  .filter((file) => only.length === 0 || only.some((name) => file.includes(name)))
  .sort();

let failed = modules.length === 0;
if (failed) console.log(`no module of bench/figures matches ${only.join(', ')}`);
for (const file of modules) {
  try {
    const { measure } = (await import(pathToFileURL(join(dir, file)).href)) as { measure: Measure };
    for (const figure of await measure()) {
      const { line, over } = formatFigure(figure);
      console.log(line);
      failed ||= over;
    }
  } catch (error) {
    console.log(`${file}: failed to measure: ${error instanceof Error ? error.message : String(error)}`);
    failed = true;
  }
}
await benchEnd();
process.exit(failed ? 1 : 0);
