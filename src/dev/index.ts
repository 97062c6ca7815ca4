// The dev loop as a module: what `briefing dev` starts, for scripts that drive it in process
// (scripts/bench/preview-rebuild.js). Bundled like the CLI (scripts/bundle.js), so such a script
// times the code `briefing dev` runs: tsc's dist/ walks trees ~1.7 × slower (see unnamed-visits).
export { createPreview } from './preview.js';
export { startDevServer } from './server.js';
export { closeBrowser, launchBrowser } from '../print/browser.js';
