// The order in which a build's locales use the one browser (build.ts).

/**
 * The locales' turns at the browser. In a single-process browser, whose one renderer prints one page
 * at a time, a locale's print begins once the locale before it is printing (`ready`); with a renderer
 * per page (the CLI's builds of several locales) it does not wait (build.ts). Its PDF is finished
 * here once the next locale is printing too (`nextPrinting`). Finishing a PDF (this process's CPU)
 * while the next print's page was prepared held up the round trips that preparation takes, and the
 * browser waited; with every print begun at once in one renderer, every PDF was finished after the last.
 */
export class Turns {
  private previous: Promise<void> = Promise.resolve();
  private passOn: () => void = () => {};
  /** Settles once the first locale is printing (or failed to). */
  first: Promise<void> | undefined;

  take(): Turn {
    const ready = this.previous;
    let begun = () => {};
    const printing = new Promise<void>((resolve) => (begun = resolve));
    let nextBegun = () => {};
    const nextPrinting = new Promise<void>((resolve) => (nextBegun = resolve));
    void printing.then(this.passOn);
    this.passOn = nextBegun;
    this.previous = printing;
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
