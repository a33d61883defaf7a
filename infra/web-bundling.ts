import { type BuildOptions, buildSync } from 'esbuild';
import { esbuildOptions } from './bundling';

/** The web server's entry file in its asset: Lambda's handler is `index.handler`. */
export const webEntryFile = 'index.mjs';

/**
 * esbuild's options for the web server's asset: the settings of every function (infra/bundling.ts)
 * with **code splitting** (decision 0012). SvelteKit's manifest loads each route's modules with
 * `import()` on its first request; in one file those modules are still read and parsed by every
 * cold start, so each page the site gains makes every cold start slower. Split, a route's code is
 * its own chunks (`chunks/`), read on that route's first request only, and what a cold start loads
 * is the runtime, the hooks and the page it serves. The entry is `index.mjs`; chunks import each
 * other and `argon2` (external) relative to themselves, and each has its source map beside it,
 * which the logger reads on the first logged error (shared/kernel/logger.ts).
 */
export function webServerEsbuildOptions(entry: string, outdir: string): BuildOptions {
  const { outfile: _single, ...options } = esbuildOptions(entry, '');
  return {
    ...options,
    outdir,
    splitting: true,
    entryNames: 'index',
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
  };
}

/** Builds the web server's code into `outdir` (synchronously: CDK's local bundling is synchronous). */
export function buildWebServer(entry: string, outdir: string): void {
  buildSync(webServerEsbuildOptions(entry, outdir));
}
