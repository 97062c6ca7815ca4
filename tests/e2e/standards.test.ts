// PDF/UA-1 and PDF/A-2a, proven by veraPDF (the reference validator, tests/support/verapdf.ts) on
// real builds: the review in en, ru and kk, the review on the Letter theme (logo, right-hand chapter
// starts), the starter edition (every content feature), the layout fixture (figures, tables, boxes)
// and tests/fixtures/standards (definition lists, math, sub/superscripts, nested lists, a grid table),
// tests/fixtures/footnotes with `notes: foot` (notes at the page foot as Note elements with IDs, one
// continued on the next page). Then `pdf: { standard }` in briefing.yaml: another level, none, and a
// wrong value. The structure tree as pdf.js reads it: structure-tree.test.ts.
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { copyFixture, ROOT, runCli, STARTER, tempDir } from '../support/cli.js';
import { pdfInfo } from '../support/pdf.js';
import { describeFailures, verapdf, VERAPDF_VERSION, type Verdict } from '../support/verapdf.js';

function build(args: string[]): string {
  const out = tempDir('briefing-standards-');
  const run = runCli(['build', '--format', 'pdf', '--out', out, ...args]);
  expect(run.code, run.stderr).toBe(0);
  return out;
}

/** The PDF's objects as qpdf reads them (qpdf --json), by "obj:N 0 R". */
function objects(
  pdf: string,
): Record<string, { value?: Record<string, unknown>; stream?: { dict: Record<string, unknown> } }> {
  const json = JSON.parse(
    execFileSync('qpdf', ['--json=2', '--json-key=qpdf', pdf], { encoding: 'utf8', maxBuffer: 256 << 20 }),
  ) as { qpdf: [unknown, Record<string, never>] };
  return json.qpdf[1];
}

/** The XMP metadata packet. */
function xmp(pdf: string): string {
  const out = execFileSync('qpdf', ['--show-object=trailer', pdf], { encoding: 'utf8' });
  expect(out).toContain('/Root');
  const root = /\/Root (\d+) 0 R/.exec(out)![1];
  const catalog = execFileSync('qpdf', [`--show-object=${root}`, pdf], { encoding: 'utf8' });
  const metadata = /\/Metadata (\d+) 0 R/.exec(catalog)![1];
  return execFileSync('qpdf', [`--show-object=${metadata}`, '--filtered-stream-data', pdf], { encoding: 'utf8' });
}

