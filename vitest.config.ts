import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{infra,functions,shared,events,bench,web/lambda,tests}/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'web/build/**', 'cdk.out/**'],
    // One local twin (DynamoDB Local, fauxqs, SES twin, runner) for the whole run: see tests/twin.ts.
    globalSetup: ['tests/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
