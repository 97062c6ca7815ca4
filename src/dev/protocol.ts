// What the dev server and the code it sends to the reader's browser agree on: paths, event names and
// the print view's state. Imported by both sides (src/dev/browser/ is bundled for the browser), so it
// holds constants and types only.

/** The live-reload and print events (Server-Sent Events). */
export const EVENTS_PATH = '/__briefing/events';
/** The print view and everything it serves live under this path. */
export const PRINT_PATH = '/print';
/** The server-sent event that tells print views to fetch the state again. */
export const PRINT_EVENT = 'print';

/** `GET /print/state`: what the print view shows. */
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
}
