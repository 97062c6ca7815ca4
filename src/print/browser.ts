// The only place that launches a browser for puppeteer: Chromium is started by chromium.ts (found
// there: environment, puppeteer's downloaded Chrome, then a system Chromium) and puppeteer-core
// connects to it over DevTools pipes. puppeteer-core is all we need: the full puppeteer package only
// adds its browser download and configuration loading, 0.05 s more to import.
import type { Browser, ConnectionTransport, ConnectOptions, Page } from 'puppeteer-core';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { BriefingError } from '../messages.js';
import {
  findBrowser,
  killAllChromiums,
  killChromium,
  spawnChromium,
  type BrowserChoice,
  type Chromium,
} from './chromium.js';
import { RULES } from '../rules.js';
import { trace } from '../trace.js';
import { openPrintPage, VIEWPORT, type PrintPage } from './page.js';
import { traceBrowser, traceWritten } from './browser-trace.js';

export { BROWSER_ENV, findBrowser, LAUNCH_ARGS, SYSTEM_BROWSERS, type BrowserChoice } from './chromium.js';

const processes = new WeakMap<Browser, Chromium>();

export { VIEWPORT } from './page.js';

/**
 * Seconds one print of an edition may take before the browser is deemed hung (BRIEFING_PRINT_TIMEOUT).
 * By default 120 s, and 30 s more for each million characters of print HTML beyond the first: a
 * 1,000-page edition (~5 MB) took 130 s on a loaded 2-core machine, and a hung browser is still found.
 */
export function printTimeout(env: NodeJS.ProcessEnv = process.env, htmlLength = 0): number {
  const seconds = Number(env.BRIEFING_PRINT_TIMEOUT);
  if (Number.isFinite(seconds) && seconds > 0) return seconds;
  return 120 + Math.ceil(Math.max(0, htmlLength - 1_000_000) / 1_000_000) * 30;
}

/** The Chromium process behind a browser we launched (for tests that crash it on purpose). */
export function browserProcess(browser: Browser): ChildProcess | undefined {
  return processes.get(browser)?.child;
}

/** For signal handlers: kill every browser this process started and remove its profile folder. */
export function killAllBrowsers(): void {
  killAllChromiums();
}

/**
 * Launch: spawn Chromium (or take one spawned earlier, see startChromium) and connect puppeteer-core
 * to its pipes. A browser that dies or cannot run becomes an error that says which one and how to check it.
 */
export async function launchBrowser(from: BrowserChoice | Chromium = findBrowser()): Promise<Browser> {
  const chromium = 'child' in from ? from : spawnChromium(from);
  try {
    return await connectTo(chromium);
  } catch (error) {
    // Chromium now and then exits before its DevTools answer (its zygote's last words "write: Broken
    // pipe"; two builds in a few hundred here): started once more before that is the build's error.
    if (!diedAtStart.has(error as object)) throw error;
    trace(`browser exited at its start (${(error as Error).message.split('\n')[0]}): started once more`);
    try {
      return await connectTo(spawnChromium(chromium.choice, { singleProcess: chromium.singleProcess }));
    } catch {
      throw error;
    }
  }
}

/**
 * The browser's version (part of the settled hyphens' and prepared bodies' keys), asked once per
 * browser: puppeteer asks it again on every call, a round trip before the edition goes into the page.
 */
export function browserVersion(browser: Browser): Promise<string> {
  let version = versions.get(browser);
  if (!version) versions.set(browser, (version = browser.version()));
  return version;
}

const versions = new WeakMap<Browser, Promise<string>>();

/** Launch errors of a browser that exited by itself before DevTools connected (not killed, not refused). */
const diedAtStart = new WeakSet<object>();

/** puppeteer-core connected to a spawned Chromium's pipes; a browser that dies first is an error naming it. */
async function connectTo(chromium: Chromium): Promise<Browser> {
  const connect = await cdpConnector().catch(async (error: unknown) => {
    await killChromium(chromium);
    throw error;
  });
  const died = chromium.exited.then(() => {
    throw new Error(chromium.stderr().trim().split('\n').at(-1) || `exit code ${String(chromium.child.exitCode)}`);
  });
  try {
    const browser = await Promise.race([
      connect({
        transport: pipeTransport(chromium),
        defaultViewport: VIEWPORT,
        // Never shorter than a whole print may take: one long step of a long edition (the word
        // spaces of 924 pages on a loaded machine) outlasted 60 s and cost a restart and a reprint.
        protocolTimeout: Math.max(60, printTimeout()) * 1000,
      }),
      died,
    ]);
    processes.set(browser, chromium);
    // Asked now, while this process runs the Markdown pipeline: the print asks for it (browserVersion).
    void browserVersion(browser).catch(() => undefined);
    await traceBrowser(browser);
    return browser;
  } catch (error) {
    // Its pipe may close a moment before its exit is seen: a browser that is exiting by itself ends soon.
    const exited = await Promise.race([chromium.exited.then(() => true), delay(250).then(() => false)]);
    await killChromium(chromium);
    const launchError = new BriefingError({
      file: chromium.choice.path,
      severity: 'error',
      message: `the browser did not start: ${String((error as Error).message).split('\n')[0]}`,
      rule: RULES.printLaunch.id,
      fix:
        'check that it runs: `' +
        chromium.choice.path +
        ' --headless --version`, or set BRIEFING_BROWSER to another one',
    });
    if (exited) diedAtStart.add(launchError);
    throw launchError;
  } finally {
    died.catch(() => undefined);
  }
}

