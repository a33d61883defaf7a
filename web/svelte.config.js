import nodeAdapter from '@sveltejs/adapter-node';

// No precompression: CloudFront compresses what S3 serves.
const node = nodeAdapter({ out: 'build', precompress: false });

/**
 * adapter-node's build for `node web/build/index.js`, plus SvelteKit's own server output
 * (`Server` in build/server/index.js, `manifest` in build/server/manifest.js) beside it: adapter-node
 * re-chunks its copy under hashed names, and web/lambda/handler.ts needs stable ones. One build,
 * two entry points. See docs/decisions/0001-sveltekit-on-lambda.md.
 * @type {import('@sveltejs/kit').Adapter}
 */
const adapter = {
  ...node,
  name: 'parvis-node-and-lambda',
  async adapt(builder) {
    await node.adapt(builder);
    builder.writeServer('build/server');
  },
};

/** @type {import('@sveltejs/kit').Config} */
const config = {
  compilerOptions: { runes: true },
  kit: {
    adapter,
    alias: { $shared: '../shared' },
    // Hashes, never nonces: a public page is cached by CloudFront and served to many visitors, so
    // its CSP cannot carry a per-request nonce. SvelteKit hashes its inline boot script (and any
    // script Svelte adds) into script-src of each SSR response; the hash follows the content, so a
    // cached copy and its header stay consistent (docs/decisions/0013-caching-public-pages.md).
    // Loads must not stream un-awaited promises: their late <script> chunks could not be hashed.
    csp: {
      mode: 'hash',
      directives: {
        'default-src': ['self'],
        'script-src': ['self'],
        // No 'unsafe-inline': Svelte's CSS ships as files; `style:` and transitions go through the
        // CSSOM, which CSP does not police. The one inline style is SvelteKit's route announcer,
        // a literal style="…" attribute (sveltejs/kit#11993): allowed by its hash alone, and hidden
        // by app.css too for browsers without 'unsafe-hashes'. web/tests/security.spec.ts fails
        // if a SvelteKit upgrade changes it.
        'style-src': ['self'],
        'style-src-attr': ['unsafe-hashes', 'sha256-S8qMpvofolR8Mpjy4kQvEm7m1q8clzU4dfDH0AmvZjo='],
        'img-src': ['self', 'data:', 'https:'],
        // The site's own frames (the console's e-mail preview), and the YouTube and Vimeo players
        // event descriptions may embed (shared/calendar/sanitize-description.ts keeps no other).
        'frame-src': [
          'self',
          'https://www.youtube.com',
          'https://youtube.com',
          'https://www.youtube-nocookie.com',
          'https://youtube-nocookie.com',
          'https://player.vimeo.com',
        ],
        'frame-ancestors': ['none'],
        'base-uri': ['self'],
        'form-action': ['self'],
        'object-src': ['none'],
      },
    },
    typescript: {
      config: (tsconfig) => {
        tsconfig.include.push('../lambda/**/*.ts');
      },
    },
  },
};

export default config;
