import nodeAdapter from '@sveltejs/adapter-node';

/**
 * The web server's baseline (bench/figures/web-cold-start.ts): a minimal SvelteKit app on the same
 * adapter as web/ (adapter-node, plus SvelteKit's own server output under build/server, which
 * web/lambda/handler.ts imports). Everything it generates goes to the bench's scratch folder, given
 * by the bench, never into the repository; `$libraries` is the module the bench generates with the
 * SDK clients and ElectroDB the site uses (bench/baseline.ts).
 */
const scratch = process.env.PARVIS_BENCH_BASELINE_DIR;
if (!scratch) throw new Error('Built by `npm run bench -- web` only: PARVIS_BENCH_BASELINE_DIR is not set.');

const node = nodeAdapter({ out: `${scratch}/build`, precompress: false });

/** @type {import('@sveltejs/kit').Adapter} */
const adapter = {
  ...node,
  name: 'parvis-bench-baseline',
  async adapt(builder) {
    await node.adapt(builder);
    builder.writeServer(`${scratch}/build/server`);
  },
};

/** @type {import('@sveltejs/kit').Config} */
const config = {
  compilerOptions: { runes: true },
  kit: {
    adapter,
    outDir: `${scratch}/kit`,
    alias: { $libraries: `${scratch}/generated/libraries.js` },
  },
};

export default config;
