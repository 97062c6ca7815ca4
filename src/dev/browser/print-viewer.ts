// The print view's code in the reader's browser (served as /print/viewer.js, bundled by esbuild:
// src/dev/viewer-bundle.ts). Take the state every PRINT_EVENT brings, draw the new PDF's pages with
// pdf.js (the visible ones first, the rest as they scroll into view), keep the scroll position.
// body[data-generation] / [data-drawn] say which print is shown (the e2e test and bench wait on them).
// A long edition's save redraws only the pages printed again (state.kept: the parts a save left alone),
// and draws those in view as soon as their part is printed (state.early), before the print is finished.
// body[data-changed] says which print's new pages in view are drawn (early or with the whole print).
// `pdfjs-dist` is the server's own copy at /print/pdf.mjs (the bundle imports that URL), typed here
// from the package.
import * as pdfjs from 'pdfjs-dist';
import { EARLY_PART_PATH, EVENTS_PATH, PRINT_EVENT, PRINT_PATH, type PrintViewState } from '../protocol.js';

pdfjs.GlobalWorkerOptions.workerSrc = `${PRINT_PATH}/pdf.worker.mjs`;
// One worker for every print shown: starting pdf.js's worker (1.2 MB of script) costs more than a page.
const worker = new pdfjs.PDFWorker();
const pages = element('pages');
const status = element('status');
let shown = 0;
let doc: pdfjs.PDFDocumentProxy | undefined;
let observer: IntersectionObserver | undefined;
/** The early parts (their indices) drawn of the print after the one shown. */
let earlyDrawn = { after: 0, parts: new Set<number>() };

function element(id: string): HTMLElement {
  const found = document.getElementById(id);
  if (!found) throw new Error(`the print view page has no #${id}`);
  return found;
}

/** Show the state an event brought (its data), else the state asked for. */
async function refresh(sent?: string): Promise<void> {
  const state = (
    sent ? JSON.parse(sent) : await (await fetch(`${PRINT_PATH}/state`, { cache: 'no-store' })).json()
  ) as PrintViewState;
  element('overlay-slot').innerHTML = state.overlay;
  if (state.generation > 0 && state.generation !== shown) await show(state);
  else if (state.early.length > 0) await showEarly(state);
  status.textContent = state.pages ? `${state.pages} pages, printed in ${state.milliseconds} ms` : 'printing…';
}

async function show(state: PrintViewState): Promise<void> {
  const url = `${PRINT_PATH}/edition.pdf?g=${state.generation}`;
  const next = await pdfjs.getDocument({ url, isEvalSupported: false, worker }).promise;
  if (state.generation < shown) return;
  const old = doc;
  // Pages of the print just before that are the same need no drawing again (see PrintViewState.kept).
  const kept = state.generation === shown + 1 ? keptPages(state.kept, shown) : new Map<number, string>();
  // Drawn from their part before this print was finished (showEarly): the same pages.
  for (const [page, g] of keptPages(state.earlyKept, state.generation)) kept.set(page, g);
  doc = next;
  shown = state.generation;
  observer?.disconnect();
  const watching = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) if (entry.isIntersecting) void draw(entry.target as HTMLElement);
    },
    { rootMargin: '100% 0px' },
  );
  observer = watching;
  await layOut(next, kept);
  const drawing: Promise<void>[] = [];
  for (const box of boxes()) {
    if (visible(box)) drawing.push(draw(box));
    watching.observe(box);
  }
  await Promise.all(drawing);
  document.body.dataset.pages = String(next.numPages);
  document.body.dataset.generation = String(shown);
  document.body.dataset.changed = String(shown);
  void old?.destroy();
}

/** The pages in `runs`, each with the generation its box must show to be kept ("was drawn from print `previous`"). */
function keptPages(runs: Array<[number, number]>, previous: number): Map<number, string> {
  const pages = new Map<number, string>();
  for (const [first, last] of runs) for (let n = first; n <= last; n += 1) pages.set(n, String(previous));
  return pages;
}

/**
 * One box per page, every box sized like the first page (a page of another size corrects its box
 * when drawn), marked undrawn: the visible ones are drawn first, the rest as they scroll in. A box
 * of a kept page that shows the print before keeps its drawing, marked as of this print.
 */
