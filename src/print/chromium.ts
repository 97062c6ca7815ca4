// Find and start Chromium without loading puppeteer: the CLI spawns the browser first thing, so its
// 0.5 s start overlaps the loading of every other module. Chromium talks DevTools over two pipes
// (--remote-debugging-pipe: fd 3 in, fd 4 out, messages ended by NUL), which needs no port and no
// WebSocket library; browser.ts connects puppeteer-core to it.
import { spawn, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  type Stats,
} from 'node:fs';
import { rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { readRegularFile } from '../cache.js';
import { BriefingError } from '../messages.js';
import { isPrivateFolder, privateDir } from '../private-dir.js';
import { RULES } from '../rules.js';

export const BROWSER_ENV = ['BRIEFING_BROWSER', 'PUPPETEER_EXECUTABLE_PATH'] as const;
export const SYSTEM_BROWSERS = [
  // Chromium's headless shell first: the same Blink and Skia without the browser's UI layers, what
  // puppeteer itself runs for `headless: 'shell'`. Measured on the review (2 cores): ready 0.6 s
  // sooner, the same print HTML loaded 0.45 s sooner and printed 0.6 s sooner than full Chromium.
  '/usr/bin/chromium-headless-shell',
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

/**
 * Flags that need no network, no GPU and no first-run UI (what works offline, in CI and as root),
 * plus the defaults puppeteer.launch() would add that matter to us: tagged PDF export, an sRGB colour
 * profile, no throttling of a page nobody looks at.
 */
export const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--disable-renderer-backgrounding',
  '--disable-breakpad',
  '--disable-crash-reporter',
  '--disable-default-apps',
  '--disable-dev-shm-usage',
  '--disable-extensions',
  '--disable-hang-monitor',
  '--disable-ipc-flooding-protection',
  '--disable-popup-blocking',
  '--export-tagged-pdf',
  '--force-color-profile=srgb',
  '--hide-scrollbars',
  '--mute-audio',
  '--password-store=basic',
  '--use-mock-keychain',
  '--metrics-recording-only',
  // The headless shell otherwise lays text out on screen with hinted (whole-pixel) glyph advances and
  // prints it with fractional ones: lines measured before printing (soft hyphens, see hyphens.ts)
  // would break elsewhere on paper. Unhinted everywhere, the page measured is the page printed.
  '--font-render-hinting=none',
];

export interface BrowserChoice {
  path: string;
  source: 'environment' | 'puppeteer' | 'system';
}

export function findBrowser(
  env: NodeJS.ProcessEnv = process.env,
  puppeteerPath: () => string = () => puppeteerChrome(env),
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
    fix: 'install one with `apt-get install chromium-headless-shell` (Debian; or `chromium`) or `npx puppeteer browsers install chrome-headless-shell`, or set BRIEFING_BROWSER=/path/to/chrome',
  });
}

/**
 * The browser that `npx puppeteer browsers install chrome-headless-shell` (or `… chrome`, or puppeteer's
 * postinstall) downloaded: `<cache>/<browser>/<platform>-<version>/…`, cache = $PUPPETEER_CACHE_DIR or
 * ~/.cache/puppeteer; the headless shell before Chrome (faster to start and to print, see
 * SYSTEM_BROWSERS), the newest version of each first (what puppeteer itself would pick is the
 * version it pins; any installed one prints the same way). Found by listing folders: importing
 * puppeteer to ask it costs 0.25 s of every build.
 */
