import { mkdirSync, mkdtempSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { functionBundling } from '../infra/bundling';

export interface Bundle {
  file: string;
  bytes: number;
  /** Every source file in the bundle. */
  inputs: string[];
}

/**
 * Bundles a handler with the settings the CDK NodejsFunction deploys (infra/bundling.ts), into a
 * scratch folder. The size counts the code only, not the source map.
 */
export async function bundleHandler(entry: string): Promise<Bundle> {
  const cache = join(import.meta.dirname, '..', 'node_modules', '.cache', 'parvis-bench');
  mkdirSync(cache, { recursive: true });
  const outdir = mkdtempSync(join(cache, 'bundle-'));
  const file = join(outdir, 'index.mjs');
  const result = await build({
    entryPoints: [entry],
    outfile: file,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: functionBundling.target,
    mainFields: [...functionBundling.mainFields],
    banner: { js: functionBundling.banner },
    minify: functionBundling.minify,
    sourcemap: functionBundling.sourceMap,
    alias: { ...functionBundling.alias },
    logLevel: 'error',
    metafile: true,
  });
  return { file, bytes: statSync(file).size, inputs: Object.keys(result.metafile.inputs) };
}
