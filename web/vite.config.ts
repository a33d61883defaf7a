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
  server: { host: '127.0.0.1', fs: { allow: ['../shared'] } },
  preview: { host: '127.0.0.1' },
});
