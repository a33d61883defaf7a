import { readFileSync } from 'node:fs';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

// The platform's version is the root package's, fixed at build time for GET /health.
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export default defineConfig({
  plugins: [sveltekit()],
  define: { __PARVIS_VERSION__: JSON.stringify(version) },
  // argon2 is a native addon: node-gyp-build finds its binary relative to the package's own
  // directory, so the server imports it from node_modules at run time instead of inlining it. Vite
  // leaves it out by default; this keeps it so. adapter-node's own bundling reads the dependencies
  // of web/package.json instead (decision 0007, "Shipping the native binary").
  ssr: { external: ['argon2'] },
  server: { host: '127.0.0.1', fs: { allow: ['../shared'] } },
  preview: { host: '127.0.0.1' },
});
