import { defineConfig, devices } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 3107);
export const E2E_BASE_URL = `http://localhost:${PORT}`;
export const E2E_DATA_DIR = '.recall-e2e';
export const E2E_ADMIN = { email: 'admin@e2e.test', password: 'e2e-admin-password' };
const FAKE_PROVIDER_PORT = Number(process.env.E2E_FAKE_PROVIDER_PORT ?? 3109);
/** The fake OpenAI-compatible provider the app is configured with; tests steer it with PUT /__behaviour. */
export const E2E_FAKE_PROVIDER = `http://127.0.0.1:${FAKE_PROVIDER_PORT}`;

// Playwright cannot download its browser here: use the system Chromium (Debian's `chromium`).
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const launchArgs = [
  '--no-sandbox', // CI runs as root
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  use: {
    baseURL: E2E_BASE_URL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: { executablePath, args: launchArgs },
  },
  projects: [
    { name: 'setup', testMatch: /auth\.setup\.ts/ },
    {
      name: 'chromium',
      use: { ...devices['Desktop Chrome'], storageState: 'tests/.auth/admin.json', launchOptions: { executablePath, args: launchArgs } },
      dependencies: ['setup'],
      testIgnore: /auth\.setup\.ts/,
    },
  ],
  webServer: [
  {
    command: 'npx tsx tests/e2e/support/fake-provider.ts',
    url: `${E2E_FAKE_PROVIDER}/v1/models`,
    timeout: 30_000,
    reuseExistingServer: false,
    env: { FAKE_PROVIDER_PORT: String(FAKE_PROVIDER_PORT) },
    gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
  },
  {
    // A fresh embedded database each run; `npm start` builds the app first when needed.
    command: `rm -rf ${E2E_DATA_DIR} && npx tsx scripts/start.ts`,
    url: `${E2E_BASE_URL}/api/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      PORT: String(PORT),
      RECALL_DATA_DIR: E2E_DATA_DIR,
      RECALL_ADMIN_EMAIL: E2E_ADMIN.email,
      RECALL_ADMIN_PASSWORD: E2E_ADMIN.password,
      DATABASE_URL: '',
      NEXT_PUBLIC_SUPABASE_URL: '',
      // The OpenAI-compatible generator is available (and fails on demand); runs default to offline in the tests that pick it.
      OPENAI_BASE_URL: `${E2E_FAKE_PROVIDER}/v1`,
      OPENAI_API_KEY: 'sk-e2e',
      RECALL_LLM_MODEL: 'fake-model',
    },
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
  },
  ],
});