type Connect = (options: ConnectOptions & { transport: ConnectionTransport }) => Promise<Browser>;

/**
 * puppeteer-core's connect(), from its DevTools connector alone. The package's entry module loads
 * all of puppeteer (launchers, the browser downloader, WebDriver BiDi): about 0.2 s of every build,
 * against 0.1 s for the connector, which is all a Chromium we started ourselves needs. It is
 * puppeteer's internal module (the lock file pins it; tests/unit/browser.test.ts checks it is
 * there): should it move, the public connect() is used.
 */
export async function cdpConnector(): Promise<Connect> {
  try {
    // Typed by hand: its declarations name the internal classes, not the public Browser.
    const internal = (await import('puppeteer-core/internal/cdp/BrowserConnector.js')) as {
      _connectToCdpBrowser?: unknown;
    };
    // What puppeteer-core's entry module would have set up: Node's fs and path, for the page
    // methods that write files (screenshot({ path }), pdf({ path })).
    const { environment } = (await import('puppeteer-core/internal/environment.js')) as {
      environment?: { value: unknown };
    };
    if (environment && typeof internal._connectToCdpBrowser === 'function') {
      environment.value = {
        fs,
        path,
        get ScreenRecorder(): never {
          throw new Error('screencasts are not available through Briefing');
        },
      };
      const connectCdp = internal._connectToCdpBrowser as (
        transport: ConnectionTransport,
        url: string,
        options: ConnectOptions,
      ) => Promise<Browser>;
      return (options) => connectCdp(options.transport, 'pipe:', options);
    }
  } catch {
    // moved or renamed in this puppeteer-core
  }
  return (await import('puppeteer-core')).connect;
}

/** DevTools over Chromium's pipes: JSON messages, each ended by a NUL byte. */
function pipeTransport(chromium: Chromium): ConnectionTransport {
  const pending: Buffer[] = [];
  let closed = false;
  const transport: ConnectionTransport = {
    send(message) {
      if (!closed) chromium.toBrowser.write(`${message}\0`);
    },
    close() {
      closed = true;
    },
  };
  chromium.fromBrowser.on('data', (chunk: Buffer) => {
    let start = 0;
    for (let end = chunk.indexOf(0); end !== -1; end = chunk.indexOf(0, start)) {
      pending.push(chunk.subarray(start, end));
      const message = Buffer.concat(pending).toString('utf8');
      pending.length = 0;
      start = end + 1;
      if (!closed) transport.onmessage?.(message);
    }
    if (start < chunk.length) pending.push(chunk.subarray(start));
  });
  chromium.fromBrowser.once('close', () => {
    if (!closed) transport.onclose?.();
    closed = true;
  });
  return transport;
}

/**
 * End a browser we are done with. Its profile is a throwaway folder, so there is nothing to save:
 * kill the process group and wait for the exit (about 0.2 s faster than a graceful Browser.close).
 */
export async function closeBrowser(browser: Browser | undefined): Promise<void> {
  if (!browser) return;
  const chromium = processes.get(browser);
  if (!chromium) {
    await browser.close().catch(() => undefined);
    return;
  }
  await traceWritten(browser).catch(() => undefined);
  void browser.disconnect().catch(() => undefined);
  await killChromium(chromium);
}

/**
 * One build's browser, started early (while the Markdown pipeline runs) and replaced when it crashes
 * or hangs. Prints that share it ask for a restart with the generation they used, so one crash seen
 * by several concurrent prints restarts the browser once.
 */
/** What a browser started beside the first is for (BrowserSession sideBrowser). */
export type SideRole = 'beside' | 'heads';

