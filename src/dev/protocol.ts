// What the dev server and the code it sends to the reader's browser agree on: paths, event names and
// the print view's state. Imported by both sides (src/dev/browser/ is bundled for the browser), so it
// holds constants and types only.

/** The live-reload and print events (Server-Sent Events). */
export const EVENTS_PATH = '/__briefing/events';
/** The print view and everything it serves live under this path. */
export const PRINT_PATH = '/print';
/** A part of the print under way (`?i=` its index in PrintViewState.early), before the print is finished. */
export const EARLY_PART_PATH = `${PRINT_PATH}/part.pdf`;
/**
 * The server-sent event that tells print views the state changed; its data is the state
 * (PrintViewState as JSON: the view need not ask for it, while this process is busy printing).
 */
export const PRINT_EVENT = 'print';

/** `GET /print/state` and PRINT_EVENT's data: what the print view shows. */
export interface PrintViewState {
  /** Counts prints; 0 until the first one. */
  generation: number;
  pages: number;
  /** Milliseconds of the last print, rounded. */
  milliseconds: number;
  /** A print is queued. */
  printing: boolean;
  /** The error overlay's HTML (made by the server, escaped), or '' when there is no error. */
  overlay: string;
  /**
   * Runs of pages ([first, last], 1-based) printed from the same document as in print
   * `generation - 1` (a long edition printed in parts, the parts a save left alone): the same
   * pages, not drawn again.
   */
  kept: Array<[number, number]>;
  /**
   * Parts of print `generation + 1` printed already, [first, last] pages each (the same pages as
   * the parts they replace: none moves), each a PDF of its own at EARLY_PART_PATH?i=<index>: drawn
   * before that print is joined and finished.
   */
  early: Array<[number, number]>;
  /** Runs of pages of print `generation` that are the early parts drawn before it was finished: not drawn again. */
  earlyKept: Array<[number, number]>;
}