export function puppeteerChrome(env: NodeJS.ProcessEnv = process.env): string {
  const cache = env.PUPPETEER_CACHE_DIR || path.join(homedir(), '.cache', 'puppeteer');
  const layouts: Record<string, Array<{ browser: string; tails: string[][] }>> = {
    linux: [
      { browser: 'chrome-headless-shell', tails: [['chrome-headless-shell-linux64', 'chrome-headless-shell']] },
      { browser: 'chrome', tails: [['chrome-linux64', 'chrome']] },
    ],
    darwin: [
      {
        browser: 'chrome-headless-shell',
        tails: ['x64', 'arm64'].map((arch) => [`chrome-headless-shell-mac-${arch}`, 'chrome-headless-shell']),
      },
      {
        browser: 'chrome',
        tails: ['x64', 'arm64'].map((arch) => [
          `chrome-mac-${arch}`,
          'Google Chrome for Testing.app',
          'Contents',
          'MacOS',
          'Google Chrome for Testing',
        ]),
      },
    ],
    win32: [
      { browser: 'chrome-headless-shell', tails: [['chrome-headless-shell-win64', 'chrome-headless-shell.exe']] },
      { browser: 'chrome', tails: [['chrome-win64', 'chrome.exe']] },
    ],
  };
  const byVersion = (a: string, b: string) => b.localeCompare(a, 'en', { numeric: true });
  for (const { browser, tails } of layouts[process.platform] ?? []) {
    let versions: string[];
    try {
      versions = readdirSync(path.join(cache, browser));
    } catch {
      continue;
    }
    for (const version of versions.sort(byVersion)) {
      for (const tail of tails) {
        const file = path.join(cache, browser, version, ...tail);
        if (existsSync(file)) return file;
      }
    }
  }
  return '';
}

export interface Chromium {
  choice: BrowserChoice;
  child: ChildProcess;
  /** Our throwaway folder: the profile and Chromium's TMPDIR (removed when the browser exits). */
  profile: string;
  /** Every page in the one renderer (`--single-process`): one print at a time (SpawnOptions). */
  singleProcess: boolean;
  /** DevTools messages to the browser (fd 3) and from it (fd 4). */
  toBrowser: Writable;
  fromBrowser: Readable;
  /** Resolves when the process has exited (or failed to start). */
  exited: Promise<void>;
  /** What the browser said on stderr, for an error message when it dies at start. */
  stderr(): string;
}

const started = new Set<Chromium>();
const PROFILE_PREFIX = 'briefing-chrome-';
const OWNER_FILE = 'owner.pid';

/**
 * A run killed with SIGKILL cannot clean up: its Chromium (in its own process group) may live on and
 * its profile folder stays behind. The next run that starts a browser removes the folders whose
 * owner process is gone, after killing any browser still running from one (Linux: /proc). Only
 * folders this user's Briefing made are looked at: they live in our private folder
 * (src/private-dir.ts), never the shared temp folder where anyone can plant one; and only our own
 * processes started with exactly that profile (`--user-data-dir=<folder>/profile`) are killed.
 */
export function removeLeftoverProfiles(dir = privateDir()): string[] {
  if (swept.has(dir)) return [];
  swept.add(dir);
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.startsWith(PROFILE_PREFIX));
  } catch {
    return removed;
  }
  for (const name of names) {
    const folder = path.join(dir, name);
    if (!isPrivateFolder(lstatOrUndefined(folder))) continue;
    const owner = Number(readRegularFile(path.join(folder, OWNER_FILE), 32)?.toString('utf8'));
    // No owner file: one being made right now; left alone.
    if (!Number.isInteger(owner) || owner <= 0 || owner === process.pid || isAlive(owner)) continue;
    for (const pid of browsersUsing(folder)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    removeProfile(folder);
    removed.push(folder);
  }
  return removed;
}

const swept = new Set<string>();

