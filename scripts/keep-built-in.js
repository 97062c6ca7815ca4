// The cache entries the built-in templates make (their Handlebars code, their problems, their ids),
// made ahead of time into dist/kept/ by `npm run compile` after tsc, as compile-schemas.js makes the
// validators: a cold build with the built-in templates then neither compiles nor checks them. Keyed
// as in the cache folder (src/cache.ts keptByText, src/render/template-cache.ts), by the templates'
// text and the code that reads them (dist/, as the CLI reads it): other templates are a miss.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { keepBuiltIn } from '../dist/cache.js';
import { PACKAGE_ROOT } from '../dist/package-root.js';
import { templateIds } from '../dist/pipeline/unique-ids.js';
import { loadTemplates } from '../dist/render/render.js';
import { PACKAGE_PATTERNS, packagePatterns } from '../dist/render/rehype-hyphenate.js';

const dir = path.join(PACKAGE_ROOT, 'dist', 'kept');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
// Computed here, not taken from this user's cache folder.
process.env.BRIEFING_CACHE_DIR = 'off';
keepBuiltIn(dir);
const templates = path.join(PACKAGE_ROOT, 'templates');
await loadTemplates(templates);
await templateIds(templates);
// The hyphen package's pattern files as JSON (src/render/rehype-hyphenate.ts packagePatterns).
for (const name of PACKAGE_PATTERNS) packagePatterns(name);
