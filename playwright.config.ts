import { defineConfig, devices } from '@playwright/test';
import { chromiumFlags } from './shared/adapters/chromium-flags';
import { e2e } from './web/tests/support/e2e';

// The built server (adapter-node), as in production minus Lambda, against a twin of its own:
// web/tests/support/global-setup.ts starts both. `npm test` builds the site first.

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
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: '/usr/bin/chromium',
          args: [...chromiumFlags],
        },
      },
    },
  ],
});
