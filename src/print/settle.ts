// Settle the edition's text in the page: wide tables fitted (layout-check.ts fitTables), then soft
// hyphens (hyphens.ts), loose lines tracked (word-spaces.ts), line wraps marked (line-ends.ts). From
// the cheapest to the dearest:
// 1. the last build of the same HTML's settling, put in whole (settle-cache.ts);
// 2. else the chapters whose HTML the last build settled (settle-chunks.ts) as it settled them, and
//    the others settled afresh in a page of their own (the head, the front matter, those chapters):
//    every chapter's settling put in and checked as in 1, so the edition is laid out once, settled;
// 3. else (or when a check fails) the whole edition settled afresh.
// Every path leaves the page as 3 would: a chapter lays out on its own, so settling it alone finds
// what settling the edition finds in it (the e2e test settle-chunks compares the PDF's bytes).
import type { Page } from 'puppeteer-core';
import { trace, rendererCpu } from '../trace.js';
import { fitTables } from './layout-check.js';
import { collectGarbage, headOf, loadEdition, openPrintPage, showEdition, type PrintPage } from './page.js';
import { PARTS_FROM_CHAPTERS } from './parts.js';
import { putSettled, settledHold, settleSoftHyphens } from './hyphens.js';
import { applyLineWraps, markLineWraps } from './line-ends.js';
import { applyTracks, applyVariants, evenWordSpaces } from './word-spaces.js';
import { chunkBase, keepSettled, type Settled } from './settle-cache.js';
import {
  findChunks,
  loadChunks,
  mergeSettled,
  mergeWraps,
  splitSettled,
  type ChunkSettled,
  type Chunks,
} from './settle-chunks.js';

/** What the last build kept (settle-cache.ts readSettled) and what this build's settling depends on. */
export interface Known {
  key: string;
  whole?: Settled;
  chunks: Map<string, ChunkSettled>;
  browserVersion: string;
}

/**
 * The settling in the page now, how it was found (for the trace), and the keys of the chunks it
 * settled (settle-chunks.ts), when it settled by chunk (prepared-chapters.ts keeps them by these).
 */
export type SettledNow = Settled & { how: string; keys?: string[] };

/** The class fitTables gives a table (or its figure) set across the text area. */
const WIDE = '.table-wide';

/**
 * Fit the tables and settle the page's text (the edition as loadEdition put it in, perhaps unlaid:
 * shown only once it is to be laid out, settled when a settling found before goes in; `settledIn`:
 * the whole kept settling went in with the body).
 */
export async function settleText(
  print: PrintPage,
  html: string,
  label: string,
  known: Known,
  { settledIn }: { settledIn: boolean },
): Promise<SettledNow> {
  const { page } = print;
  const fit = async () => {
    // Tables too wide for the text column take the whole text area first: their soft hyphens then
    // settle in the layout they are printed in.
    const widened = await fitTables(page);
    if (widened > 0) trace(`${label}: ${widened} wide table(s) set across the text area`);
    return widened;
  };
  const whole = known.whole;
  if (whole && (settledIn || whole.widened > 0)) {
    await showEdition(print);
    const widened = await fit();
    // Put in with the body (loadEdition, tried when no table was widened), or now, after the tables
    // were fitted as the last build did.
    const put =
      whole.widened === widened && (settledIn || (widened > 0 && (await putSettled(page, whole.cleanup.settled))));
    if (put && (await settledHold(page, whole.cleanup.settled))) {
      await applyVariants(page, whole.variants);
      await applyTracks(page, whole.tracks);
      if (await applyLineWraps(page, whole.wraps)) return { ...whole, how: ', as the last build of this HTML found' };
      trace(`${label}: the last build's line wraps did not fit, settled afresh`);
    }
    // The text is an earlier settling's, or the tables are fitted: back to the edition as it loads.
    await loadEdition(print, html);
  }
  const head = headOf(html);
  const base = chunkBase(head, known.browserVersion);
  let chunks = head ? await findChunks(page, head, base) : undefined;
  const kept = new Map<number, ChunkSettled>();
  chunks?.keys.forEach((key, i) => {
    const found = known.chunks.get(key);
    if (found) kept.set(i, found);
  });
  if (chunks && kept.size > 0) {
    const partly = await settlePartly(print, chunks, kept, label, known);
    if (partly) return partly;
    trace(`${label}: the last build's settling of a chapter did not hold, settled afresh`);
    await loadEdition(print, html);
    chunks = await findChunks(page, head, base);
  }
  await showEdition(print);
  return settleAll(page, chunks, label, known, await fit());
}

/** The steps of a settling afresh, on whatever the body holds. */
async function settleFresh(page: Page, label: string) {
  const cleanup = await settleSoftHyphens(page);
  trace(`${label}: soft hyphens measured`);
  // The line breaks are final now: loose justified lines share their slack with their letters.
  const cpu = await rendererCpu(page);
  const { tracks, variants, ...counts } = await evenWordSpaces(page);
  trace(`${label}: word spaces evened (${JSON.stringify(counts)}${await cpu()})`);
  return { cleanup, tracks, variants };
}

/**
 * What the body holds settled afresh, numbered by chunk (`settled`: the chunks it holds), with the
 * tables fitted before (`widened`: how many).
 */
