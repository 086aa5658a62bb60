import { defineConfig } from '@playwright/test';
import type { E2eOptions } from './test/e2e/fixtures';
import { electronProjectProblem } from './test/e2e/electron-app';

/**
 * E2E: the built renderer in Debian Chromium, talking to the real core through the
 * test host (test/host/server.ts). Build first: `npm run test:e2e` does
 * `electron-vite build && playwright test`.
 *
 * PERKDESK_CHROMIUM overrides the browser (e.g. Playwright's own Chromium on a laptop).
 *
 * The `electron` project runs the same specs against the built app with Playwright's
 * `_electron`, only when asked: `PERKDESK_E2E_ELECTRON=1 npm run test:e2e`. Asked on a
 * machine with no Electron binary, the run stops at once saying how to get one; not
 * asked, the project does not exist (no list of skipped tests).
 */
const chromium = process.env.PERKDESK_CHROMIUM ?? '/usr/bin/chromium';
const withElectron = process.env.PERKDESK_E2E_ELECTRON === '1';
if (withElectron) {
  const problem = electronProjectProblem();
  if (problem) throw new Error(problem);
}

export default defineConfig<E2eOptions>({
  testDir: 'test/e2e',
  testMatch: '*.spec.ts',
  // Playwright empties its outputDir on every run; screenshots live next to it
  // (test-results/screenshots) so they survive until the next run.
  outputDir: 'test-results/playwright',
  fullyParallel: false,
  workers: Number(process.env.PERKDESK_E2E_WORKERS ?? 1),
  // On CI a failed test runs once more: a test that passes then is reported "flaky" in the
  // list (and the html report keeps the failed try's trace) instead of failing the run on
  // a machine slower or faster than the one it was written on. Locally, no retries: a flake
  // shows up as the failure it is.
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  use: {
    viewport: { width: 1024, height: 768 },
    locale: 'en-US',
    timezoneId: 'Asia/Shanghai',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: chromium,
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
  projects: [
    { name: 'chromium', use: { target: 'host' } },
    ...(withElectron ? [{ name: 'electron', use: { target: 'electron' as const } }] : []),
  ],
});
