// `briefing dev`: serve the web edition on localhost, rebuild on every change under the content and
// templates folders, and tell open pages to reload (Server-Sent Events). Errors become an overlay.
import http from 'node:http';
import path from 'node:path';
import { watchTree, type TreeWatcher } from './watch.js';
import type { AddressInfo } from 'node:net';
import { BriefingError, type Diagnostic } from '../messages.js';
import { RULES } from '../rules.js';
import { trace } from '../trace.js';
import { devPage, type DevState } from './inject.js';
import { EVENTS_PATH } from './protocol.js';
import type { Preview, PreviewResult } from './preview.js';
import { createPrintView, type PrintView } from './print-preview.js';

export interface DevServerOptions {
  preview: Preview;
  port: number;
  host?: string;
  /** One line per rebuild, for the terminal. */
  log: (line: string) => void;
  /** Diagnostics of a rebuild (warnings and errors), for the terminal. */
  report: (diagnostics: Diagnostic[]) => void;
}

export interface DevServer {
  url: string;
  /** The print view at /print (its own module). */
  print: PrintView;
  /** Resolves after the build that follows the latest change (for tests and callers). */
  settled(): Promise<PreviewResult>;
  close(): Promise<void>;
}

const DEBOUNCE_MS = 40;

const LOCAL_HOST = /^(?:localhost|127\.0\.0\.1|\[::1\])(?::\d{1,5})?$/i;

/** Only requests addressed to this machine by name or loopback address are answered. */
export function isLocalHost(host: string | undefined): boolean {
  return host !== undefined && LOCAL_HOST.test(host);
}

/** The request target as a URL, or undefined when it cannot be one (`http://x:99999/` in absolute form). */
function parseRequestUrl(target: string | undefined): URL | undefined {
  try {
    const url = new URL(target ?? '/', 'http://localhost');
    return url;
  } catch {
    return undefined;
  }
}

export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const { preview, log, report } = options;
  const clients = new Set<http.ServerResponse>();
  const print = createPrintView({
    broadcast: (event, data) => {
      for (const client of clients) client.write(`event: ${event}\ndata: ${data}\n\n`);
    },
    log,
    report,
    sourceRoot: preview.contentDir,
  });
  const site: Site = { state: { errors: [], lang: 'en' }, clients, generation: 0, print };
  const { state } = site;

  const apply = (result: PreviewResult) => showResult(site, result, options);

  // A rebuild that throws (a usage error, a bug) is shown like any error and never rejects: one
  // rejected link would leave the chain rejected and stop every later rebuild.
  const rebuild = (changed: string[]): Promise<PreviewResult> =>
    preview.build(changed).then(apply, (error: unknown) => apply(failedRebuild(state.lang, error)));

  // The first build may reject (a usage error): then the server does not start.
  const chain = rebuildChain(preview.build().then(apply), rebuild, () => print.changing());
  await chain.running();

  const watchers: TreeWatcher[] = [preview.contentDir, preview.templatesDir].map((dir) =>
    watchTree(dir, chain.changed, (error) => log(`cannot watch ${dir}: ${error.message}`)),
  );

  const server = requestServer(site, log);
  // Keep-alive comments stop proxies and browsers from dropping a quiet event stream.
  const heartbeat = setInterval(() => {
    for (const client of clients) client.write(': ping\n\n');
  }, 15_000);
  heartbeat.unref();

  const host = options.host ?? '127.0.0.1';
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, host, () => resolve());
    });
  } catch (error) {
    // Nothing may keep the process alive after this: watchers, the heartbeat, the print preview.
    chain.stop();
    clearInterval(heartbeat);
    for (const watcher of watchers) watcher.close();
    await print.close();
    throw listenError(host, options.port, error);
  }
  // A socket error on one connection must not become an uncaught exception.
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    else socket.destroy();
  });
  const address = server.address() as AddressInfo;

  return {
    url: `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}/`,
    print,
    settled: async () => {
      await new Promise((r) => setTimeout(r, DEBOUNCE_MS * 2));
      return chain.running();
    },
    async close() {
      chain.stop();
      clearInterval(heartbeat);
      for (const watcher of watchers) watcher.close();
      for (const client of clients) client.end();
      clients.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await chain.running().catch(() => undefined);
      await print.close();
    },
  };
}

