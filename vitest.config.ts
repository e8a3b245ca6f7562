import { defineConfig } from 'vitest/config';

/**
 * One runner for the whole repo. `unit` is pure and fast; `integration` talks
 * to real emulators and fakes that its global setup starts on ports of its
 * own (so a running `npm start` never collides); `web` is the SvelteKit app's
 * own project.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'core/src/**/*.test.ts',
            'functions/src/**/*.test.ts',
            'runner/src/**/*.test.ts',
            'server/src/**/*.test.ts',
            'dev/src/**/*.test.ts',
            'bench/**/*.test.ts',
            'faults/**/*.test.ts',
          ],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['integration/**/*.test.ts'],
          exclude: ['integration/global/**'],
          globalSetup: ['integration/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        // Tests that change what every caller shares (the limits, the month's
        // budget, the image service's max instances) run one file at a time on
        // a stack of their own, so no other test is refused or counted by them.
        test: {
          name: 'integration-global',
          include: ['integration/global/**/*.test.ts'],
          globalSetup: ['integration/support/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 240_000,
          hookTimeout: 120_000,
        },
      },
      './web/vite.config.ts',
    ],
    reporters: [
      'default',
      ['json', { outputFile: process.env.PHOENIX_VITEST_JSON ?? '.phoenix/test-results/vitest.json' }],
      './dev/src/test-support/fail-on-empty-project.ts',
    ],
  },
});
