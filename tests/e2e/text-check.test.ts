// `build --verify-text`: a word the theme hides in print is named at its Markdown line; without the
// flag, or with nothing hidden, no such warning.
import { describe, expect, it } from 'vitest';
import { appendFileSync, cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli, ROOT, tempDir } from '../support/cli.js';

const REPORT = `---
title: Hidden words
---

# Findings

The first paragraph is printed in full.

A second paragraph says <span class="hidden-in-print">zanzibar</span> once.

The last paragraph is printed too.
`;

describe('build --verify-text', () => {
  it('names the line of a word that the PDF lacks, and only with the flag', () => {
    const dir = tempDir();
    const templates = path.join(dir, 'templates');
    cpSync(path.join(ROOT, 'templates'), templates, { recursive: true });
    appendFileSync(path.join(templates, 'print.css'), '\n.hidden-in-print { display: none; }\n');
    const report = path.join(dir, 'report.md');
    writeFileSync(report, REPORT);
    const args = ['build', report, '--templates', templates, '--format', 'pdf', '--out', path.join(dir, 'out'), '-q'];
    const run = runCli([...args, '--verify-text']);
    expect(run.code).toBe(0);
    const lines = run.stderr.split('\n').filter((l) => l.endsWith('layout:text-missing'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(
        `^${report.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:9:1 warning 1 of the 6 words .*"zanzibar" \\(.+\\) layout:text-missing$`,
      ),
    );
    expect(runCli(args).stderr).not.toMatch(/text-missing/);
    writeFileSync(report, REPORT.replace('hidden-in-print', 'shown'));
    expect(runCli([...args, '--verify-text']).stderr).not.toMatch(/text-missing/);
  });
});
