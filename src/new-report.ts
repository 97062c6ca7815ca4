// `briefing new <dir>`: a small report to start from, that builds as written: briefing.yaml, an
// English edition of two chapters (a note with its source, a callout box) and a .gitignore for the
// output. No templates are copied (Briefing's own are used) and no strings.yaml (English needs none).
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fail } from './messages.js';
import { RULES } from './rules.js';
import { editionDate } from './environment.js';

export function newReport(dir: string): string[] {
  const root = path.resolve(dir);
  if (exists(root) && (!statSync(root).isDirectory() || readdirSync(root).length > 0)) {
    fail({
      file: root,
      message: 'folder is not empty: a new report is written only into a new or empty folder',
      rule: RULES.newNotEmpty.id,
      fix: 'name a folder that does not exist yet',
    });
  }
  const year = editionDate(new Date().getUTCFullYear()).getUTCFullYear();
  const files = starterFiles(path.basename(root), year);
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(root, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text, { flag: 'wx' });
  }
  return Object.keys(files).map((name) => path.join(root, name));
}

function exists(p: string): boolean {
  try {
    statSync(p);
    return true;
  } catch {
    return false;
  }
}

/** The starter's files by path: the id is the folder's name in the letters an id allows. */
function starterFiles(folderName: string, year: number): Record<string, string> {
  const id =
    folderName
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^[-._]+|-+$/g, '') || 'report';
  return {
    '.gitignore': 'output/\n',
    'content/briefing.yaml': `# The edition's settings (README, "Content layout").\nid: ${id}\nyear: ${year}\nsourceLocale: en\nlocales: [en]\n`,
    'content/en/edition.yaml': `title: A new report\nsubtitle: Written with Briefing\npublisher: Your organisation\n`,
    'content/en/01-introduction.md': `# Introduction

This report starts here. Write each chapter in its own Markdown file in \`content/en/\`; files are read
in the order of their names, and the number before the name orders them.

A note goes after the words it supports, and its source is written once in \`sources.md\`.[^briefing]

:::callout
A callout box stands beside the paragraph before it. Use it for a key figure or a short aside.
:::

## What comes next

Run \`briefing build\` to write the PDF and the web edition into \`output/\`, and \`briefing dev\` to
preview the web edition while you write.
`,
    'content/en/02-findings.md': `# Findings

Chapters and their sections are numbered for you: never type a number into a heading.

| Finding   | Share |
| --------- | ----: |
| The first |  60 % |
| The other |  40 % |

Table: What was found, in shares of the total
`,
    'content/en/sources.md': `# Sources

[^briefing]: Briefing, the tool that printed this report <https://github.com/>
`,
  };
}