export async function settleBody(
  page: Page,
  chunks: Chunks | undefined,
  settled: number[],
  label: string,
  { hide = false }: { hide?: boolean } = {},
) {
  const before = await chunks?.read();
  const { cleanup, tracks, variants } = await settleFresh(page, label);
  // Marked last, in the text as it prints (tracked runs are spans of their own: markLineWraps puts
  // them in once it has searched the layout evenWordSpaces measured).
  // (Put in by fitAndMark, after its reads: the page is not laid out for them before.)
  // `hide`: the body hidden once tracked when nothing is to be clipped (fitAndMark hides it next).
  const wraps = await markLineWraps(page, { later: true, hide });
  const after = await chunks?.read();
  const wide = await chunks?.count(WIDE);
  const split =
    chunks && before && after
      ? splitSettled({ ...cleanup.settled, tracks, variants, wraps }, settled, before, after.texts)
      : undefined;
  for (const [chunk, s] of split ?? []) s.widened = wide?.get(chunk) ?? 0;
  return { cleanup, tracks, variants, wraps, split };
}

/** The whole edition settled afresh (its tables fitted: `widened`); kept whole and, when the page has chunks, by chunk. */
async function settleAll(
  page: Page,
  chunks: Chunks | undefined,
  label: string,
  known: Known,
  widened: number,
): Promise<SettledNow> {
  const all = chunks?.keys.map((_, i) => i) ?? [];
  const { split, ...found } = await settleBody(page, chunks, all, label);
  const settled = { ...found, widened };
  keepSettled(label, known.key, settled, chunks && split ? chunks.keys.map((key, i) => [key, split.get(i)!]) : []);
  // Measuring a long edition leaves the page's heap holding about as much again as the edition (20×
  // the review: 870 MB, 410 MB after a collection, which costs Chromium ~0.5 s): let go before it prints.
  if (chunks && chunks.keys.length > PARTS_FROM_CHAPTERS) await collectGarbage(page, label);
  return { ...settled, how: '', keys: chunks?.keys };
}

/**
 * The chapters not kept settled afresh in a page of their own (the edition's head, chunk 0 and those
 * chapters: they lay out as in the edition, and the edition is not laid out unsettled for them).
 */
async function settleElsewhere(print: PrintPage, chunks: Chunks, fresh: number[], label: string) {
  const scratch = await openPrintPage(await print.page.browser().newPage(), label, chunks.head);
  try {
    await loadChunks(scratch.page, chunks, fresh);
    const there = await findChunks(scratch.page, chunks.head, '');
    if (there.keys.length !== chunks.keys.length) return undefined;
    return await there.only(fresh, async () => {
      const widened = await fitTables(scratch.page);
      const { split, cleanup } = await settleBody(scratch.page, there, fresh, label);
      return split && { split, cleanup, widened };
    });
  } finally {
    void scratch.page.close().catch(() => undefined);
  }
}

/**
 * The chapters not kept settled afresh (settleElsewhere), then every chapter's settling put in, its
 * tables fitted after as the last build fitted them (checked by count) unless it widened one, and
 * checked, as the whole edition's is. Undefined when a check fails (the page is then part settled).
 */
async function settlePartly(
  print: PrintPage,
  chunks: Chunks,
  kept: Map<number, ChunkSettled>,
  label: string,
  known: Known,
): Promise<SettledNow | undefined> {
  const { page } = print;
  const fresh = chunks.keys.map((_, i) => i).filter((i) => !kept.has(i));
  const found =
    fresh.length === 0
      ? { split: new Map<number, ChunkSettled>(), cleanup: undefined, widened: 0 }
      : await settleElsewhere(print, chunks, fresh, label);
  if (!found) return undefined;
  const all = new Map([...kept, ...found.split]);
  const widened = [...all.values()].reduce((n, s) => n + s.widened, 0);
  // Fitted before the settling goes in when a table is widened (that takes its soft hyphens out
  // first), else after: the edition is first laid out settled.
  if (widened > 0) await showEdition(print);
  const fitted = widened > 0 ? await fitTables(page) : 0;
  const merged = mergeSettled(all, await chunks.read());
  if (!merged || !(await putSettled(page, merged))) return undefined;
  // First laid out now, settled (unless a table was widened).
  await showEdition(print);
  if (widened === 0 && (await fitTables(page)) !== 0) return undefined;
  if (fitted !== widened || !(await settledHold(page, merged))) return undefined;
  await applyVariants(page, merged.variants);
  await applyTracks(page, merged.tracks);
  const wraps = mergeWraps(all, (await chunks.read()).texts);
  if (!wraps || !(await applyLineWraps(page, wraps))) return undefined;
  const cleanup = {
    removed: found.cleanup?.removed ?? 0,
    unhyphenated: found.cleanup?.unhyphenated ?? 0,
    kept: merged.ends.reduce((n, ends) => n + ends.length, 0),
    settled: { texts: merged.texts, ends: merged.ends },
  };
  const settled = { cleanup, tracks: merged.tracks, variants: merged.variants, widened, wraps };
  keepSettled(
    label,
    known.key,
    settled,
    chunks.keys.map((key, i) => [key, all.get(i)!]),
  );
  return {
    ...settled,
    how: `, ${kept.size} of ${chunks.keys.length} chapters as the last build settled them`,
    keys: chunks.keys,
  };
}
