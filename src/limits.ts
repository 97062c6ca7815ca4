import { AsyncLocalStorage } from 'node:async_hooks';

// Every limit Briefing puts on its input, in one place (docs/LIMITS.md lists them with their messages).
// A limit turns a hostile or careless input (a 4 GB file, an alias bomb, a list nested 1,000 deep)
// into a positioned error instead of an internal one, an endless read or a stack overflow.
//
// Defaults can be changed per edition in briefing.yaml (`limits:`) and per run with environment
// variables (BRIEFING_MAX_FILE_MB, BRIEFING_MAX_NESTING, …: LIMIT_ENV); the environment wins.

export interface Limits {
  /** Largest file read from the content or templates folder, in bytes. */
  maxFileBytes: number;
  /** Deepest nesting of block containers (lists, block quotes) in a Markdown file. */
  maxNesting: number;
  /** Most YAML aliases (`*name`) one YAML document may expand (yaml's alias-bomb guard). */
  maxAliases: number;
  /** Most runs of inline marks (`*`, `_`, `~`, backticks, brackets) in one Markdown paragraph. */
  maxDelimiters: number;
  /** Most pixels (width × height, read from the header) of one image, before anything decodes it. */
  maxImagePixels: number;
  /** Most elements an SVG image draws once every `<use>` is expanded. */
  maxSvgElements: number;
  /** Largest .docx `briefing convert` reads, in bytes. */
  maxDocxBytes: number;
  /** Most bytes a .docx may unpack to (every entry's declared size added up, checked before inflating). */
  maxUnzippedBytes: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxFileBytes: 20 * 1024 * 1024,
  maxNesting: 100,
  maxAliases: 100,
  maxDelimiters: 200,
  maxImagePixels: 50_000_000,
  maxSvgElements: 50_000,
  maxDocxBytes: 100 * 1024 * 1024,
  maxUnzippedBytes: 500 * 1024 * 1024,
});

/** Environment variables that override a limit, and how to turn their text into the limit's unit. */
export const LIMIT_ENV: Record<keyof Limits, { name: string; toValue: (n: number) => number }> = {
  maxFileBytes: { name: 'BRIEFING_MAX_FILE_MB', toValue: (mb) => Math.round(mb * 1024 * 1024) },
  maxNesting: { name: 'BRIEFING_MAX_NESTING', toValue: (n) => Math.floor(n) },
  maxAliases: { name: 'BRIEFING_MAX_ALIASES', toValue: (n) => Math.floor(n) },
  maxDelimiters: { name: 'BRIEFING_MAX_DELIMITERS', toValue: (n) => Math.floor(n) },
  maxImagePixels: { name: 'BRIEFING_MAX_IMAGE_MEGAPIXELS', toValue: (mp) => Math.round(mp * 1_000_000) },
  maxSvgElements: { name: 'BRIEFING_MAX_SVG_ELEMENTS', toValue: (n) => Math.floor(n) },
  maxDocxBytes: { name: 'BRIEFING_MAX_DOCX_MB', toValue: (mb) => Math.round(mb * 1024 * 1024) },
  maxUnzippedBytes: { name: 'BRIEFING_MAX_UNZIPPED_MB', toValue: (mb) => Math.round(mb * 1024 * 1024) },
};

// The limits of the run in progress: held per asynchronous context (AsyncLocalStorage), so two runs
// in one process (the API, the dev server, tests) each keep their own edition's limits.
const running = new AsyncLocalStorage<Readonly<Limits>>();

/** The limits in force: environment, then briefing.yaml's `limits:` (`configured`), then the defaults. */
export function resolveLimits(configured: Partial<Limits> = {}): Readonly<Limits> {
  const result: Limits = { ...DEFAULT_LIMITS, ...configured };
  for (const key of Object.keys(LIMIT_ENV) as Array<keyof Limits>) {
    const raw = process.env[LIMIT_ENV[key].name];
    if (raw === undefined || raw.trim() === '') continue;
    const n = Number(raw);
    // A malformed value is ignored rather than fatal: the default is always the safe choice.
    if (Number.isFinite(n) && n > 0) result[key] = LIMIT_ENV[key].toValue(n);
  }
  return Object.freeze(result);
}

/**
 * From here on, the calling command's work (and everything it awaits) runs under `config.limits`;
 * its caller's context is untouched. Called right after loadConfig.
 */
export function useLimits(config: { limits: Readonly<Limits> }): void {
  running.enterWith(config.limits);
}

/** The limits of the run in progress; outside a run (reading briefing.yaml itself), defaults and environment. */
export function limits(): Readonly<Limits> {
  return running.getStore() ?? resolveLimits();
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} kB`;
  return `${bytes} bytes`;
}

/**
 * Largest PDF `briefing proof` reads (`--pdf`, or the built one): the whole file goes to pdf.js in
 * the browser. Node cannot read a file over 2 GiB at once; 1 GiB is about 200× the review's PDF.
 */
export const MAX_PROOF_PDF_BYTES = 1024 * 1024 * 1024;
