import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { consumers, schedules } from '../../infra/wiring';
import { baselineLibraries, writeBaseline } from '../baseline';
import { type Bundle, bundleHandler, discardBundles, scratchDir } from '../bundle';
import { coldStartsMs } from '../cold-import';
import type { Figure, Measure } from '../figure';
import { lambdaEnv, librariesLabel } from '../lambda-env';

/** Budgets of issue #10 (decision 0006). */
const vsBaselineBudget = 1.3;
const bundleBudgetKb = 1536;

const kb = (bundle: Bundle | undefined) => Math.round((bundle?.bytes ?? Number.NaN) / 1024);

/**
 * Every function of infra/wiring.ts (consumers and schedules), bundled as the CDK deploys it: its
 * bundle size, and its cold start (process start + module load, bench/cold-import.ts) against its
 * libraries-only baseline (bench/baseline.ts: the same SDK clients and ElectroDB, nothing of
 * Parvis), all measured in the same interleaved rounds with a hello-world handler. The absolute
 * milliseconds, the baseline's size and the ratio to hello are printed for reference.
 */
export const measure: Measure = async () => {
  const functions = [...consumers, ...schedules];
  const hello = await bundleHandler('bench/hello.ts');
  const bundles = await Promise.all(functions.map((fn) => bundleHandler(fn.entry)));
  const libraries = bundles.map((bundle) => baselineLibraries(bundle.metafile));
  // Functions using the same libraries share one baseline: fewer processes per round.
  const baselines = new Map<string, Bundle>();
  const generated: string[] = [];
  try {
    for (const libs of libraries) {
      if (baselines.has(libs.join(' '))) continue;
      const dir = mkdtempSync(join(scratchDir, 'baseline-'));
      generated.push(dir);
      baselines.set(libs.join(' '), await bundleHandler(await writeBaseline(dir, libs)));
    }
    const baselineBundles = [...baselines.values()];
    const [helloMs = Number.NaN, ...ms] = coldStartsMs(
      [hello, ...bundles, ...baselineBundles].map((bundle) => bundle.file),
      { env: lambdaEnv },
    );
    const baselineMs = new Map(baselineBundles.map((bundle, i) => [bundle, ms[bundles.length + i]]));

    const figures: Figure[] = [
      { name: 'hello-world cold start', value: Math.round(helloMs), unit: 'ms', budget: 'reference' },
    ];
    for (const [index, fn] of functions.entries()) {
      const libs = libraries[index] ?? [];
      const baseline = baselines.get(libs.join(' '));
      const own = ms[index] ?? Number.NaN;
      const base = (baseline && baselineMs.get(baseline)) ?? Number.NaN;
      figures.push(
        { name: `${fn.name} cold start vs baseline`, value: own / base, unit: 'x', budget: vsBaselineBudget },
        { name: `${fn.name} bundle size`, value: kb(bundles[index]), unit: 'KB', budget: bundleBudgetKb },
        { name: `${fn.name} cold start`, value: Math.round(own), unit: 'ms', budget: 'reference' },
        {
          name: `${fn.name} baseline cold start (${librariesLabel(libs)})`,
          value: Math.round(base),
          unit: 'ms',
          budget: 'reference',
        },
        { name: `${fn.name} baseline bundle size`, value: kb(baseline), unit: 'KB', budget: 'reference' },
        { name: `${fn.name} cold start vs hello`, value: own / helloMs, unit: 'x', budget: 'reference' },
      );
    }
    return figures;
  } finally {
    discardBundles([hello, ...bundles, ...baselines.values()]);
    for (const dir of generated) rmSync(dir, { recursive: true, force: true });
  }
};