function lstatOrUndefined(p: string): Stats | undefined {
  try {
    return lstatSync(p);
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Our processes started with this profile folder (Chromium and its helpers, via --user-data-dir). */
function browsersUsing(folder: string): number[] {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((n) => /^\d+$/.test(n));
  } catch {
    return [];
  }
  const flag = `--user-data-dir=${path.join(folder, 'profile')}`;
  return pids.flatMap((pid) => {
    try {
      if (statSync(`/proc/${pid}`).uid !== process.getuid?.()) return [];
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      return args.includes(flag) ? [Number(pid)] : [];
    } catch {
      return [];
    }
  });
}
const removals = new WeakMap<Chromium, Promise<void>>();
let stopping = false;

/** Start Chromium with DevTools on pipes, in its own process group (so it can be killed as a whole). */
export interface SpawnOptions {
  /**
   * The renderer in the browser's own process (`--single-process`): no renderer process to start,
   * so on 2 cores the print page is ready about 0.15 s sooner (the review, with the CLI's pipeline
   * running beside it; same bytes printed). One renderer for every page, so one print at a time:
   * the CLI asks for it, and a build of several locales prints them in two such browsers (build.ts
   * printLanes), which took less CPU than one browser with a renderer per locale.
   * A browser restarted after a crash is an ordinary one.
   */
  singleProcess?: boolean;
}

export function spawnChromium(choice: BrowserChoice = findBrowser(), options: SpawnOptions = {}): Chromium {
  if (stopping)
    throw new BriefingError({
      file: choice.path,
      severity: 'error',
      message: 'stopping: no browser is started',
      rule: RULES.printStopping.id,
    });
  removeLeftoverProfiles();
  const profile = mkdtempSync(path.join(privateDir(), PROFILE_PREFIX));
  mkdirSync(path.join(profile, 'tmp'));
  // Who owns the folder: a later run removes it (and kills its browser) once this process is gone.
  writeFileSync(path.join(profile, OWNER_FILE), String(process.pid));
  const child = spawn(
    choice.path,
    [
      ...LAUNCH_ARGS,
      // (A single process starts no renderer: its zygotes, two processes of ~15 MB each, would serve nothing.)
      ...(options.singleProcess ? ['--single-process', '--no-zygote'] : []),
      '--remote-debugging-pipe',
      `--user-data-dir=${path.join(profile, 'profile')}`,
      'about:blank',
    ],
    {
      // Chromium's shared-memory files go to our folder, which a killed browser would otherwise leave in /tmp.
      env: { ...process.env, TMPDIR: path.join(profile, 'tmp') },
      detached: process.platform !== 'win32',
      stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    if (stderr.length < 4000) stderr += chunk;
  });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  const chromium: Chromium = {
    choice,
    child,
    profile,
    singleProcess: options.singleProcess === true,
    toBrowser: child.stdio[3] as Writable,
    fromBrowser: child.stdio[4] as Readable,
    exited,
    stderr: () => stderr,
  };
  // A spawn error (not executable) arrives as an event; without a listener it would be thrown.
  child.on('error', () => undefined);
  chromium.toBrowser.on('error', () => undefined);
  chromium.fromBrowser.on('error', () => undefined);
  started.add(chromium);
  // Removed off the main thread (a profile is a few hundred files), while the PDF is finished.
  removals.set(
    chromium,
    exited.then(async () => {
      await rm(profile, { recursive: true, force: true, maxRetries: 3, retryDelay: 20 }).catch(() => undefined);
      started.delete(chromium);
    }),
  );
  return chromium;
}

/** Kill a browser's whole process group (renderers, zygotes) and wait until it is gone. */
export async function killChromium(chromium: Chromium): Promise<void> {
  killTree(chromium.child);
  await chromium.exited;
  await removals.get(chromium);
}

/**
 * For signal handlers: kill every browser this process started, synchronously, and remove their
 * profile folders, so an interrupted build leaves nothing behind. No browser starts after this.
 */
export function killAllChromiums(): void {
  stopping = true;
  for (const chromium of started) killTree(chromium.child);
  const profiles = [...started].map((c) => c.profile);
  process.once('exit', () => profiles.forEach(removeProfile));
}

function killTree(child: ChildProcess): void {
  if (!child.pid || child.exitCode !== null || child.signalCode !== null) return;
  try {
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
}
