// The proof of page-foot notes (theme `notes: foot`), read from the printed PDF like the contents
// numbers and the layout check: the page of every first reference mark and of every note (their
// named destinations), the top and end of every note area, the tops of the body's blocks (the layout
// markers). Findings, each a warning with its page and the Markdown file:line of the reference
// (`--strict` makes them errors): a note not on its reference's page (a part continued on the next
// page is expected), a note printed nowhere, body text below a note area, a note area running on
// to the next page (an overfull page).
import type { Diagnostic } from '../messages.js';
import { RULES, type Rule } from '../rules.js';
import type { FootNotes } from './foot-notes.js';
import type { PlacedDestination } from './layout-check.js';

export function proveFootNotes(
  foot: FootNotes,
  placed: ReadonlyMap<string, PlacedDestination>,
  /** Destination ids of the body's blocks (start markers of the layout check). */
  bodyMarks: readonly string[],
  file: string,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const warn = (source: string | undefined, message: string, rule: Rule) =>
    diagnostics.push({ ...where(source, file), severity: 'warning', message, rule: rule.id, fix: rule.fix });

  for (const note of foot.notes) {
    const ref = (placed.get(note.markId) ?? placed.get(note.refId))?.page;
    const own = placed.get(note.id)?.page;
    if (ref === undefined || own === undefined) {
      warn(note.source, `note ${note.label} is not in the printed PDF`, RULES.footnotePage);
    } else if (own !== ref) {
      warn(
        note.source,
        `page ${ref}: note ${note.label} is printed on page ${own}, not on the page of its reference`,
        RULES.footnotePage,
      );
    }
  }
  for (const note of foot.unplaced) {
    warn(
      undefined,
      `note ${note.label} (#${note.id}) has no reference in the text: it is printed nowhere`,
      RULES.footnotePage,
    );
  }

  for (const area of foot.areas) {
    const start = placed.get(area.id);
    const end = placed.get(area.endId);
    if (!start || !end) continue;
    const source = foot.notes.find((n) => n.area === area.id)?.source;
    if (end.page !== start.page && !area.tail) {
      warn(
        source,
        `page ${start.page}: its notes run on to page ${end.page} (the page is taller than its frame)`,
        RULES.footnoteOverfull,
      );
    }
    // PDF heights grow upwards: a block starting lower on the page than the notes' top is below them.
    const below = bodyMarks.filter((id) => {
      const d = placed.get(id);
      return d?.page === start.page && d.top !== undefined && start.top !== undefined && d.top < start.top - 1;
    });
    if (below.length > 0) {
      warn(
        source,
        `page ${start.page}: ${below.length} block(s) of body text printed below the notes at the foot of the page`,
        RULES.footnoteOverlap,
      );
    }
  }
  return diagnostics;
}

function where(source: string | undefined, fallback: string): Pick<Diagnostic, 'file' | 'line' | 'column'> {
  const m = source ? /^(.*):(\d+):(\d+)$/.exec(source) : null;
  return m ? { file: m[1]!, line: Number(m[2]), column: Number(m[3]) } : { file: fallback };
}
