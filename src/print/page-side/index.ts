// The print page's own code, bundled by esbuild into one script (../page-script.ts) that the first
// step asked of a print page's document brings along: every step that reads or changes the laid-out
// page is then a call into `briefingPage`.
import type { PageSide } from '../page-script.js';
import { heldDigests } from './digest.js';
import { placeFootNotes } from './foot-notes.js';
import { fitAndMark } from './layout-marks.js';
import { putSettled, settledHold, settleSoftHyphens } from './hyphens.js';
import { applyLineWraps, markLineWraps } from './line-ends.js';
import { applyTracks, applyVariants, evenWordSpaces } from './word-spaces.js';

const pageSide: PageSide = {
  settleSoftHyphens,
  putSettled,
  settledHold,
  markLineWraps,
  applyLineWraps,
  evenWordSpaces,
  applyVariants,
  applyTracks,
  fitAndMark,
  placeFootNotes,
  heldDigests,
};

(window as Window & { briefingPage?: PageSide }).briefingPage = pageSide;