/** A build's result shown: the print view first, then the page's state, the log, a reload for every client. */
async function showResult(site: Site, result: PreviewResult, options: DevServerOptions): Promise<PreviewResult> {
  const { state, print, clients } = site;
  trace('dev: rebuilt');
  // The print view goes first: the web edition's HTML (rendered on first use of result.html, see
  // preview.ts) is made once the print begun for this rebuild has shown its new pages, not while
  // it needs this process and the cores.
  await print.rebuilt(result);
  const html = result.html; // first: a template error found rendering it joins result.errors
  site.generation += 1;
  state.lang = result.locale || state.lang;
  state.errors = result.errors;
  if (html !== undefined) state.html = html;
  options.report(result.diagnostics);
  const ms = Math.round(result.milliseconds);
  options.log(
    result.errors.length > 0
      ? `${result.locale}: ${result.errors.length} error(s), showing them in the page (${ms} ms)`
      : `${result.locale}: rebuilt in ${ms} ms`,
  );
  for (const client of clients) client.write(`event: reload\ndata: ${site.generation}\n\n`);
  return result;
}

/** The HTTP server of the site: no request may stop it (whatever a handler throws is a 500 for that request alone). */
function requestServer(site: Site, log: (line: string) => void): http.Server {
  return http.createServer((req, res) => {
    try {
      handleRequest(site, req, res);
    } catch (error) {
      log(`request ${JSON.stringify(req.url ?? '')} failed: ${(error as Error).message}`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Internal error\n');
    }
  });
}

/** Rebuilds never overlap: changes that arrive during one are collected for the next. */
function rebuildChain(
  first: Promise<PreviewResult>,
  rebuild: (changed: string[]) => Promise<PreviewResult>,
  /** Told of every change first (the print view stops what it does ahead of the next save). */
  changing: () => void,
) {
  let pending: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  let running = first;
  return {
    /** A file changed: rebuild once the changes stop for DEBOUNCE_MS, after the running build. */
    changed: (file: string): void => {
      trace(`dev: change seen (${path.basename(file)})`);
      changing();
      pending.push(file);
      clearTimeout(timer);
      timer = setTimeout(() => {
        const changed = pending;
        pending = [];
        running = running.then(
          () => rebuild(changed),
          () => rebuild(changed),
        );
      }, DEBOUNCE_MS);
    },
    running: () => running,
    stop: () => clearTimeout(timer),
  };
}

/** What the server answers from: the page, the event-stream clients, the print view. */
interface Site {
  state: DevState;
  clients: Set<http.ServerResponse>;
  /** Counts rebuilds (the reload event's data). */
  generation: number;
  print: PrintView;
}

/** One request: localhost only, GET or HEAD; the event stream, the edition, the print view. */
function handleRequest(site: Site, req: http.IncomingMessage, res: http.ServerResponse): void {
  // DNS rebinding: a web page on evil.example that resolves to 127.0.0.1 sends its own Host header.
  if (!isLocalHost(req.headers.host)) {
    res
      .writeHead(421, { 'content-type': 'text/plain; charset=utf-8' })
      .end('Only localhost may ask (Host header refused)\n');
    return;
  }
  const url = parseRequestUrl(req.url);
  if (!url) {
    res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('Bad request URL\n');
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  if (url.pathname === EVENTS_PATH) {
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    res.write(`retry: 500\n: generation ${site.generation}\n\n`);
    site.clients.add(res);
    req.on('close', () => site.clients.delete(res));
    return;
  }
  if (url.pathname === '/' || url.pathname === '/index.html') {
    const body = devPage(site.state);
    res.writeHead(site.state.html === undefined ? 500 : 200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-length': Buffer.byteLength(body),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
    return;
  }
  if (site.print.handle(req, res, url)) return;
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found: the edition is at /\n');
}
/** Why the server could not listen, as a message with its fix. */
function listenError(host: string, port: number, error: unknown): BriefingError {
  const code = (error as NodeJS.ErrnoException).code;
  return new BriefingError({
    file: `${host}:${port}`,
    severity: 'error',
    message:
      code === 'EADDRINUSE'
        ? `port ${port} is busy (another program, or another briefing dev, listens on it)`
        : `cannot listen on ${host}:${port} (${code ?? String(error)})`,
    rule: RULES.devListen.id,
    fix: 'pass another port with --port <n>, or --port 0 for any free one',
  });
}

function failedRebuild(locale: string, error: unknown): PreviewResult {
  const message = error instanceof Error ? error.message : String(error);
  const diagnostic: Diagnostic = {
    file: 'briefing',
    severity: 'error',
    message: `the rebuild failed: ${message}`,
    rule: RULES.devInternal.id,
    fix: 'fix the cause and save again; the server keeps running',
  };
  return { locale, diagnostics: [diagnostic], errors: [diagnostic], milliseconds: 0 };
}