export class BrowserSession {
  private current: Promise<Browser>;
  private generation = 0;
  /** A page opened while the Markdown pipeline runs. */
  private spare: Promise<Page | undefined> | undefined;
  /** The first browser is connected (a page can be opened in a few round trips). */
  connected = false;
  /** The first browser's pages share one renderer (chromium.ts, singleProcess): one print at a time. */
  readonly sharedRenderer: boolean;
  /**
   * Browsers may be started beside this one for its prints (sideBrowser: a cold build's groups of
   * chapters, the running heads): not when the build prints in several lanes (`lane`), whose
   * renderers already take the other core.
   */
  sidesWanted: boolean;

  private readonly choice: BrowserChoice;
  /** The browsers started beside the first, by their role (sideBrowser). */
  private readonly sides = new Map<SideRole, Promise<Browser>>();

  /** `early`: a Chromium already spawned (the CLI starts one before it loads anything else). */
  constructor(early: BrowserChoice | Chromium = findBrowser()) {
    this.choice = 'child' in early ? early.choice : early;
    this.sharedRenderer = 'child' in early && early.singleProcess;
    this.sidesWanted = this.sharedRenderer;
    this.current = launchBrowser(early);
    this.current
      .then(() => {
        this.connected = true;
        trace('browser connected');
      })
      .catch(() => undefined);
    // The page Chromium opened at start (about:blank) has its renderer running already: a new page
    // would start another process first (about 0.2 s on 2 cores).
    // (Bounded: should listing the pages not answer in a second, a new one is opened.)
    this.spare = this.current
      .then(async (browser) => {
        const initial = await Promise.race([
          browser.pages().then((pages) => pages[0]),
          delay(1000, undefined, { ref: false }),
        ]);
        return initial ?? browser.newPage();
      })
      .catch(() => undefined);
  }

  /** A page for one print: the warmed-up one first, then new ones. */
  async newPage(browser: Browser): Promise<Page> {
    const spare = this.spare;
    this.spare = undefined;
    const page = await spare;
    if (page && !page.isClosed() && page.browser() === browser) return page;
    return browser.newPage();
  }

  /**
   * A print page opened now (the warmed-up one first), with `head` loaded ahead of time (page.ts);
   * undefined when the browser failed (the print then opens its own page and reports why).
   * `issued` resolves once Chromium has the head (or failed): from then on it loads it by itself.
   */
  preparePage(
    label: string,
    head: string | Promise<string> = '',
  ): { page: Promise<PrintPage | undefined>; issued: Promise<void> } {
    let issue = () => {};
    const issued = new Promise<void>((resolve) => (issue = resolve));
    const page = this.current
      .then((browser) => this.newPage(browser))
      .then((page) => openPrintPage(page, label, head, issue))
      .catch(() => undefined)
      .finally(issue);
    return { page, issued };
  }

  async browser(): Promise<{ browser: Browser; generation: number }> {
    const generation = this.generation;
    return { browser: await this.current, generation };
  }

  /**
   * A single-process browser of its own for `role`, started on first use, so that its work runs beside
   * the print page's in a renderer of its own (on two cores the one renderer of the first leaves the
   * other idle): `beside`, a cold build's groups of chapters (prepared-chapters.ts); `heads`, the
   * running heads printed while the print page prints the edition's last pass (pdf.ts headsBesideOf).
   * Ended by `closeSide` (or `close`).
   */
  sideBrowser(role: SideRole): Promise<Browser> {
    let browser = this.sides.get(role);
    if (!browser) {
      browser = Promise.resolve().then(() => launchBrowser(spawnChromium(this.choice, { singleProcess: true })));
      this.sides.set(role, browser);
    }
    return browser;
  }

  /**
   * A session of its own single-process browser, started now, for some of a build's locales (build.ts
   * printLanes): its prints run beside this browser's in a renderer of their own. Two single-process
   * browsers took less CPU than one browser with a renderer per locale (the review's three locales,
   * warm: whole tree ~2.45 against ~2.6 s), and locales that share one keep its decoded fonts.
   */
  lane(): BrowserSession {
    this.sidesWanted = false;
    const lane = new BrowserSession(spawnChromium(this.choice, { singleProcess: true }));
    lane.sidesWanted = false;
    return lane;
  }

  /** The browser of `role` ended, if one was started. */
  async closeSide(role: SideRole): Promise<void> {
    const browser = this.sides.get(role);
    this.sides.delete(role);
    if (browser) await closeBrowser(await browser.catch(() => undefined));
  }

  private closeSides(): Promise<void[]> {
    return Promise.all([...this.sides.keys()].map((role) => this.closeSide(role)));
  }

  restart(generation: number): Promise<Browser> {
    if (generation === this.generation) {
      void this.closeSides();
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
    await Promise.all([this.closeSides(), closeBrowser(await this.current.catch(() => undefined))]);
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
