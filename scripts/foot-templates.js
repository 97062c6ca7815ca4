#!/usr/bin/env node
// A copy of the built-in templates with `notes: foot` (issue 25), to print any report — the shipped
// review keeps its Sources list and `notes: chapter` — with its notes at the foot of their pages:
//   node scripts/foot-templates.js /tmp/foot-templates
//   briefing build --content content --templates /tmp/foot-templates --format pdf
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const target = process.argv[2];
if (!target) {
  process.stderr.write('usage: node scripts/foot-templates.js <new templates folder>\n');
  process.exit(2);
}
const templates = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'templates');
cpSync(templates, target, { recursive: true });
const theme = path.join(target, 'theme.yaml');
writeFileSync(theme, readFileSync(theme, 'utf8').replace(/^notes: .*$/m, 'notes: foot'));
process.stdout.write(`${target}\n`);
