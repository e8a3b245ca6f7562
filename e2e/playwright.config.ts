import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';

/**
 * Browser tests against the production build of the web app.
 *
 * Nothing is built here: run `npm run build -w web` first. The web server is
 * `vite preview` of that build on a port of its own, so a running dev server
 * or `npm start` never answers in its place.
 */
const repo = path.resolve(import.meta.dirname, '..');
const port = Number(process.env.PHOENIX_E2E_PORT ?? 4273);
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
  workers: process.env.CI ? 2 : undefined,
  timeout: 30_000,
  expect: { timeout: 5_000 },
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
    command: `npm run preview -w web -- --port ${port} --strictPort`,
    cwd: repo,
    url: baseURL,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