async function layOut(next: pdfjs.PDFDocumentProxy, kept: Map<number, string>): Promise<void> {
  const width = Math.min(pages.clientWidth - 24 - 80, 900);
  const first = (await next.getPage(1)).getViewport({ scale: 1 });
  const height = Math.round((width * first.height) / first.width);
  for (let n = 1; n <= next.numPages; n += 1) {
    let box = pages.children[n - 1] as HTMLElement | undefined;
    if (!box) {
      box = document.createElement('div');
      box.className = 'page';
      box.innerHTML = '<canvas></canvas><span class="folio"></span>';
      box.style.height = `${height}px`;
      pages.append(box);
    }
    box.style.width = `${width}px`;
    box.querySelector('.folio')!.textContent = String(n);
    box.dataset.page = String(n);
    const same = kept.has(n) && box.dataset.shows === kept.get(n);
    box.dataset.drawn = same ? String(shown) : '';
    if (same) box.dataset.shows = String(shown);
  }
  while (pages.children.length > next.numPages) pages.lastElementChild?.remove();
}

function boxes(): HTMLElement[] {
  return [...pages.children] as HTMLElement[];
}

function visible(box: HTMLElement): boolean {
  const r = box.getBoundingClientRect();
  return r.bottom > 0 && r.top < innerHeight;
}

async function draw(box: HTMLElement): Promise<void> {
  const generation = String(shown);
  // (A box showing the print under way, drawn early, is not drawn back to the print before it.)
  const early = () => box.dataset.shows === String(shown + 1);
  if (!doc || box.dataset.drawn === generation || early()) return;
  box.dataset.drawn = generation;
  const canvas = await drawn(await doc.getPage(Number(box.dataset.page)), box);
  if (box.dataset.drawn !== generation || early()) return;
  box.querySelector('canvas')?.replaceWith(canvas);
  // What the box shows (a page drawn, not only begun): what a later print may keep.
  box.dataset.shows = generation;
}

/**
 * The parts of the print under way printed already (state.early), their pages in view drawn from
 * each part's own PDF over the pages they replace, marked as of that print (show keeps them when it
 * says they are its pages: state.earlyKept); the pages out of view wait for the whole print.
 */
async function showEarly(state: PrintViewState): Promise<void> {
  const base = shown;
  if (earlyDrawn.after !== base) earlyDrawn = { after: base, parts: new Set() };
  const drawing: Promise<void>[] = [];
  state.early.forEach(([first, last], index) => {
    if (earlyDrawn.parts.has(index)) return;
    earlyDrawn.parts.add(index);
    const its = boxes().filter((box) => Number(box.dataset.page) >= first && Number(box.dataset.page) <= last);
    drawing.push(drawEarly(index, first, its.filter(visible), base));
  });
  await Promise.all(drawing);
  if (shown === base) document.body.dataset.changed = String(base + 1);
}

async function drawEarly(index: number, first: number, inView: HTMLElement[], base: number): Promise<void> {
  if (inView.length === 0) return;
  const url = `${EARLY_PART_PATH}?i=${index}&g=${base + 1}`;
  const part = await pdfjs.getDocument({ url, isEvalSupported: false, worker }).promise.catch(() => undefined);
  if (!part) return;
  await Promise.all(
    inView.map(async (box) => {
      const canvas = await drawn(await part.getPage(Number(box.dataset.page) - first + 1), box);
      // A newer print shown meanwhile draws its own pages.
      if (shown !== base) return;
      box.querySelector('canvas')?.replaceWith(canvas);
      box.dataset.shows = String(base + 1);
    }),
  );
  void part.destroy();
}

/** A page drawn off screen at its box's width (then swapped in: no blank flash while a page redraws). */
async function drawn(page: pdfjs.PDFPageProxy, box: HTMLElement): Promise<HTMLCanvasElement> {
  const natural = page.getViewport({ scale: 1 });
  box.style.height = `${Math.round((box.clientWidth * natural.height) / natural.width)}px`;
  const scale = (box.clientWidth * devicePixelRatio) / natural.width;
  const viewport = page.getViewport({ scale });
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(viewport.width);
  canvas.height = Math.round(viewport.height);
  await page.render({ canvas, viewport }).promise;
  return canvas;
}

new EventSource(EVENTS_PATH).addEventListener(
  PRINT_EVENT,
  (event) => void refresh((event as MessageEvent<string>).data),
);
void refresh();