describe(`PDF/UA-1 and PDF/A-2a by default, proven by veraPDF ${VERAPDF_VERSION}`, () => {
  const pdfs: string[] = [];
  let ua: Verdict[];
  let a: Verdict[];

  beforeAll(() => {
    const review = build(['--locale', 'all']);
    pdfs.push(...['en', 'ru', 'kk'].map((l) => path.join(review, l, `hr-review-2022.${l}.pdf`)));
    const templates = path.join(tempDir('briefing-standards-theme-'), 'templates');
    cpSync(path.join(ROOT, 'templates'), templates, { recursive: true });
    cpSync(path.join(ROOT, 'tests', 'fixtures', 'themes', 'letter'), templates, { recursive: true });
    pdfs.push(path.join(build(['--templates', templates]), 'en', 'hr-review-2022.en.pdf'));
    pdfs.push(path.join(build(['--content', STARTER]), 'en', 'starter-2022.en.pdf'));
    const layout = path.join(ROOT, 'tests', 'fixtures', 'layout');
    pdfs.push(path.join(build(['--content', layout]), 'en', 'layout-2024.en.pdf'));
    const own = path.join(ROOT, 'tests', 'fixtures', 'standards');
    pdfs.push(path.join(build(['--content', own]), 'en', 'standards-2022.en.pdf'));
    const footTemplates = path.join(tempDir('briefing-standards-foot-'), 'templates');
    cpSync(path.join(ROOT, 'templates'), footTemplates, { recursive: true });
    const theme = path.join(footTemplates, 'theme.yaml');
    writeFileSync(theme, readFileSync(theme, 'utf8').replace(/^notes: .*$/m, 'notes: foot'));
    const footnotes = path.join(ROOT, 'tests', 'fixtures', 'footnotes');
    const foot = build(['--content', footnotes, '--templates', footTemplates, '--locale', 'en']);
    pdfs.push(path.join(foot, 'en', 'footnotes-2025.en.pdf'));
    ua = verapdf(pdfs, 'ua1');
    a = verapdf(pdfs, '2a');
  }, 900_000);

  it('PDF/UA-1: no failed rule in any of them (review en, ru, kk, Letter theme, starter, layout, standards, page-foot notes)', () => {
    expect(ua.map((v) => path.basename(v.file))).toEqual(pdfs.map((p) => path.basename(p)));
    for (const verdict of ua) {
      expect(verdict.profile).toMatch(/PDF\/UA-1/);
      expect(describeFailures(verdict)).toBe('');
      expect(verdict.compliant).toBe(true);
      expect(verdict.passedRules).toBeGreaterThan(100);
    }
  });

  it('PDF/A-2a: no failed rule in any of them', () => {
    for (const verdict of a) {
      expect(verdict.profile).toMatch(/PDF\/A-2A/);
      expect(describeFailures(verdict)).toBe('');
      expect(verdict.compliant).toBe(true);
    }
  });

  it('soft hyphens read as U+00AD and line wraps as spaces (ActualText), with no mark left in the text', () => {
    // pdftotext -raw: the text in content order, ActualText honoured; one line of output per printed line.
    const text = (pdf: string) => execFileSync('pdftotext', ['-raw', pdf, '-'], { encoding: 'utf8' });
    const en = text(pdfs[0]!);
    expect(en).toContain('has been pre\u00AD\npared by the Ministry');
    expect(en.replaceAll('\u00AD\n', '')).toContain('has been prepared by the Ministry');
    expect(en).not.toMatch(/pre-\npared/);
    // A reader that joins the lines as they are (the structure tree's text) gets the words apart.
    expect(en.replaceAll('\n', '')).toContain('in cooperation with authorized state bodies');
    for (const pdf of pdfs.slice(0, 3)) {
      const t = text(pdf);
      expect(t, pdf).not.toMatch(/[\u200C\u200D]/);
      expect(t.split(' \n').length, pdf).toBeGreaterThan(300);
      expect(t.split('\u00AD\n').length, pdf).toBeGreaterThan(t.includes('\u00AD') ? 50 : 0);
      // Every soft hyphen ends a line; no line ends in two spaces.
      expect(t.match(/\u00AD[^\n]/g), pdf).toBeNull();
      expect(t, pdf).not.toMatch(/ {2}\n/);
    }
  });

  it("names each font subset once (ISO 32000-1 9.6.4; the running heads' print brought a second AAAAAA+PTSans-Regular)", () => {
    for (const pdf of pdfs) {
      const names = execFileSync('pdffonts', [pdf], { encoding: 'utf8' })
        .split('\n')
        .slice(2)
        .map((line) => line.split(/\s+/)[0]!)
        .filter(Boolean);
      expect(names.length, pdf).toBeGreaterThan(2);
      expect(
        names.filter((n, i) => names.indexOf(n) !== i),
        pdf,
      ).toEqual([]);
    }
  });

  it('identifies both in the XMP, with an sRGB OutputIntent', () => {
    const meta = xmp(pdfs[0]!);
    expect(meta).toContain('<pdfuaid:part>1</pdfuaid:part>');
    expect(meta).toContain('<pdfaid:part>2</pdfaid:part>');
    expect(meta).toContain('<pdfaid:conformance>A</pdfaid:conformance>');
    expect(meta).toContain('<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>');
    const all = Object.values(objects(pdfs[0]!));
    const intent = all.find((o) => o.value?.['/Type'] === '/OutputIntent')?.value;
    expect(intent).toMatchObject({ '/S': '/GTS_PDFA1', '/OutputConditionIdentifier': 'u:sRGB IEC61966-2.1' });
  });

  it('gives every link annotation the HTML label of its link as /Contents, inside a Link element', () => {
    const all = objects(pdfs[4]!);
    const links = Object.values(all).filter((o) => o.value?.['/Subtype'] === '/Link');
    expect(links.length).toBeGreaterThan(5);
    const contents = links.map((l) => l.value!['/Contents']).map((c) => (typeof c === 'string' ? c : ''));
    for (const c of contents) expect(c).toMatch(/^u:\S/);
    // A note reference is labelled as in the HTML (its aria-label or text), a contents entry by its title.
    expect(contents.some((c) => /^u:[ivx]+$/.test(c))).toBe(true);
    expect(contents).toContain('u:Back to reference i ^2');
    expect(contents).toContain('u:II. National mechanisms');
    expect(contents).toContain('u:https://example.org/first');
    // Every element holding a link annotation (OBJR) is a Link.
    for (const o of Object.values(all)) {
      const kids = o.value?.['/K'];
      const list = Array.isArray(kids) ? kids : [kids];
      const holdsLink = list.some((k) => {
        const ref = typeof k === 'string' ? all[`obj:${k}`]?.value : (k as Record<string, unknown> | undefined);
        const objRef = ref?.['/Type'] === '/OBJR' ? String(ref['/Obj']) : undefined;
        return objRef !== undefined && all[`obj:${objRef}`]?.value?.['/Subtype'] === '/Link';
      });
      if (holdsLink) expect(o.value!['/S']).toBe('/Link');
    }
  });

  it('marks folios (page-margin boxes) as Pagination Footer and running heads as Header artifacts', () => {
    const qdf = path.join(tempDir('briefing-standards-qdf-'), 'q.pdf');
    execFileSync('qpdf', ['--qdf', '--object-streams=disable', pdfs[0]!, qdf]);
    const streams = readFileSync(qdf, 'latin1');
    const count = (subtype: string) =>
      streams.split(`/Artifact <</Type /Pagination /Subtype /${subtype}>> BDC`).length - 1;
    // Every page but the cover, the contents and the title pages has a folio; most a running head.
    const pages = Number(pdfInfo(pdfs[0]!).Pages);
    expect(count('Footer')).toBeGreaterThan(pages * 0.8);
    expect(count('Footer')).toBeLessThan(pages);
    expect(count('Header')).toBeGreaterThan(pages * 0.6);
  });

  it('declares the language of untranslated contents titles in ru (/Lang en on their own element in the Link)', () => {
    const all = objects(pdfs[1]!);
    const value = (ref: unknown) => (typeof ref === 'string' ? all[`obj:${ref}`]?.value : undefined);
    const english = Object.values(all).filter(
      (o) => o.value?.['/Type'] === '/StructElem' && o.value['/Lang'] === 'u:en',
    );
    const inLinks = english.filter((o) => o.value!['/S'] === '/NonStruct' && value(o.value!['/P'])?.['/S'] === '/Link');
    // ru falls back to en for 17 chapter and section files: each one's contents entry.
    expect(inLinks.length).toBeGreaterThanOrEqual(17);
  });

  it('puts list items content in LBody (Chromium writes none)', () => {
    const all = objects(pdfs[0]!);
    const type = (ref: unknown) => (typeof ref === 'string' ? all[`obj:${ref}`]?.value?.['/S'] : undefined);
    const items = Object.values(all).filter((o) => o.value?.['/S'] === '/LI');
    expect(items.length).toBeGreaterThan(20);
    for (const item of items) {
      const kids = item.value!['/K'];
      for (const kid of Array.isArray(kids) ? kids : [kids]) expect(['/Lbl', '/LBody']).toContain(type(kid));
    }
  });
});

