import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build, type Metafile, type Plugin } from 'esbuild';
import { esbuildOptions } from '../infra/bundling';
import { webEntryFile, webServerEsbuildOptions } from '../infra/web-bundling';

export interface Bundle {
  file: string;
  bytes: number;
  /** Every source file in the bundle. */
  inputs: string[];
  /** esbuild's account of the build: what each input imports, and how many bytes of it were kept. */
  metafile: Metafile;
}

export interface BundleOptions {
  /** esbuild plugins of the bench only (the web baseline redirects the wrapper's server build). */
  plugins?: Plugin[];
}

/** Scratch space of the bench (generated baselines, bundles, the baseline site's build): never committed. */
export const scratchDir = join(import.meta.dirname, '..', 'node_modules', '.cache', 'parvis-bench');

/**
 * Bundles a handler with the settings the CDK NodejsFunction deploys (infra/bundling.ts), into a
 * scratch folder. The size counts the code only, not the source map.
 */
export async function bundleHandler(entry: string, options: BundleOptions = {}): Promise<Bundle> {
  mkdirSync(scratchDir, { recursive: true });
  const outdir = mkdtempSync(join(scratchDir, 'bundle-'));
  const file = join(outdir, 'index.mjs');
  const result = await build({
    ...esbuildOptions(entry, file),
    plugins: options.plugins ?? [],
    metafile: true,
  });
  const metafile = result.metafile as Metafile;
  return {
    file,
    bytes: statSync(file).size,
    inputs: Object.keys(metafile.inputs),
    metafile,
  };
}

/**
 * Bundles the web server as its asset is built (infra/web-bundling.ts: split per route) into a
 * scratch folder: `file` is its `index.mjs`, `bytes` the code of every file (source maps excluded),
 * `metafile` esbuild's account of all of them.
 */
export async function bundleWebServer(entry: string, options: BundleOptions = {}): Promise<Bundle> {
  mkdirSync(scratchDir, { recursive: true });
  const outdir = mkdtempSync(join(scratchDir, 'web-'));
  const result = await build({
    ...webServerEsbuildOptions(entry, outdir),
    plugins: options.plugins ?? [],
    metafile: true,
  });
  const metafile = result.metafile as Metafile;
  const outputs = Object.entries(metafile.outputs).filter(([path]) => !path.endsWith('.map'));
  return {
    file: join(outdir, webEntryFile),
    bytes: outputs.reduce((sum, [, output]) => sum + output.bytes, 0),
    inputs: Object.keys(metafile.inputs),
    metafile,
  };
}

/** Deletes bundles (and their source maps) once measured, so runs do not pile up in the scratch folder. */
export function discardBundles(bundles: Bundle[]): void {
  for (const bundle of bundles) rmSync(dirname(bundle.file), { recursive: true, force: true });
}
