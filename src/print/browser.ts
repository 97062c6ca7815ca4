// The only place that finds and launches a browser. Order: an explicit path from the environment,
// puppeteer's own downloaded Chrome, then a system Chromium/Chrome.
import { existsSync } from 'node:fs';
import puppeteer, { type Browser } from 'puppeteer';
import { BriefingError } from '../messages.js';

export const BROWSER_ENV = ['BRIEFING_BROWSER', 'PUPPETEER_EXECUTABLE_PATH'] as const;
export const SYSTEM_BROWSERS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

/** Flags that need no network, no GPU and no first-run UI: what works offline, in CI and as root. */
export const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

export interface BrowserChoice {
  path: string;
  source: 'environment' | 'puppeteer' | 'system';
}

export function findBrowser(
  env: NodeJS.ProcessEnv = process.env,
  puppeteerPath: () => string = defaultPuppeteerPath,
  systemBrowsers: readonly string[] = SYSTEM_BROWSERS,
): BrowserChoice {
  for (const name of BROWSER_ENV) {
    const value = env[name];
    if (value) {
      if (!existsSync(value)) {
        throw new BriefingError({ file: `$${name}`, severity: 'error', message: `browser "${value}" from ${name} does not exist`, rule: 'print:no-browser', fix: `point ${name} at a Chrome or Chromium executable, or unset it` });
      }
      return { path: value, source: 'environment' };
    }
  }
  const downloaded = puppeteerPath();
  if (downloaded && existsSync(downloaded)) return { path: downloaded, source: 'puppeteer' };
  const system = systemBrowsers.find((p) => existsSync(p));
  if (system) return { path: system, source: 'system' };
  throw new BriefingError({
    file: 'browser',
    severity: 'error',
    message: 'no Chrome or Chromium found to print the PDF',
    rule: 'print:no-browser',
    fix: 'install one with `apt-get install chromium` (Debian/Ubuntu) or `npx puppeteer browsers install chrome`, or set BRIEFING_BROWSER=/path/to/chrome',
  });
}

function defaultPuppeteerPath(): string {
  try {
    // With no PUPPETEER_EXECUTABLE_PATH set this is the Chrome that puppeteer's install downloaded.
    return puppeteer.executablePath();
  } catch {
    return '';
  }
}

const live = new Set<Browser>();

/** For signal handlers: kill every browser this process started, synchronously enough to not leak. */
export function killAllBrowsers(): void {
  for (const browser of live) browser.process()?.kill('SIGKILL');
  live.clear();
}

export async function launchBrowser(choice: BrowserChoice = findBrowser()): Promise<Browser> {
  try {
    const browser = await puppeteer.launch({
      executablePath: choice.path,
      headless: true,
      args: LAUNCH_ARGS,
      // Chromium's default handlers would outlive us on Ctrl-C; the CLI closes the browser itself.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      protocolTimeout: 60_000,
    });
    live.add(browser);
    browser.once('disconnected', () => live.delete(browser));
    return browser;
  } catch (error) {
    throw new BriefingError({ file: choice.path, severity: 'error', message: `the browser did not start: ${String((error as Error).message).split('\n')[0]}`, rule: 'print:launch', fix: 'check that it runs: `' + choice.path + ' --headless --version`, or set BRIEFING_BROWSER to another one' });
  }
}

/** Run `work` with a fresh browser and always close it, whatever happens. */
export async function withBrowser<T>(work: (browser: Browser) => Promise<T>, launching?: Promise<Browser>): Promise<T> {
  const browser = await (launching ?? launchBrowser());
  try {
    return await work(browser);
  } finally {
    await browser.close().catch(() => browser.process()?.kill('SIGKILL'));
  }
}
