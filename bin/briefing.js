#!/usr/bin/env node
// The compiled CLI: dist/bundle/ (one bundle, fast to load: scripts/bundle.js), as scripts with their
// code cached when it may (src/script-bundle.ts), else as ES modules; else dist/ as tsc compiled it.
// All are made by `npm ci` (the prepare script) or `npm run compile`.
import { setFlagsFromString } from 'node:v8';

// A command is one short process. At V8's own threshold (66 kB of bytecode run) its optimizing
// compiler compiles the per-node render and PDF functions on background threads, and that compiling
// cost more CPU than the optimized code saved before the process ended: ~0.4 s of a 300-citation
// report's build (docs/CITATIONS.md). About 15 times that: hot code is still optimized, later.
// Set before the CLI's code is loaded; a `node --interrupt-budget=…` of the caller's stays. Not for
// `dev`, a long process: its rebuilds ran ~5 % faster at V8's own threshold (20 × the review).
const BUDGET = '--interrupt-budget=1000000';
const budgeted = process.argv[2] !== 'dev' && !process.execArgv.some((flag) => flag.startsWith('--interrupt-budget'));
if (budgeted) setFlagsFromString(BUDGET);

let cli;
try {
  cli = (await scripts())?.load('main.js') ?? (await import('../dist/bundle/main.js'));
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist/bundle/main.js')) throw error;
  cli = await import('../dist/cli/main.js');
}

/** The bundle as scripts with their code cached, if this process may run it so (its cache was made under BUDGET). */
async function scripts() {
  let loader;
  try {
    loader = await import('../dist/script-bundle.js');
  } catch {
    return undefined;
  }
  return loader.scriptBundle(loader.BUNDLE_DIR, budgeted ? BUDGET : '');
}

// `briefing status | head`: a closed pipe is the reader's choice, not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await cli.main(process.argv.slice(2));
