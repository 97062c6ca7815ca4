// A section's id comes from its file name, unique within its chapter folder; two folders may each hold
// an onboarding.md (Quarto and MkDocs sites do), and a section may be named as a chapter is. Such a
// section's id is qualified by its chapter's: `mentors--onboarding` (a heading "Onboarding" in that
// chapter is `mentors-onboarding`). Worked out on the source locale and applied to a translation by
// the same names, so a translation that lacks one of the two files still pairs the other with its source.
import type { ChapterSource } from './read.js';

/** `chapter/section` → the section's edition-wide id, for the sections whose own id is taken elsewhere. */
export function sectionRenames(chapters: readonly ChapterSource[]): Map<string, string> {
  const owners = new Map<string, number>();
  const claim = (id: string) => owners.set(id, (owners.get(id) ?? 0) + 1);
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
