// Independent readers of a .docx for the Word edition's tests: python-docx (its headings, tables,
// footnotes and endnotes, as a Python program reading Word files sees them) and LibreOffice headless
// (the file opens and converts to PDF). Both are installed by `npm run setup` (scripts/setup.sh); a
// test that needs one is skipped only on a machine without it outside CI (CI must have both).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const PROBE = String.raw`
import json, sys, docx
from docx.oxml.ns import qn
d = docx.Document(sys.argv[1])
headings = {}
for p in d.paragraphs:
    name = p.style.name if p.style is not None else ''
    if name.startswith('Heading '):
        headings.setdefault(name[8:], []).append(p.text)
def notes(reltype, tag):
    for rel in d.part.rels.values():
        if rel.reltype.endswith('/' + reltype):
            root = rel.target_part.element if hasattr(rel.target_part, 'element') else None
            if root is None:
                from lxml import etree
                root = etree.fromstring(rel.target_part.blob)
            return [''.join(t.text or '' for t in n.iter(qn('w:t'))) for n in root.iter(qn(tag)) if n.get(qn('w:type')) is None]
    return []
print(json.dumps({
    'headings': headings,
    'tables': len(d.tables),
    'tableCells': [[[c.text for c in r.cells] for r in t.rows] for t in d.tables],
    'footnotes': notes('footnotes', 'w:footnote'),
    'endnotes': notes('endnotes', 'w:endnote'),
    'paragraphs': [p.text for p in d.paragraphs],
    'title': d.core_properties.title,
}))
`;

export interface WordReading {
  /** Heading level ("1"…"6") → texts, in order. */
  headings: Record<string, string[]>;
  tables: number;
  tableCells: string[][][];
  footnotes: string[];
  endnotes: string[];
  paragraphs: string[];
  title: string;
}

export function hasPythonDocx(): boolean {
  return spawnSync('python3', ['-c', 'import docx'], { stdio: 'ignore' }).status === 0;
}

export function hasSoffice(): boolean {
  return spawnSync('soffice', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Skip only where the tool is missing and this is not CI (CI installs it with scripts/setup.sh). */
export const skipWithout = (present: boolean) => !present && !process.env.CI;

export function readWithPythonDocx(file: string): WordReading {
  return JSON.parse(
    execFileSync('python3', ['-c', PROBE, file], { encoding: 'utf8', maxBuffer: 64 << 20 }),
  ) as WordReading;
}

/** LibreOffice headless converts the .docx to PDF: the PDF's path (throws when it fails). */
export function sofficeToPdf(file: string): string {
  const out = mkdtempSync(path.join(tmpdir(), 'briefing-soffice-'));
  // A profile of its own: no lock shared with another LibreOffice on the machine.
  const profile = `file://${mkdtempSync(path.join(tmpdir(), 'briefing-soffice-profile-'))}`;
  execFileSync(
    'soffice',
    [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', out, file],
    { encoding: 'utf8', timeout: 300_000 },
  );
  const pdf = path.join(out, readdirSync(out).find((f) => f.endsWith('.pdf')) ?? 'missing.pdf');
  if (!existsSync(pdf)) throw new Error(`LibreOffice wrote no PDF for ${file}`);
  return pdf;
}
