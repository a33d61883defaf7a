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
  sourceMap: true,
} as const;

/** Stack traces point into the TypeScript sources through the bundled source maps. */
export const functionNodeOptions = '--enable-source-maps';
