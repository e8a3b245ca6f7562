import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';
import { portsFor } from '../dev/src/stack/ports.ts';

/**
 * Browser tests of the production build against the whole local stack on the
 * `test` ports (started by the global setup), so a developer's `npm start`
 * never answers in their place.
 *
 * Nothing is built here: `npm test` builds the web app pointed at the test
 * ports first (`env $(node dev/src/stack/web-env.ts test) npm run build -w web`),
 * and `vite preview` serves that build.
 */
const repo = path.resolve(import.meta.dirname, '..');
const port = portsFor('test').web;
const baseURL = `http://127.0.0.1:${port}`;

/** Debian's chromium; the Playwright browser download is unreachable here. */
const executablePath = process.env.PHOENIX_CHROMIUM ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: import.meta.dirname,
  // Test files are named `unit.scenario.test.ts`, e.g. `home.render.test.ts`.
  testMatch: /[^/]+\.[^/.]+\.test\.ts$/,
  outputDir: path.join(repo, 'test-results/e2e'),
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  // One browser at a time: on 2 cores, parallel Chromiums starve the emulators they talk to.
  workers: 1,
  globalSetup: path.join(import.meta.dirname, 'support', 'global-setup.ts'),
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['github']] : [['list']],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
        '--disable-quic',
      ],
    },
  },
  projects: [
    {
      name: 'desktop',
      use: { ...devices['Desktop Chrome'], viewport: { width: 1280, height: 800 } },
    },
    {
      name: 'mobile',
      // The multi-user journeys run once, on desktop (they take their own 390 px
      // screenshots); mobile checks layout.
      testIgnore: /(generate|social|video)\./,
      // Pixel-class phone at 390 px; Chromium only, like the desktop project.
      use: {
        ...devices['Desktop Chrome'],
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
      },
    },
  ],
  webServer: {
    command: `npm run preview -w web -- --host 127.0.0.1 --port ${port} --strictPort`,
    cwd: repo,
    url: baseURL,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
