import { mkdirSync, mkdtempSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

/**
 * Bundles a handler the way the CDK NodejsFunction does (ESM, minified, Node 24, the AWS SDK v3
 * bundled in: one file loads faster than the runtime's copy and pins the version we test), into a scratch folder.
 */
export async function bundleHandler(entry: string): Promise<{ file: string; bytes: number }> {
  // Inside the repository so the externals resolve from node_modules, as the runtime provides them.
  const cache = join(import.meta.dirname, '..', 'node_modules', '.cache', 'parvis-bench');
  mkdirSync(cache, { recursive: true });
  const outdir = mkdtempSync(join(cache, 'bundle-'));
  const file = join(outdir, 'index.mjs');
  await build({
    entryPoints: [entry],
    outfile: file,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
    logLevel: 'error',
  });
  return { file, bytes: statSync(file).size };
}
