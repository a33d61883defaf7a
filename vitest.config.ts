import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{infra,functions,shared,events,bench,web/lambda,tests}/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'web/build/**', 'cdk.out/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
