// The print page's own code, bundled by esbuild into one script (../page-script.ts) that the first
// step asked of a print page's document brings along: every step that reads or changes the laid-out
// page is then a call into `briefingPage`.
import type { PageSide } from '../page-script.js';
import { columnGuess } from './column-guess.js';
import { heldDigests } from './digest.js';
import { placeFootNotes } from './foot-notes.js';
import { fitAndMark } from './layout-marks.js';
import { putSettled, settledHold, settleSoftHyphens } from './hyphens.js';
import { applyLineWraps, markLineWraps, putMarksFound } from './line-ends.js';
import { buildPart, partDigests } from './parts.js';
import { applyTracks, applyVariants, evenWordSpaces } from './word-spaces.js';

/** A step that finds the text as it prints: the line wraps' marks left to put in go in first. */
function afterMarks<A extends unknown[], R>(step: (...args: A) => R): (...args: A) => R {
  return (...args) => {
    putMarksFound();
    return step(...args);
  };
}

const pageSide: PageSide = {
  settleSoftHyphens: afterMarks(settleSoftHyphens),
  putSettled: afterMarks(putSettled),
  settledHold: afterMarks(settledHold),
  markLineWraps,
  applyLineWraps: afterMarks(applyLineWraps),
  evenWordSpaces: afterMarks(evenWordSpaces),
  applyVariants: afterMarks(applyVariants),
  applyTracks: afterMarks(applyTracks),
  fitAndMark,
  placeFootNotes: afterMarks(placeFootNotes),
  columnGuess: afterMarks(columnGuess),
  heldDigests: afterMarks(heldDigests),
  // The marks put in once the batch is built, as when its digests were a step of their own.
  partDigests: (...args) => {
    const digests = partDigests(...args);
    putMarksFound();
    return digests;
  },
  buildPart,
};

(window as Window & { briefingPage?: PageSide }).briefingPage = pageSide;
