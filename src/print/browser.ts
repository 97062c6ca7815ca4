// The only place that finds and launches a browser. Order: an explicit path from the environment,
// puppeteer's own downloaded Chrome, then a system Chromium/Chrome.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import puppeteer, { type Browser, type Page } from 'puppeteer';
import { BriefingError } from '../messages.js';
import { RULES } from '../rules.js';

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
        throw new BriefingError({
          file: `$${name}`,
          severity: 'error',
          message: `browser "${value}" from ${name} does not exist`,
          rule: RULES.printNoBrowser.id,
          fix: `point ${name} at a Chrome or Chromium executable, or unset it`,
        });
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
    rule: RULES.printNoBrowser.id,
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
let stopping = false;
/** Profile folders of the browsers this process started or is starting (ours, so we can remove them). */
const profiles = new Set<string>();

/**
 * For signal handlers: kill every browser this process started (its whole process group: renderers,
 * zygotes) and remove its profile folder, synchronously, so an interrupted build leaves nothing behind.
 * A browser still starting has no handle yet: puppeteer's own exit handler (registered when it spawned
 * it, so before ours) kills it when the process exits, and then ours removes its profile.
 */
export function killAllBrowsers(): void {
  // No browser may start after this: a print that sees its browser die would otherwise restart one.
  stopping = true;
  for (const browser of live) killTree(browser.process());
  live.clear();
  process.once('exit', () => [...profiles].forEach(removeProfile));
}

function killTree(child: ChildProcess | null): void {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  try {
    // puppeteer spawns Chromium detached (its own process group) everywhere but on Windows.
    process.kill(process.platform === 'win32' ? child.pid : -child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

function removeProfile(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 20 });
  } catch {
    // best effort: a folder in the system's temp directory
  }
  profiles.delete(dir);
}

export async function launchBrowser(choice: BrowserChoice = findBrowser()): Promise<Browser> {
  if (stopping)
    throw new BriefingError({
      file: choice.path,
      severity: 'error',
      message: 'stopping: no browser is started',
      rule: RULES.printStopping.id,
    });
  // One temp folder of ours holds the browser's profile and its TMPDIR (Chromium's shared-memory
  // files, which a killed browser leaves behind): removed when the browser exits, or by
  // killAllBrowsers. Ours rather than puppeteer's, whose name we would not know if a signal came
  // while the browser is starting.
  const profile = mkdtempSync(path.join(tmpdir(), 'briefing-chrome-'));
  profiles.add(profile);
  mkdirSync(path.join(profile, 'tmp'));
  try {
    const browser = await puppeteer.launch({
      userDataDir: path.join(profile, 'profile'),
      env: { ...process.env, TMPDIR: path.join(profile, 'tmp') },
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
    const child = browser.process();
    if (child && child.exitCode === null && child.signalCode === null) child.once('exit', () => removeProfile(profile));
    else removeProfile(profile);
    return browser;
  } catch (error) {
    removeProfile(profile);
    throw new BriefingError({
      file: choice.path,
      severity: 'error',
      message: `the browser did not start: ${String((error as Error).message).split('\n')[0]}`,
      rule: RULES.printLaunch.id,
      fix: 'check that it runs: `' + choice.path + ' --headless --version`, or set BRIEFING_BROWSER to another one',
    });
  }
}

/**
 * End a browser we are done with. Its profile is a throwaway folder, so there is nothing to save:
 * kill the process group and wait for the exit (about 0.2 s faster than a graceful Browser.close).
 */
export async function closeBrowser(browser: Browser | undefined): Promise<void> {
  if (!browser) return;
  const child = browser.process();
  if (!child || child.exitCode !== null || child.signalCode !== null) {
    await browser.close().catch(() => undefined);
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void browser.disconnect().catch(() => undefined);
  killTree(child);
  await exited;
}

/**
 * One build's browser, started early (while the Markdown pipeline runs) and replaced when it crashes
 * or hangs. Prints that share it ask for a restart with the generation they used, so one crash seen
 * by several concurrent prints restarts the browser once.
 */
export class BrowserSession {
  private current: Promise<Browser>;
  private generation = 0;
  /** A page opened while the Markdown pipeline runs. */
  private spare: Promise<Page | undefined> | undefined;

  constructor(private readonly choice: BrowserChoice = findBrowser()) {
    this.current = launchBrowser(choice);
    this.current.catch(() => undefined);
    this.spare = this.current.then((browser) => browser.newPage()).catch(() => undefined);
  }

  /** A page for one print: the warmed-up one first, then new ones. */
  async newPage(browser: Browser): Promise<Page> {
    const spare = this.spare;
    this.spare = undefined;
    const page = await spare;
    if (page && !page.isClosed() && page.browser() === browser) return page;
    return browser.newPage();
  }

  async browser(): Promise<{ browser: Browser; generation: number }> {
    const generation = this.generation;
    return { browser: await this.current, generation };
  }

  restart(generation: number): Promise<Browser> {
    if (generation === this.generation) {
      const old = this.current;
      this.generation += 1;
      this.current = old
        .catch(() => undefined)
        .then(closeBrowser)
        .then(() => launchBrowser(this.choice));
      this.current.catch(() => undefined);
    }
    return this.current;
  }

  async close(): Promise<void> {
    await closeBrowser(await this.current.catch(() => undefined));
  }
}

/** Run `work` with a fresh browser and always close it, whatever happens. */
export async function withBrowser<T>(work: (browser: Browser) => Promise<T>, launching?: Promise<Browser>): Promise<T> {
  const browser = await (launching ?? launchBrowser());
  try {
    return await work(browser);
  } finally {
    await closeBrowser(browser);
  }
}
