import type { BuildOptions } from 'esbuild';

/**
 * How every Parvis function is bundled and started, in one place: the CDK construct deploys with
 * these settings and `npm run bench` measures bundles built with them, so the figures are those of
 * what runs on Lambda. Everything is bundled as is, the AWS SDK clients included: no module is
 * aliased or stubbed, so the bundles run the code the unbundled tests run (decision 0006).
 */
export const functionBundling = {
  target: 'node24',
  /** ESM builds of dependencies first: they tree-shake, CommonJS ones do not. */
  mainFields: ['module', 'main'],
  /**
   * Lets bundled CommonJS dependencies call `require` inside the ESM output. Named so it cannot
   * clash with a binding of the bundle.
   */
  banner:
    "import { createRequire as __parvisCreateRequire } from 'node:module'; const require = __parvisCreateRequire(import.meta.url);",
  minify: true,
  /**
   * The map goes beside the bundle, but Lambda runs without `--enable-source-maps`, which parses it
   * at every cold start: the logger maps stack frames through it only when it logs an error
   * (shared/kernel/logger.ts, decision 0005).
   */
  sourceMap: true,
  /**
   * The map names the sources without embedding them: the logger needs only file, line and column,
   * and the map it parses on the first logged error is then 1.2 MB instead of 3.3 MB (send-email).
   */
  sourcesContent: false,
} as const;

/**
 * esbuild's options for bundling one handler as the CDK deploys it: what `npm run bench` measures
 * and what the local runner's containers load, so both run the deployed shape of the code.
 */
export function esbuildOptions(entry: string, outfile: string): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: functionBundling.target,
    mainFields: [...functionBundling.mainFields],
    banner: { js: functionBundling.banner },
    minify: functionBundling.minify,
    sourcemap: functionBundling.sourceMap,
    sourcesContent: functionBundling.sourcesContent,
    logLevel: 'error',
  };
}