describe('pdf: { standard } in briefing.yaml', () => {
  function starterWith(line: string): string {
    const content = copyFixture(STARTER);
    const file = path.join(content, 'briefing.yaml');
    writeFileSync(file, `${readFileSync(file, 'utf8')}${line}\n`);
    return content;
  }

  it('a-2u: identified as PDF/A-2u only, and veraPDF says it is', () => {
    const pdf = path.join(build(['--content', starterWith('pdf: { standard: a-2u }')]), 'en', 'starter-2022.en.pdf');
    const meta = xmp(pdf);
    expect(meta).toContain('<pdfaid:conformance>U</pdfaid:conformance>');
    expect(meta).not.toContain('pdfuaid:part');
    const [verdict] = verapdf([pdf], '2u');
    expect(describeFailures(verdict!)).toBe('');
    expect(verdict!.compliant).toBe(true);
  }, 300_000);

  it('none: no identification, no OutputIntent (Chromium’s tagged print as it is)', () => {
    const pdf = path.join(build(['--content', starterWith('pdf: { standard: none }')]), 'en', 'starter-2022.en.pdf');
    expect(xmp(pdf)).not.toMatch(/pdfa?u?id:part/);
    expect(Object.values(objects(pdf)).some((o) => o.value?.['/Type'] === '/OutputIntent')).toBe(false);
  });

  it('written in briefing.yaml, it holds the content to it: an image without alt, a table without header cells, a skipped heading level are errors at their lines, nothing written', () => {
    const content = starterWith('pdf: { standard: ua-1+a-2a }');
    const chapter = path.join(content, 'en', '01-introduction.md');
    const before = readFileSync(chapter, 'utf8').split('\n').length;
    const added = [
      '',
      '#### A level too deep',
      '',
      'A chart, described nowhere: ![](dot.png) in the text.',
      '',
      '+-----------+-----------+',
      '| no header | cells     |',
      '+-----------+-----------+',
      '',
    ];
    writeFileSync(chapter, `${readFileSync(chapter, 'utf8')}${added.join('\n')}`);
    // A 1×1 PNG.
    writeFileSync(
      path.join(content, 'en', 'dot.png'),
      Buffer.from(
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
        'base64',
      ),
    );
    const line = (text: string) => before + added.indexOf(text);
    const out = tempDir('briefing-standards-held-');
    const run = runCli(['build', '--content', content, '--out', out, '--format', 'pdf']);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toContain(
      `${chapter}:${line('#### A level too deep')}:1 error heading level skips from 1 to 4: PDF/UA-1 + PDF/A-2a asks for no skipped level (use ##) standard:heading-skip`,
    );
    expect(run.stderr).toContain(
      `${chapter}:${line('A chart, described nowhere: ![](dot.png) in the text.')}:29 error image without alt text: PDF/UA-1 + PDF/A-2a asks for a description of every figure (write what the image shows as its alt text: ![Population by region, 2022](chart.png)) standard:image-alt`,
    );
    expect(run.stderr).toContain(
      `${chapter}:${line('+-----------+-----------+')}:1 error table without a header cell: PDF/UA-1 + PDF/A-2a asks for header cells in every data table`,
    );
    expect(run.stderr).toMatch(/standard:table-header/);
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
    // Not written in briefing.yaml (the default standard): the same document builds, with its warning.
    const relaxed = copyFixture(content);
    const yaml = path.join(relaxed, 'briefing.yaml');
    writeFileSync(yaml, readFileSync(yaml, 'utf8').replace('pdf: { standard: ua-1+a-2a }', ''));
    const relaxedOut = tempDir('briefing-standards-relaxed-');
    const built = {
      ...runCli(['build', '--content', relaxed, '--out', relaxedOut, '--format', 'pdf']),
      out: relaxedOut,
    };
    expect(built.code, built.stderr).toBe(0);
    // …and its PDF claims no standard (the default is claimed only by content that meets it), saying
    // so at each place.
    const relaxedChapter = chapter.replace(content, relaxed);
    expect(built.stderr).toContain(
      `${relaxedChapter}:${line('#### A level too deep')}:1 warning heading level skips from 1 to 4: PDF/UA-1 + PDF/A-2a asks for no skipped level, so this PDF claims no standard (use ##; or write \`pdf: { standard: ua-1+a-2a }\` in briefing.yaml to refuse such a document) standard:not-claimed`,
    );
    expect(built.stderr).toContain(
      `${relaxedChapter}:${line('A chart, described nowhere: ![](dot.png) in the text.')}:29 warning image without alt text: PDF/UA-1 + PDF/A-2a asks for a description of every figure, so this PDF claims no standard`,
    );
    expect(built.stderr).toContain(
      `${relaxedChapter}:${line('+-----------+-----------+')}:1 warning table without a header cell: PDF/UA-1 + PDF/A-2a asks for header cells in every data table, so this PDF claims no standard`,
    );
    expect(built.stderr).not.toMatch(/briefing:heading-skip/);
    const claimed = path.join(built.out, 'en', 'starter-2022.en.pdf');
    expect(xmp(claimed)).not.toMatch(/pdfa?u?id:part/);
    expect(Object.values(objects(claimed)).some((o) => o.value?.['/Type'] === '/OutputIntent')).toBe(false);
  });

  it('an unknown standard: exit 1 at the line in briefing.yaml, naming the values, nothing written', () => {
    const content = starterWith('pdf: { standard: a-3b }');
    const out = tempDir('briefing-standards-bad-');
    const run = runCli(['build', '--content', content, '--out', out, '--format', 'pdf']);
    expect(run.code).toBe(1);
    const lines = readFileSync(path.join(content, 'briefing.yaml'), 'utf8').split('\n');
    const line = lines.findIndex((l) => l.startsWith('pdf:'));
    const column = lines[line]!.indexOf('a-3b') + 1;
    expect(run.stderr).toContain(
      `${path.join(content, 'briefing.yaml')}:${line + 1}:${column} error \`pdf.standard\` must be one of ua-1, a-2b, a-2u, a-2a, none`,
    );
    expect(run.stderr).toMatch(/\(write `pdf: \{ standard: ua-1\+a-2a \}`\) config:invalid/);
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  });
});
