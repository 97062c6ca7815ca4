// The order in which a build's locales use the browser (build.ts).

/**
 * The locales' turns at the browser. In a single-process browser, whose one renderer prints one page
 * at a time, a locale's print begins once the locale before it in the same lane (the same browser,
 * build.ts printLanes) is printing (`ready`); with a renderer per page it does not wait (build.ts).
 * Its PDF is finished here once the next locale, in any lane, is printing too (`nextPrinting`).
 * Finishing a PDF (this process's CPU) while the next print's page was prepared held up the round
 * trips that preparation takes, and the browser waited; with every print begun at once in one
 * renderer, every PDF was finished after the last.
 */
export class Turns {
  /** Each lane's last locale, printing once its promise settles. */
  private readonly lanes = new Map<number, Promise<void>>();
  private passOn: () => void = () => {};
  /** Settles once the first locale is printing (or failed to). */
  first: Promise<void> | undefined;

  take(lane = 0): Turn {
    const ready = this.lanes.get(lane) ?? Promise.resolve();
    let begun = () => {};
    const printing = new Promise<void>((resolve) => (begun = resolve));
    let nextBegun = () => {};
    const nextPrinting = new Promise<void>((resolve) => (nextBegun = resolve));
    void printing.then(this.passOn);
    this.passOn = nextBegun;
    this.lanes.set(lane, printing);
    this.first ??= printing;
    return { ready, begun, nextPrinting };
  }

  /** No locale follows: the last one's PDF is finished as soon as it is printed. */
  end(): void {
    this.passOn();
  }
}

/** A locale's turn at the browser (see Turns): call `begun` once this locale is printing. */
export interface Turn {
  ready: Promise<void>;
  begun: () => void;
  nextPrinting: Promise<void>;
}
