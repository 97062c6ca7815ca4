// Write docs/RULES.md from the rule catalogue (src/rules.ts, compiled to dist/ by `npm run compile`).
import { writeFileSync } from 'node:fs';
import { rulesPage } from '../dist/rules-page.js';

const target = new URL('../docs/RULES.md', import.meta.url);
writeFileSync(target, rulesPage());
console.log(`wrote ${target.pathname}`);
