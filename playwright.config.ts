import { defineConfig, devices } from '@playwright/test';
import { chromiumFlags } from './shared/adapters/chromium-flags';
import { e2e } from './web/tests/support/e2e';

// The built server (adapter-node), as in production minus Lambda, against a twin of its own:
// web/tests/support/global-setup.ts starts both. `npm test` builds the site first.

const browser = {
  ...devices['Desktop Chrome'],
  launchOptions: {
    executablePath: '/usr/bin/chromium',
    args: [...chromiumFlags],
  },
};

export default defineConfig({
  testDir: 'web/tests',
  globalSetup: './web/tests/support/global-setup.ts',
  outputDir: 'test-results/playwright',
  fullyParallel: false,
  workers: 2,
  forbidOnly: Boolean(process.env.CI),
  reporter: [['list']],
  use: {
    baseURL: e2e.origin,
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      // The load tests run last, alone (below): their thousands of requests would slow the shared
      // test server for the tests running beside them.
      testIgnore: /\.load\.spec\.ts$/,
      use: browser,
    },
    {
      name: 'load',
      testMatch: /\.load\.spec\.ts$/,
      dependencies: ['chromium'],
      use: browser,
    },
  ],
});
