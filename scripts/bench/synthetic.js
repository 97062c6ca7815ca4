// Synthetic long editions for the scale benchmarks: a content folder with the source locale's
// chapters repeated `times` times under new names (new slugs, citing the same notes), English only.
import { cpSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';

/** Make `<work>/x<times>` from the content folder `content`; returns its path. */
export function syntheticEdition(content, work, times) {
  const dir = path.join(work, `x${times}`);
  const en = path.join(dir, 'en');
  rmSync(dir, { recursive: true, force: true });
  cpSync(path.resolve(content), dir, { recursive: true });
  for (const other of readdirSync(dir))
    if (other !== 'en' && statSync(path.join(dir, other)).isDirectory())
      rmSync(path.join(dir, other), { recursive: true });
  const chapters = readdirSync(en).filter((name) => /^\d+-/.test(name));
  for (let copy = 2; copy <= times; copy += 1) {
    for (const name of chapters) {
      const [, order, slug] = /^(\d+)-(.*)$/.exec(name);
      const target = path.join(
        en,
        `${String(copy * 100 + Number(order)).padStart(4, '0')}-${slug.replace(/\.md$/, '')}-${copy}${name.endsWith('.md') ? '.md' : ''}`,
      );
      cpSync(path.join(en, name), target, { recursive: true });
      if (statSync(target).isDirectory()) {
        for (const section of readdirSync(target).filter((f) => /^\d+-.*\.md$/.test(f))) {
          renameSync(path.join(target, section), path.join(target, section.replace(/\.md$/, `-${copy}.md`)));
        }
      }
    }
  }
  englishOnly(path.join(dir, 'briefing.yaml'));
  return dir;
}

/** The source locale only: settings of the other locales (typography) would name a locale the edition lacks. */
function englishOnly(config) {
  const settings = parseDocument(readFileSync(config, 'utf8'));
  settings.set('locales', ['en']);
  const typography = settings.get('typography');
  for (const item of typography?.items ?? []) if (String(item.key) !== 'en') typography.delete(item.key);
  writeFileSync(config, settings.toString());
}

// `node scripts/bench/synthetic.js <times> <work>`: make one edition and print its path.
if (import.meta.url === `file://${process.argv[1]}`) {
  const [times, work] = process.argv.slice(2);
  console.log(syntheticEdition('content', path.resolve(work), Number(times)));
}
