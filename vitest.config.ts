import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'web/src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Browser tests poll what the page shows; a loaded 2-core machine needs more than 1 s.
    expect: { poll: { timeout: 15_000 } },
  },
});
