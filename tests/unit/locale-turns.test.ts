// The locales of a build take turns at the one browser (src/locale-turns.ts).
import { describe, expect, it } from 'vitest';
import { Turns } from '../../src/locale-turns.js';

/** Which of `promises` have settled, after every pending callback has run. */
async function settled(promises: Record<string, Promise<unknown> | undefined>): Promise<string[]> {
  const done = new Set<string>();
  for (const [name, p] of Object.entries(promises)) void p?.then(() => done.add(name));
  await new Promise((resolve) => setImmediate(resolve));
  return Object.keys(promises).filter((name) => done.has(name));
}

describe('the locales’ turns at the browser', () => {
  it('lets a locale print once the one before it is printing, and finish once the next one is', async () => {
    const turns = new Turns();
    const en = turns.take();
    const ru = turns.take();
    expect(await settled({ en: en.ready, ru: ru.ready, enFinish: en.nextPrinting, first: turns.first })).toEqual([
      'en',
    ]);
    en.begun();
    expect(await settled({ ru: ru.ready, enFinish: en.nextPrinting, first: turns.first })).toEqual(['ru', 'first']);
    const kk = turns.take();
    expect(await settled({ kk: kk.ready })).toEqual([]);
    ru.begun();
    expect(await settled({ kk: kk.ready, enFinish: en.nextPrinting, ruFinish: ru.nextPrinting })).toEqual([
      'kk',
      'enFinish',
    ]);
    kk.begun();
    expect(await settled({ ruFinish: ru.nextPrinting, kkFinish: kk.nextPrinting })).toEqual(['ruFinish']);
    turns.end();
    expect(await settled({ kkFinish: kk.nextPrinting })).toEqual(['kkFinish']);
  });

  it('lets a locale of another lane (another browser) print at once, and finishes in the order taken', async () => {
    const turns = new Turns();
    const en = turns.take(0);
    const ru = turns.take(1);
    const kk = turns.take(0);
    expect(await settled({ en: en.ready, ru: ru.ready, kk: kk.ready })).toEqual(['en', 'ru']);
    ru.begun();
    // kk waits for en, the locale before it in its lane; en's PDF is finished once ru prints.
    expect(await settled({ kk: kk.ready, enFinish: en.nextPrinting })).toEqual(['enFinish']);
    en.begun();
    expect(await settled({ kk: kk.ready, ruFinish: ru.nextPrinting })).toEqual(['kk']);
    kk.begun();
    expect(await settled({ ruFinish: ru.nextPrinting })).toEqual(['ruFinish']);
  });

  it('says when every locale has handed its print to the browser, once no more are taken', async () => {
    const turns = new Turns();
    const en = turns.take(0);
    const ru = turns.take(1);
    en.handed();
    ru.handed();
    expect(await settled({ every: turns.everyHanded })).toEqual([]);
    const kk = turns.take(0);
    turns.end();
    expect(await settled({ every: kk.everyHanded })).toEqual([]);
    // A locale that failed before its print was handed over counts once it is begun (failed).
    kk.begun();
    expect(await settled({ every: en.everyHanded })).toEqual(['every']);
  });

  it('finishes the last locale taken at the end, whether or not it began', async () => {
    const turns = new Turns();
    expect(turns.first).toBeUndefined();
    const only = turns.take();
    turns.end();
    expect(await settled({ finish: only.nextPrinting, first: turns.first })).toEqual(['finish']);
  });
});
