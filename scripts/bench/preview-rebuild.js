// The dev server's print view, timed: a copy of the content, the dev server with its warm print
// browser, the viewer (/print) open in a second Chromium as a reader would have it, scrolled to the
// pages the edited chapter prints (found by a first save, not timed); then `runs` saves of that
// chapter, each timed from the write to (1) the new PDF at the server, (2) the viewer having drawn
// the changed pages in view (body[data-changed]: early, from their part, or with the whole print) and
// (3) the viewer showing the whole new print. Prints JSON { printed, drawn, shown, web, cpu }
// (milliseconds per save; cpu: this process's and the browsers' CPU per save) on stdout.
// Usage: node scripts/bench/preview-rebuild.js <content dir> <runs>
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { tmpdir } from 'node:os';
import path from 'node:path';
// The dev loop as `briefing dev` runs it: bundled (scripts/bundle.js), not tsc's dist/.
const { createPreview, startDevServer, closeBrowser, launchBrowser } = await import('../../dist/bundle/dev.js');

const [source, runs = '5'] = process.argv.slice(2);
const content = mkdtempSync(path.join(tmpdir(), 'briefing-preview-bench-'));
cpSync(source, content, { recursive: true });
const en = path.join(content, 'en');
const chapter = path.join(
  en,
  readdirSync(en).find((name) => /^\d+-.*\.md$/.test(name)),
);

const web = [];
const server = await startDevServer({
  preview: createPreview({ content, locale: 'en' }),
  port: 0,
  log: (line) => {
    const ms = /rebuilt in (\d+) ms/.exec(line)?.[1];
    if (ms) web.push(Number(ms));
  },
  report: () => {},
});
const browser = await launchBrowser();
// The viewer's browser: this process's children now (the print view's starts when it is opened).
const viewer = new Set(childCpu().keys());
const result = { printed: [], drawn: [], shown: [], web: [], cpu: { node: [], print: [], viewer: [] }, load: [] };
let saves = 0;
const save = () => {
  saves += 1;
  writeFileSync(
    chapter,
    `${readFileSync(chapter, 'utf8')}\nA sentence saved while the print view is open (${saves}).\n`,
  );
};
try {
  const tab = await browser.newPage();
  await tab.setViewport({ width: 1200, height: 900 });
  await tab.goto(`${server.url}print`);
  const body = (attribute, generation) =>
    tab.waitForFunction(
      (a, g) => Number(document.body.dataset[a] ?? 0) >= g || Number(document.body.dataset.generation) >= g,
      { timeout: 0, polling: 10 },
      attribute,
      generation,
    );
  await body('generation', 1);
  // The reader looks at the chapter being edited: its pages are the first not kept by a save.
  save();
  const { kept } = await server.print.printed(2);
  await body('generation', 2);
  const changed = firstChanged(kept);
  await tab.evaluate((n) => document.querySelector(`[data-page="${n}"]`)?.scrollIntoView(), changed);
  for (let i = 1; i <= Number(runs); i += 1) {
    const generation = saves + 2;
    await new Promise((r) => setTimeout(r, 1000));
    web.length = 0;
    const cpu = [process.cpuUsage(), browsersCpu()];
    const started = performance.now();
    save();
    const printed = server.print.printed(generation).then(() => performance.now() - started);
    await body('changed', generation);
    result.drawn.push(performance.now() - started);
    await body('generation', generation);
    result.shown.push(performance.now() - started);
    result.printed.push(await printed);
    const node = process.cpuUsage(cpu[0]);
    result.cpu.node.push((node.user + node.system) / 1000);
    const browsers = browsersCpu();
    result.cpu.print.push(browsers.print - cpu[1].print);
    result.cpu.viewer.push(browsers.viewer - cpu[1].viewer);
    result.load.push(loadavg()[0]);
    result.web.push(...web);
  }
} finally {
  await closeBrowser(browser);
  await server.close();
  rmSync(content, { recursive: true, force: true });
}
process.stdout.write(`${JSON.stringify(result)}\n`);

/** CPU milliseconds of the print view's browser and of the viewer's (their process trees). */
function browsersCpu() {
  const cpu = { print: 0, viewer: 0 };
  for (const [pid, ms] of childCpu()) cpu[viewer.has(pid) ? 'viewer' : 'print'] += ms;
  return cpu;
}

/** CPU milliseconds (user + system) of each child process of this one, with its descendants, from /proc (Linux). */
function childCpu() {
  const parent = new Map();
  const own = new Map();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      parent.set(Number(pid), Number(fields[1]));
      own.set(Number(pid), ((Number(fields[11]) + Number(fields[12])) * 1000) / 100);
    } catch {
      /* gone */
    }
  }
  const tree = new Map();
  for (const [pid, ms] of own) {
    let at = pid;
    while (parent.has(at) && parent.get(at) !== process.pid) at = parent.get(at);
    if (parent.get(at) === process.pid) tree.set(at, (tree.get(at) ?? 0) + ms);
  }
  return tree;
}

/** The first page not in the kept runs. */
function firstChanged(kept) {
  let page = 1;
  for (const [first, last] of [...kept].sort((a, b) => a[0] - b[0])) if (first <= page) page = Math.max(page, last + 1);
  return page;
}
