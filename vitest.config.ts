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
            'dev/src/**/*.test.ts',
            'bench/**/*.test.ts',
          ],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['integration/**/*.test.ts'],
          globalSetup: ['integration/support/global-setup.ts'],
          testTimeout: 60_000,
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
