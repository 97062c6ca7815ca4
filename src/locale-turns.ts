// The order in which a build's locales use the browser (build.ts).

/**
 * The locales' turns at the browser. In a single-process browser, whose one renderer prints one page
 * at a time, a locale's print begins once the locale before it in the same lane (the same browser,
 * build.ts printLanes) is printing (`ready`); with a renderer per page it does not wait (build.ts).
 * Its PDF is finished here once the next locale, in any lane, is printing too (`nextPrinting`).
 * Finishing a PDF (this process's CPU) while the next print's page was prepared held up the round
 * trips that preparation takes, and the browser waited; with every print begun at once in one
 * renderer, every PDF was finished after the last. The web editions are rendered once every
 * locale's print HTML is handed to the browser (`everyHanded`): rendered before, en's held up ru's and
 * kk's print HTML, and their prints, by ~0.1 s each.
 */
export class Turns {
  /** Each lane's last locale, printing once its promise settles. */
  private readonly lanes = new Map<number, Promise<void>>();
  private passOn: () => void = () => {};
  /** Settles once the first locale is printing (or failed to). */
  first: Promise<void> | undefined;
  private taken = 0;
  private handedCount = 0;
  private ended = false;
  private allHanded: () => void = () => {};
  /** Settles once `end` was called and every locale taken has handed its print to the browser (or failed to). */
  readonly everyHanded = new Promise<void>((resolve) => (this.allHanded = resolve));

  take(lane = 0): Turn {
    const ready = this.lanes.get(lane) ?? Promise.resolve();
    this.taken += 1;
    let once = false;
    const handed = () => {
      if (once) return;
      once = true;
      this.handedCount += 1;
      this.settle();
    };
    let printed = () => {};
    const printing = new Promise<void>((resolve) => (printed = resolve));
    const begun = () => {
      handed();
      printed();
    };
    let nextBegun = () => {};
    const nextPrinting = new Promise<void>((resolve) => (nextBegun = resolve));
    void printing.then(this.passOn);
    this.passOn = nextBegun;
    this.lanes.set(lane, printing);
    this.first ??= printing;
    return { ready, begun, nextPrinting, handed, everyHanded: this.everyHanded };
  }

  /** No locale follows: the last one's PDF is finished as soon as it is printed. */
  end(): void {
    this.passOn();
    this.ended = true;
    this.settle();
  }

  private settle(): void {
    if (this.ended && this.handedCount === this.taken) this.allHanded();
  }
}

/**
 * A locale's turn at the browser (see Turns): call `handed` once its print HTML is rendered and given
 * to the browser, `begun` once this locale is printing (or failed to: `begun` is handed too).
 */
export interface Turn {
  ready: Promise<void>;
  begun: () => void;
  nextPrinting: Promise<void>;
  handed: () => void;
  everyHanded: Promise<void>;
}
