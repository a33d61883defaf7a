// The SvelteKit server build (web/build/server) is generated JavaScript without declarations,
// absent before `npm run web:build`: these patterns give it SvelteKit's documented types so
// handler.ts type-checks either way (web/tsconfig.json sets allowJs false for that reason).
declare module '*/build/server/index.js' {
  export { Server } from '@sveltejs/kit';
}

declare module '*/build/server/manifest.js' {
  import type { SSRManifest } from '@sveltejs/kit';
  export const manifest: SSRManifest;
}
