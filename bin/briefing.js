#!/usr/bin/env node
// The compiled CLI: dist/bundle/ (one bundle, fast to load: scripts/bundle.js), else dist/ as tsc
// compiled it. Both are made by `npm ci` (the prepare script) or `npm run compile`.
let cli;
try {
  cli = await import('../dist/bundle/main.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist/bundle/main.js')) throw error;
  cli = await import('../dist/cli/main.js');
}

// `briefing status | head`: a closed pipe is the reader's choice, not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await cli.main(process.argv.slice(2));
