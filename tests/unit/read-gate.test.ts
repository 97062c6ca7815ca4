// Issue 23, one gate for every read of fonts: font packages come from Briefing's own dependencies only
// (never from a node_modules/ inside the content or templates folder), a font specifier is a package
// name (no `..`), and every file of a package is read through src/paths.ts (a linked .woff2 is refused).
import { describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadTheme } from '../../src/render/theme.js';
import { inlinePackageSheet } from '../../src/render/fonts.js';
import { failureMessages } from '../support/errors.js';
import { ROOT, tempDir } from '../support/cli.js';

const TEMPLATES = path.join(ROOT, 'templates');
const SECRET = 'BRIEFING-TEST-SECRET id_rsa and CI_TOKEN=hunter2';
const SECRET_B64 = Buffer.from(SECRET).toString('base64');

/** A file outside every folder Briefing reads, standing in for ~/.ssh/id_rsa or /proc/self/environ. */
function secretFile(): string {
  const file = path.join(tempDir('briefing-secret-'), 'id_rsa');
  writeFileSync(file, SECRET);
  return file;
}

/** node_modules/<name>/ under `dir`: a stylesheet whose woff2 is a link to the secret. */
function plantPackage(dir: string, name: string, family: string): void {
  const pkg = path.join(dir, 'node_modules', ...name.split('/'));
  mkdirSync(path.join(pkg, 'files'), { recursive: true });
  writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name, version: '1.0.0' }));
  writeFileSync(
    path.join(pkg, '400.css'),
    `@font-face {\n  font-family: '${family}';\n  font-style: normal;\n  font-weight: 400;\n  src: url(./files/leak.woff2) format('woff2');\n}\n`,
  );
  symlinkSync(secretFile(), path.join(pkg, 'files', 'leak.woff2'));
}

function templatesCopy(theme?: string): string {
  const dir = path.join(tempDir('briefing-gate-'), 'templates');
  cpSync(TEMPLATES, dir, { recursive: true });
  if (theme !== undefined) writeFileSync(path.join(dir, 'theme.yaml'), theme);
  return dir;
}

const shown = (text: string, dir: string, as: string) => text.replaceAll(dir, as);

describe('font packages: only Briefing’s own dependencies', () => {
  it('content/_brand.yml naming a family planted in content/node_modules/@fontsource/ is refused, nothing of it read', async () => {
    const content = path.join(tempDir('briefing-gate-content-'), 'content');
    mkdirSync(content, { recursive: true });
    writeFileSync(path.join(content, '_brand.yml'), 'typography:\n  base: Leak Sans\n');
    plantPackage(content, '@fontsource/leak-sans', 'Leak Sans');
    const text = await failureMessages(() => loadTheme(TEMPLATES, content));
    expect(shown(text, content, 'content')).toBe(
      'content/_brand.yml:2:9 error font "Leak Sans" is not in typography.fonts, so brand.yml would fetch it from Google Fonts; Briefing prints offline (run `npm install @fontsource/leak-sans`, or add its files under typography.fonts with `source: file`) theme:brand-font',
    );
    expect(text).not.toContain(SECRET_B64);
  });

  it('templates/node_modules/ cannot shadow a package Briefing has: the default PT Serif is Briefing’s own', async () => {
    const templates = templatesCopy();
    plantPackage(templates, '@fontsource/pt-serif', 'PT Serif');
    const theme = await loadTheme(templates);
    expect(theme.fonts.body.css).not.toContain(SECRET_B64);
    expect(theme.fonts.body.css).toBe((await loadTheme(TEMPLATES)).fonts.body.css);
    expect(theme.fonts.body.css).toMatch(/src: url\(data:font\/woff2;base64,d09GMg/);
  });

  it('a package only in templates/node_modules/ is not found', async () => {
    const templates = templatesCopy('fonts:\n  body: "@fontsource/leak-sans"\n');
    plantPackage(templates, '@fontsource/leak-sans', 'Leak Sans');
    const text = await failureMessages(() => loadTheme(templates));
    expect(shown(text, templates, 'templates')).toBe(
      'templates/theme.yaml:2:9 error font package "@fontsource/leak-sans" not found (run `npm install @fontsource/leak-sans`) theme:missing-font',
    );
  });

  it('a content folder that holds Briefing’s own node_modules is refused as a source of fonts', async () => {
    const text = await failureMessages(() => loadTheme(TEMPLATES, ROOT));
    expect(text.split('\n')[0]).toBe(
      `templates/theme.yaml:1:1 error font package "@fontsource/pt-serif" was found in ${path.join(ROOT, 'node_modules', '@fontsource', 'pt-serif')}, inside the content or templates folder (remove that node_modules folder: font packages come from Briefing's own dependencies (\`npm install @fontsource/pt-serif\` where Briefing is installed)) theme:font`,
    );
  });

  it('fonts.body: "x/../../../outside/pkg" is refused at its place, the package beside the templates folder unread', async () => {
    const templates = templatesCopy('fonts:\n  body: "x/../../../outside/pkg"\n');
    // Where a resolution from templates/node_modules/x/ walks to: the package beside the templates folder.
    mkdirSync(path.join(templates, 'node_modules', 'x'), { recursive: true });
    plantPackage(path.dirname(templates), 'outside-base', 'Outside');
    cpSync(
      path.join(path.dirname(templates), 'node_modules', 'outside-base'),
      path.join(path.dirname(templates), 'outside', 'pkg'),
      { recursive: true, verbatimSymlinks: true },
    );
    const text = await failureMessages(() => loadTheme(templates));
    expect(shown(text, templates, 'templates')).toBe(
      'templates/theme.yaml:2:9 error "x/../../../outside/pkg" is not an npm font package name (name a package such as "@fontsource/pt-serif" or one stylesheet of it ("@fontsource/pt-serif/700.css"); a path with . or .. is not a package) theme:font',
    );
  });
});

describe('files of a font package: through src/paths.ts', () => {
  const at = { file: '/t/theme.yaml', line: 2, column: 9 };

  it('a .woff2 linked outside the package is refused', async () => {
    const root = path.join(tempDir('briefing-pkg-'), 'node_modules', 'pkg');
    plantPackage(path.dirname(path.dirname(root)), 'pkg', 'Leak');
    const text = await failureMessages(() =>
      inlinePackageSheet({ css: path.join(root, '400.css'), folder: { root, name: 'font package "pkg"' } }, at),
    );
    expect(text).toMatch(
      /^\/t\/theme\.yaml:2:9 error font package "pkg": "files\/leak\.woff2" is a symbolic link to a file outside the font package "pkg" \(.*id_rsa\) \(reinstall the font package \(`npm ci`\): its files must lie inside it\) theme:font$/,
    );
  });

  it('a url(./../…) walking out of the package is refused', async () => {
    const base = tempDir('briefing-pkg-');
    const root = path.join(base, 'pkg');
    mkdirSync(root);
    writeFileSync(path.join(base, 'stolen.woff2'), SECRET);
    writeFileSync(
      path.join(root, '400.css'),
      "@font-face { font-family: 'X'; src: url(./../stolen.woff2) format('woff2'); }\n",
    );
    const text = await failureMessages(() =>
      inlinePackageSheet({ css: path.join(root, '400.css'), folder: { root, name: 'font package "pkg"' } }, at),
    );
    expect(text).toBe(
      '/t/theme.yaml:2:9 error font package "pkg": "../stolen.woff2" is outside the package (reinstall the font package (`npm ci`): its files must lie inside it) theme:font',
    );
    expect(readFileSync(path.join(base, 'stolen.woff2'), 'utf8')).toBe(SECRET);
  });
});
