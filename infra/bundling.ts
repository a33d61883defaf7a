/**
 * How every Parvis function is bundled and started, in one place: the CDK construct deploys with
 * these settings and `npm run bench` measures bundles built with them, so the figures are those of
 * what runs on Lambda.
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
   * ElectroDB requires `@aws-sdk/lib-dynamodb` only for its command classes; loading it loads the
   * whole SDK DynamoDB client, which tripled cold starts. Bundles get plain stand-ins instead, which
   * Parvis's own DynamoDB client executes (decision 0005). Paths are relative to the repository root,
   * where esbuild runs.
   */
  alias: {
    '@aws-sdk/lib-dynamodb': './shared/adapters/aws/document-commands.ts',
  },
} as const;
