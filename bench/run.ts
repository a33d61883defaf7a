import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Figure, Measure } from './figure';

/**
 * `npm run bench`: runs every module of bench/figures (or those named on the command line) and
 * prints `name: value unit (budget B) ok|OVER` per figure; exits 1 when any figure is over budget.
 */
const dir = join(import.meta.dirname, 'figures');
const only = process.argv.slice(2);
const modules = readdirSync(dir)
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
  .filter((file) => only.length === 0 || only.some((name) => file.includes(name)))
  .sort();

export function formatFigure(figure: Figure): { line: string; over: boolean } {
  const over = figure.kind === 'min' ? figure.value < figure.budget : figure.value > figure.budget;
  const value = Number.isInteger(figure.value) ? String(figure.value) : figure.value.toFixed(2);
  return {
    line: `${figure.name}: ${value} ${figure.unit} (budget ${figure.budget}) ${over ? 'OVER' : 'ok'}`,
    over,
  };
}

let failed = false;
for (const file of modules) {
  const { measure } = (await import(pathToFileURL(join(dir, file)).href)) as { measure: Measure };
  try {
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
process.exit(failed ? 1 : 0);
