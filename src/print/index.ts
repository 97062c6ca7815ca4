// The print module's surface. Loaded lazily so `check` and HTML-only builds never load puppeteer.
export { BrowserSession, closeBrowser, findBrowser, killAllBrowsers, launchBrowser, withBrowser } from './browser.js';
export { bodiesKept, printEdition } from './pdf.js';
export { headFirst, headOf, printAgain } from './page.js';
export { bodyAhead } from './prepared-chapters.js';
export { keepPrintHead, lastPrintHead } from './head-cache.js';
export { pageCacheText, readPageCache } from './pagination.js';
export { DiskPartCache, MemoryPartCache } from './part-cache.js';
export { printInParts } from './parts.js';
