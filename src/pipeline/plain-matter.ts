// Front matter of plain `key: text` lines (`short: Introduction`, the form nearly every chapter
// has) read without the YAML parser, which costs ~0.25 ms a file even so (20 × the review, 421
// files: ~0.1 s of a rebuild). Only text YAML 1.2 reads as those same strings: anything else (a
// quote, a flow or block indicator, a comment, a number, true/false/null, a key twice, an empty
// value, a space at an end) is undefined, and remark-matter.ts gives it to the YAML parser.

/** A key: lower-case letters, as Briefing's and Pandoc's are. */
const LINE = /^([a-z]+): ([A-Za-z][A-Za-z0-9 ,.'()/-]*)$/;
/** Plain scalars of YAML 1.2's core schema that are not strings. */
const NOT_TEXT = new Set(['true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'null', 'Null', 'NULL']);

/** The front matter's keys and their text, if every line is `key: text` as above; else undefined. */
export function plainMatter(yaml: string): Record<string, string> | undefined {
  const matter: Record<string, string> = {};
  const lines = yaml.split('\n');
  if (lines.length === 0 || lines.length > 50) return undefined;
  for (const line of lines) {
    const match = LINE.exec(line);
    if (!match) return undefined;
    const [, key, value] = match as unknown as [string, string, string];
    // (A space at the end YAML drops; two in a row are left to it too. A key true or null is no string.)
    if (
      value.endsWith(' ') ||
      value.includes('  ') ||
      NOT_TEXT.has(value) ||
      NOT_TEXT.has(key) ||
      Object.hasOwn(matter, key)
    )
      return undefined;
    matter[key] = value;
  }
  return matter;
}
