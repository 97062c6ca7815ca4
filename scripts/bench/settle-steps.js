// The print page's preparation steps alone, timed and checked: the edition's print HTML put into a
// print page (head first, as a cold build does), shown, then fitTables, settleSoftHyphens,
// evenWordSpaces (+ tracks), markLineWraps and fitAndMark in turn, each step's wall and the renderer's
// CPU (Performance ProcessTime of the single-process browser) and layout counts; what each step
// returned and the body as prepared are digested, so two builds of the code (this tree's dist and
// another's, e.g. /work/wt/base) can be compared for the same bytes.
// Usage: node scripts/bench/settle-steps.js <content dir> [rounds=3] [package root=.]
// COUNT_CALLS=1 counts the layout reads per step (by caller), PROFILE_STEPS=1 prints each step's
// hottest functions (V8's sampling profiler), HIDE=1 hides the edition once marked (as prepareAlone).
// LOCALE=ru: the edition of another locale.
/* global Range, Element, Document */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [content = 'content', roundsArg = '3', rootArg = '.'] = process.argv.slice(2);
const root = path.resolve(rootArg);
const load = (file) => import(pathToFileURL(path.join(root, 'dist', file)).href);
const { renderEditionHtml } = await load('api.js');
const { launchBrowser, closeBrowser } = await load('print/browser.js');
const { spawnChromium } = await load('print/chromium.js');
const page_ = await load('print/page.js');
const { settleSoftHyphens } = await load('print/hyphens.js');
const { evenWordSpaces } = await load('print/word-spaces.js');
const { markLineWraps } = await load('print/line-ends.js');
const { fitTables, fitAndMark } = await load('print/layout-check.js');

const html = await renderEditionHtml({ content, locale: process.env.LOCALE ?? 'en' }, 'print');
const digest = (value) => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);

const browser = await launchBrowser(spawnChromium(undefined, { singleProcess: true }));
const totals = new Map();
try {
  for (let round = 0; round < Number(roundsArg); round += 1) {
    const page = await browser.newPage();
    const print = await page_.openPrintPage(page, 'bench', page_.headOf(html));
    await page_.loadEdition(print, html, undefined, { unlaid: true });
    const session = await page.createCDPSession();
    await session.send('Performance.enable', { timeDomain: 'threadTicks' });
    const metrics = async () =>
      Object.fromEntries((await session.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    const results = {};
    const line = [];
    const counting = process.env.COUNT_CALLS === '1';
    if (counting)
      await page.evaluate(() => {
        const counts = (window.__counts = {});
        const wrap = (proto, name, label) => {
          const original = proto[name];
          proto[name] = function (...args) {
            const caller = (new Error().stack ?? '').split('\n')[2]?.trim().split(' ')[1] ?? '?';
            counts[`${label} ${caller}`] = (counts[`${label} ${caller}`] ?? 0) + 1;
            return original.apply(this, args);
          };
        };
        wrap(Range.prototype, 'getClientRects', 'range.rects');
        wrap(Range.prototype, 'getBoundingClientRect', 'range.box');
        wrap(Element.prototype, 'getBoundingClientRect', 'el.box');
        wrap(Element.prototype, 'getClientRects', 'el.rects');
        wrap(window, 'getComputedStyle', 'style');
        wrap(Document.prototype, 'caretPositionFromPoint', 'hit');
      });
    const step = async (name, run) => {
      if (counting)
        await page.evaluate(() => {
          for (const k of Object.keys(window.__counts)) delete window.__counts[k];
        });
      const profiling = process.env.PROFILE_STEPS === '1';
      if (profiling) {
        await session.send('Profiler.enable');
        await session.send('Profiler.setSamplingInterval', { interval: 50 });
        await session.send('Profiler.start');
      }
      const before = await metrics();
      const started = performance.now();
      results[name] = await run();
      if (profiling) {
        const { profile } = await session.send('Profiler.stop');
        const self = new Map();
        const byId = new Map(profile.nodes.map((n) => [n.id, n]));
        profile.samples.forEach((id, i) => {
          const n = byId.get(id);
          const f = `${n.callFrame.functionName || '(anon)'}:${n.callFrame.lineNumber}`;
          if (f.startsWith('(idle)')) return;
          self.set(f, (self.get(f) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000);
        });
        const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 14);
        console.log(`  ${name} self: ${top.map(([f, ms]) => `${f} ${ms.toFixed(0)}`).join(', ')}`);
      }
      const wall = performance.now() - started;
      const after = await metrics();
      const cpu = (after.ProcessTime - before.ProcessTime) * 1000;
      const layouts = after.LayoutCount - before.LayoutCount;
      const layout = (after.LayoutDuration - before.LayoutDuration) * 1000;
      const style = (after.RecalcStyleDuration - before.RecalcStyleDuration) * 1000;
      const t = totals.get(name) ?? [];
      t.push({ wall, cpu, layouts, layout, style });
      totals.set(name, t);
      line.push(`${name} ${wall.toFixed(0)}/${cpu.toFixed(0)}`);
      if (counting) console.log(`  ${name} calls: ${JSON.stringify(await page.evaluate(() => window.__counts))}`);
    };
    await step('show', () => page_.showEdition(print));
    await step('fitTables', () => fitTables(page));
    await step('hyphens', () => settleSoftHyphens(page));
    await step('spaces', () => evenWordSpaces(page));
    await step('wraps', () => markLineWraps(page, { later: true }));
    await step('mark', () => fitAndMark(page, { hide: process.env.HIDE === '1' }));
    // A frame after the last step (laying out what it changed) counts too.
    await step('after', () => new Promise((resolve) => setTimeout(resolve, 200)));
    for (const r of Object.values(results)) if (r && typeof r === 'object' && 'ms' in r) delete r.ms;
    const body = await page.evaluate(() => document.body.outerHTML);
    console.log(`round ${round}: ${line.join(', ')} (wall/cpu ms)`);
    console.log(
      `  digests: ${Object.entries(results)
        .map(([k, v]) => `${k} ${digest(v ?? null)}`)
        .join(', ')}, body ${digest(body)}`,
    );
    await session.detach();
    await page.close();
  }
} finally {
  await closeBrowser(browser);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
let wall = 0;
let cpu = 0;
for (const [name, t] of totals) {
  const w = median(t.map((x) => x.wall));
  const c = median(t.map((x) => x.cpu));
  const l = median(t.map((x) => x.layout));
  const s = median(t.map((x) => x.style));
  wall += w;
  cpu += c;
  console.log(
    `${name.padEnd(10)} median wall ${w.toFixed(0).padStart(5)} ms, renderer cpu ${c.toFixed(0).padStart(5)} ms, layouts ${t[0].layouts} (${l.toFixed(0)} ms), style ${s.toFixed(0)} ms`,
  );
}
console.log(`sum of medians: wall ${wall.toFixed(0)} ms, renderer cpu ${cpu.toFixed(0)} ms`);
