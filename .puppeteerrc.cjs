// puppeteer's postinstall downloads Chrome. Skip that where a system Chromium is already installed
// (Debian's /usr/bin/chromium, as on our CI and offline machines) or when asked to; on a laptop
// without one, puppeteer's own Chrome is downloaded as usual and src/print/browser.ts finds it.
const { existsSync } = require('node:fs');

const systemBrowsers = [
  '/usr/bin/chromium-headless-shell',
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
];
const skip = process.env.PUPPETEER_SKIP_DOWNLOAD === 'true' || systemBrowsers.some((p) => existsSync(p));

module.exports = { skipDownload: skip };
