// docs/RULES.md, generated from the catalogue in rules.ts (`npm run docs:rules`; a unit test checks
// that the committed page is up to date).
import { RULES, ruleAnchor } from './rules.js';

const escape = (text: string): string => text.replace(/\|/g, '\\|');

export function rulesPage(): string {
  const rows = Object.values(RULES)
    .map(
      (r) =>
        `| <a id="${ruleAnchor(r.id)}"></a>\`${r.id}\` | ${r.severity} | ${escape(r.description)} | ${escape(r.fix)} |`,
    )
    .join('\n');
  return `# Rules

<!-- Generated from src/rules.ts by \`npm run docs:rules\`: edit the catalogue, not this page. -->

Every problem Briefing reports ends with one of these ids, e.g.
\`content/en/02-mechanisms.md:14:3 error note "x" has no definition (…) briefing:dangling-note\`.
The message itself names the place and the fix for the case at hand; this table says what each rule is
about. Errors stop a build (nothing is written); warnings are printed, and stop it with \`--strict\`;
\`info\` is a note.

| Rule | Severity | What it means | Usual fix |
| --- | --- | --- | --- |
${rows}
`;
}
