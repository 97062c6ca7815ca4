// Where Word's numbered lists start. mammoth makes a new <ol> after every interruption and numbers
// it from 1, but Word continues a list after a paragraph between its items ("Interruption", then
// item 4). The scan lists each run of list paragraphs with its numbering instance (numId) and level;
// numbering.xml says which instances are ordered, where they start and which restart
// (lvlOverride/startOverride). Counting items per instance and level as Word does gives each run's
// first number, which becomes the Markdown list's start.
import { SaxesParser } from 'saxes';

export interface ListRun {
  /** Every item of the run: its instance and level, in order. */
  items: Array<{ numId: string; ilvl: number }>;
}

interface Level {
  start: number;
  bullet: boolean;
}

interface Numbering {
  /** numId → abstractNumId, and the levels it starts again at. */
  nums: Map<string, { abstract: string; overrides: Map<number, number> }>;
  abstracts: Map<string, Map<number, Level>>;
}

/**
 * The first number of each list mammoth makes, in order (undefined for a bulleted one). mammoth
 * joins adjacent lists of one kind and starts a new one where a top-level item changes between
 * numbered and bulleted, so a run is cut there too.
 */
export function listStarts(runs: ListRun[], numberingXml: string | undefined): Array<number | undefined> {
  const numbering = readNumbering(numberingXml ?? '');
  const counters = new Map<string, number[]>();
  const started = new Set<string>();
  const starts: Array<number | undefined> = [];
  for (const run of runs) {
    let kind: boolean | undefined;
    run.items.forEach((item, i) => {
      const num = numbering.nums.get(item.numId);
      const level = num ? numbering.abstracts.get(num.abstract)?.get(item.ilvl) : undefined;
      const number = level && num ? count(item, num, counters, started, level) : undefined;
      if (i === 0 || (item.ilvl === 0 && level !== undefined && level.bullet !== kind)) {
        kind = level?.bullet;
        starts.push(level?.bullet === false ? number : undefined);
      }
    });
  }
  return starts;
}

/** The item's number as Word counts it: instances of one list definition share their count unless one restarts (startOverride). */
function count(
  item: { numId: string; ilvl: number },
  num: { abstract: string; overrides: Map<number, number> },
  counters: Map<string, number[]>,
  started: Set<string>,
  level: Level,
): number {
  const scope = num.overrides.size > 0 ? `num:${item.numId}` : `abstract:${num.abstract}`;
  const counter = counters.get(scope) ?? [];
  const key = `${scope}:${item.ilvl}`;
  counter[item.ilvl] = started.has(key) ? (counter[item.ilvl] ?? 0) + 1 : (num.overrides.get(item.ilvl) ?? level.start);
  started.add(key);
  // A higher level's item restarts the levels below it.
  for (let deeper = item.ilvl + 1; deeper < 9; deeper++) started.delete(`${scope}:${deeper}`);
  counters.set(scope, counter);
  return counter[item.ilvl]!;
}

function readNumbering(xml: string): Numbering {
  const numbering: Numbering = { nums: new Map(), abstracts: new Map() };
  let abstract: Map<number, Level> | undefined;
  let num: { abstract: string; overrides: Map<number, number> } | undefined;
  let level: Level | undefined;
  let override: number | undefined;
  const parser = new SaxesParser({ xmlns: false });
  parser.on('opentag', (tag) => {
    const value = (key: string) => {
      const v = tag.attributes[key];
      return typeof v === 'string' ? v : undefined;
    };
    switch (tag.name) {
      case 'w:abstractNum':
        abstract = new Map();
        numbering.abstracts.set(value('w:abstractNumId') ?? '', abstract);
        break;
      case 'w:num':
        num = { abstract: '', overrides: new Map() };
        numbering.nums.set(value('w:numId') ?? '', num);
        break;
      case 'w:abstractNumId':
        if (num) num.abstract = value('w:val') ?? '';
        break;
      case 'w:lvl':
        level = { start: 1, bullet: false };
        if (abstract) abstract.set(Number(value('w:ilvl') ?? 0), level);
        break;
      case 'w:lvlOverride':
        override = Number(value('w:ilvl') ?? 0);
        break;
      case 'w:start':
        if (level) level.start = Number(value('w:val') ?? 1);
        break;
      case 'w:startOverride':
        if (num && override !== undefined) num.overrides.set(override, Number(value('w:val') ?? 1));
        break;
      case 'w:numFmt':
        if (level) level.bullet = value('w:val') === 'bullet' || value('w:val') === 'none';
        break;
    }
  });
  parser.on('closetag', (tag) => {
    if (tag.name === 'w:abstractNum') abstract = undefined;
    else if (tag.name === 'w:num') num = undefined;
    else if (tag.name === 'w:lvl') level = undefined;
    else if (tag.name === 'w:lvlOverride') override = undefined;
  });
  if (xml) parser.write(xml).close();
  return numbering;
}
