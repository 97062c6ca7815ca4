import { defineConfig, type Plugin } from 'vitest/config';

/**
 * Unit tests that need a module graph (and V8 state) of their own, each said why. None at present: every
 * unit test shares one per worker (`isolate: false`), importing the stages once instead of once per
 * file. A test that mocks a module or stops one for good loads its own instance of the module under
 * test instead (an import with a query, under vi.doMock: output, artifacts-in-turn, interrupted-writes).
 * Files listed here run after all the shared ones (projects in name order), each in a worker started
 * then: with the three this list held, the run ended 1.3 s after the last shared file (load 10).
 */
const ISOLATED: string[] = [];

/**
 * Dependencies as the CLI runs them. Vite resolves package exports with the `development` condition
 * (vitest passes it to its workers as `--conditions development`), which gives micromark, its
 * extensions and mdast-util-from-markdown their debug builds (assertions, `debug` calls): parsing the
 * review took 190 ms there against 120 ms in the builds `node` loads. Dropped here, tests run the code
 * that ships.
 */
const shippedBuilds: Plugin = {
  name: 'briefing:shipped-builds',
  configResolved(config) {
    const conditions = config.ssr.resolve?.conditions;
    if (conditions) conditions.splice(0, conditions.length, ...conditions.filter((c) => !c.includes('development')));
  },
};

export default defineConfig({
  plugins: [shippedBuilds],
  test: {
    // End-to-end tests each start Chromium; on 2 cores running more at once only slows them down.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Transformed modules kept between runs (node_modules/.experimental-vitest-cache, keyed by content):
    // ~2 s of the unit suite's 19–20 s of CPU on 2 cores went to transforming the same TypeScript again.
    experimental: { fsModuleCache: true },
    // A temporary folder for the run, removed at its end (tests/support/temp-root.ts).
    globalSetup: ['tests/support/temp-root.ts'],
    // As bin/briefing.js does for a build: a test worker runs most code a few times, and at V8's own
    // threshold its optimizing compiler spent more CPU on background threads than the optimized code
    // saved (the unit suite's CPU 18–20.5 → 13–15.5 s, three runs each in turns).
    execArgv: ['--interrupt-budget=1000000'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], exclude: ISOLATED, isolate: false },
      },
      { extends: true, test: { name: 'unit-isolated', include: ISOLATED } },
      { extends: true, test: { name: 'e2e', include: ['tests/e2e/**/*.test.ts', 'tests/content/**/*.test.ts'] } },
    ],
  },
});
