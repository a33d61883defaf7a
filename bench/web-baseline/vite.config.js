import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

/** See svelte.config.js: the bench's scratch folder takes every file the build writes. */
export default defineConfig({
  plugins: [sveltekit()],
  cacheDir: `${process.env.PARVIS_BENCH_BASELINE_DIR}/vite`,
  logLevel: 'warn',
});
