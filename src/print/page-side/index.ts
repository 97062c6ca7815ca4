// The print page's own code, bundled by esbuild into one script (../page-script.ts) and put into each
// print page once: every step that reads or changes the laid-out page is a call into `briefingPage`.
import type { PageSide } from '../page-script.js';
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
};

(window as Window & { briefingPage?: PageSide }).briefingPage = pageSide;
