import { defineConfig, devices } from '@playwright/test';

// The built server (adapter-node), as in production minus Lambda; `npm run test:web` builds it first.
const port = 4517;
// localhost (not 127.0.0.1) so SvelteKit's cookies drop `Secure` over plain http, as in dev.
const origin = `http://localhost:${port}`;

export default defineConfig({
  testDir: 'web/tests',
  outputDir: 'test-results/playwright',
  fullyParallel: false,
  workers: 2,
  forbidOnly: Boolean(process.env.CI),
  reporter: [['list']],
  use: {
    baseURL: origin,
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: '/usr/bin/chromium',
          args: [
            '--headless',
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        },
      },
    },
  ],
  webServer: {
    command: 'node web/build/index.js',
    url: `http://127.0.0.1:${port}/health`,
    reuseExistingServer: false,
    timeout: 30_000,
    env: { HOST: '127.0.0.1', PORT: String(port), ORIGIN: origin },
  },
});
