// A section's id comes from its file name, unique within its chapter folder; two folders may each hold
// an onboarding.md (Quarto and MkDocs sites do), and a section may be named as a chapter is. Such a
// section's id is qualified by its chapter's: `mentors--onboarding` (a heading "Onboarding" in that
// chapter is `mentors-onboarding`). Worked out on the source locale and applied to a translation by
// the same names, so a translation that lacks one of the two files still pairs the other with its source.
import type { ChapterSource } from './read.js';

/**
 * The ids Briefing's own templates give their elements (`<main id="content">`, the cover's
 * `id="preface"`…; tests/unit/pipeline.test.ts reads them from templates/): a chapter file named
 * `preface.qmd` or `content.md` takes `preface-2`, as a second file of one name does, and a section so
 * named is qualified by its chapter's. A user's templates' other ids are checked in the edition (unique-ids.ts).
 */
export const TEMPLATE_IDS: readonly string[] = ['preface', 'contents-title', 'briefing-page-plan', 'content'];

/** `chapter/section` → the section's edition-wide id, for the sections whose own id is taken elsewhere. */
export function sectionRenames(chapters: readonly ChapterSource[]): Map<string, string> {
  const owners = new Map<string, number>();
  const claim = (id: string) => owners.set(id, (owners.get(id) ?? 0) + 1);
  TEMPLATE_IDS.forEach(claim);
  for (const chapter of chapters) {
    claim(chapter.slug);
    for (const section of chapter.sections) claim(section.slug);
  }
  const renames = new Map<string, string>();
  for (const chapter of chapters) {
    for (const section of chapter.sections) {
      if (owners.get(section.slug) === 1) continue;
      let id = `${chapter.slug}--${section.slug}`;
      for (let n = 2; owners.has(id); n++) id = `${chapter.slug}--${section.slug}-${n}`;
      claim(id);
      renames.set(`${chapter.slug}/${section.slug}`, id);
    }
  }
  return renames;
}

/** The renames put in place (on the sources the same names name). */
export function applySectionRenames(chapters: readonly ChapterSource[], renames: ReadonlyMap<string, string>): void {
  if (renames.size === 0) return;
  for (const chapter of chapters)
    for (const section of chapter.sections)
      section.slug = renames.get(`${chapter.slug}/${section.slug}`) ?? section.slug;
}
