import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/data-key.ts'],
    // Each worker holds its own embedded database (~300 MB); two cores, two workers.
    pool: 'forks',
    maxWorkers: 2,
    // A worker runs its files one after another in one process, instead of a fresh process per
    // file: PGlite's and Prisma's WASM stay compiled and V8 stays warm. On ten integration files
    // at load 15 this took the run from 187 s to 71 s. Files share module state, so a test that
    // changes something global (a spy, an env variable, the keyring) restores it afterwards.
    isolate: false,
    // Nets for a hang, not speed checks (that is `npm run bench`): a test must pass with every
    // core busy (`npm run test:busy`), where 30 s was not always enough for a filing and a sweep,
    // and at a load average of 30 on two cores 120 s was not enough for one lifecycle story
    // (lifecycle-escalations, 143 s) or one chart render (chart.test).
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
