/**
 * The flags every Chromium Parvis starts carries: the PDF renderer's (shared/adapters/pdf-renderer.ts),
 * the browser tests' (playwright.config.ts) and Lighthouse's (bench/figures/lighthouse.ts). Headless,
 * no sandbox (Lambda has no user namespaces, CI runs as root), and nothing that reaches out: no
 * background networking, component updates, sync, QUIC or first-run tasks.
 */
export const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;
