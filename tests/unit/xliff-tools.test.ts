// XLIFF as CAT tools really write it back: a unit re-segmented into sentences (<segment> +
// <ignorable>, or two segments with nothing between them), a target whose inline codes are in another
// order than the source's, every target left in state "initial" (OmegaT's XLIFF 2 filter). The files
// are edited with xml-js (an independent XML library) and read back with it.
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { xml2js, type Element } from 'xml-js';
import { copyFixture, ROOT, runMain, tempDir } from '../support/cli.js';

const FIXTURE = path.join(ROOT, 'tests', 'fixtures', 'translate');
const UNIT = '90792ec86075'; // “Rural districts received new wells in 2024.[^wells-report] The programme is …”

async function exportXliff(content: string): Promise<string> {
  const out = tempDir();
  const result = await runMain(['export', '--content', content, '--locale', 'ru', '--format', 'xliff', '--out', out]);
  expect(result.code).toBe(0);
  return path.join(out, 'ru', '01-overview.xlf');
}

/** The <unit id="…"> element of the file, as written. */
function unitXml(xml: string, id: string): string {
  const start = xml.indexOf(`<unit id="${id}"`);
  return xml.slice(start, xml.indexOf('</unit>', start) + '</unit>'.length);
}

const PH = '<ph id="1" dataRef="d1" canDelete="no" canCopy="no"/>';
const PC = (text: string) => `<pc id="2" dataRefStart="d2" dataRefEnd="d3" canDelete="no" canCopy="no">${text}</pc>`;

describe('a unit re-segmented by a CAT tool', () => {
  const resegment = (between: string) => async () => {
    const content = copyFixture(FIXTURE);
    const file = await exportXliff(content);
    const xml = readFileSync(file, 'utf8');
    const unit = unitXml(xml, UNIT);
    const split = unit.replace(
      /<segment[^>]*>[\s\S]*<\/segment>/,
      `<segment state="final"><source>Rural districts received new wells in 2024.${PH}</source>` +
        `<target>Сельские районы получили новые скважины в 2024 году.${PH}</target></segment>${between}` +
        `<segment state="final"><source>The programme is described on the ${PC("council's website")}.</source>` +
        `<target>Программа описана на ${PC('сайте совета')}.</target></segment>`,
    );
    writeFileSync(file, xml.replace(unit, split));
    const result = await runMain(['import', '--content', content, file]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(readFileSync(path.join(content, 'ru', '01-overview.md'), 'utf8')).toContain(
      'Сельские районы получили новые скважины в 2024 году.[^wells-report] Программа описана на [сайте совета](https://example.org/programme).',
    );
  };
  it(
    '<segment> + <ignorable> + <segment>: the sentences joined by the ignorable white space',
    resegment('<ignorable><source> </source></ignorable>'),
  );
  it('two segments with nothing between them: joined with one space, not glued', resegment(''));
});

describe('inline codes in another order in the target', () => {
  it('keep their source ids on export (the same code, the same id)', async () => {
    const content = copyFixture(FIXTURE);
    const file = await exportXliff(content);
    // A translation with the link before the note reference, imported from a CAT tool…
    const xml = readFileSync(file, 'utf8');
    const unit = unitXml(xml, UNIT);
    const filled = unit.replace(
      /<segment[^>]*>([\s\S]*?<\/source>)/,
      `<segment state="final">$1<target>Программа описана на ${PC('сайте совета')}; скважины получены в 2024 году.${PH}</target>`,
    );
    writeFileSync(file, xml.replace(unit, filled));
    expect((await runMain(['import', '--content', content, file])).code).toBe(0);
    // …exported again: each code keeps its source id, whatever its place.
    const again = readFileSync(await exportXliff(content), 'utf8');
    const doc = xml2js(unitXml(again, UNIT), { compact: false }) as Element;
    const codes = (name: 'source' | 'target') => {
      const found: string[] = [];
      const walk = (el: Element, inside: boolean) => {
        const here = inside || el.name === name;
        if (here && (el.name === 'ph' || el.name === 'pc'))
          found.push(
            `${el.name}#${String(el.attributes!.id)}:${String(el.attributes!.dataRef ?? el.attributes!.dataRefStart)}`,
          );
        el.elements?.forEach((e) => walk(e, here));
      };
      walk(doc, false);
      return found;
    };
    expect(codes('source')).toEqual(['ph#1:d1', 'pc#2:d2']);
    expect(codes('target')).toEqual(['pc#2:d2', 'ph#1:d1']);
  });
});

describe('targets all left in state "initial" (OmegaT)', () => {
  it('import as needs review with a warning; --states ignore takes them as translated', async () => {
    const content = copyFixture(FIXTURE);
    const file = await exportXliff(content);
    const xml = readFileSync(file, 'utf8').replace(
      /(<segment[^>]*>\s*<source xml:space="preserve">)([^<]*)(<\/source>)/g,
      (_, open: string, text: string, close: string) => `${open}${text}${close}<target>Перевод: ${text}</target>`,
    );
    writeFileSync(file, xml);
    const targets = xml.match(/<target>/g)!.length;
    const line = xml.split('\n').findIndex((l) => l.startsWith('<xliff')) + 1;
    const first = await runMain(['import', '--content', content, file]);
    expect(first.code).toBe(0);
    expect(first.stderr).toBe(
      `${file}:${line}:1 warning all ${targets} targets are in state "initial" (not confirmed): imported as needs review, none recorded as done (mark them translated in your CAT tool, or pass --states ignore if your tool writes no states (OmegaT)) import:all-initial\n`,
    );
    expect(first.stdout).toContain(`01-overview.md: written (0 done, ${targets} fuzzy, ${13 - targets} to translate)`);
    const ignored = await runMain(['import', '--content', content, '--states', 'ignore', file]);
    expect(ignored.stderr).toBe('');
    expect(ignored.stdout).toContain(
      `01-overview.md: written (${targets} done, 0 fuzzy, ${13 - targets} to translate)`,
    );
  });
});
