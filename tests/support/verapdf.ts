// veraPDF, the reference validator for PDF/A and PDF/UA, as the tests' oracle: its CLI (installed by
// `npm run setup`, scripts/setup.sh) run on PDFs with one built-in profile, its JSON report read into
// failed rules with their clause, test number and pages.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { ROOT } from './cli.js';

/** The version scripts/setup.sh installs (one place says it). */
export const VERAPDF_VERSION = /^VERAPDF_VERSION=(\S+)$/m.exec(
  readFileSync(path.join(ROOT, 'scripts', 'setup.sh'), 'utf8'),
)![1]!;

export function verapdfJar(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.BRIEFING_VERAPDF_DIR ?? path.join(homedir(), '.cache', 'briefing', 'verapdf');
  return path.join(dir, `greenfield-apps-${VERAPDF_VERSION}.jar`);
}

/** veraPDF's built-in profiles used here: PDF/UA-1 and the PDF/A-2 levels. */
export type Flavour = 'ua1' | '2a' | '2u' | '2b';

export interface FailedRule {
  /** e.g. "ISO 14289-1:2014 7.1-3". */
  rule: string;
  description: string;
  failedChecks: number;
  /** 1-based pages of the failed checks shown (veraPDF shows up to 5 per rule here). */
  pages: number[];
}

export interface Verdict {
  file: string;
  profile: string;
  compliant: boolean;
  passedRules: number;
  failedRules: FailedRule[];
}

interface RuleSummary {
  specification: string;
  clause: string;
  testNumber: number;
  description: string;
  failedChecks: number;
  checks?: Array<{ context?: string }>;
}

/** Validate `files` against one profile in one JVM; a verdict per file, in order. */
export function verapdf(files: string[], flavour: Flavour): Verdict[] {
  const jar = verapdfJar();
  if (!existsSync(jar)) {
    throw new Error(`veraPDF ${VERAPDF_VERSION} is not installed at ${jar}: run \`npm run setup\``);
  }
  // Exit code 1 means "not compliant": the report says so, read it either way.
  let out: string;
  try {
    out = execFileSync(
      'java',
      [
        '-cp',
        jar,
        'org.verapdf.apps.GreenfieldCliWrapper',
        '--flavour',
        flavour,
        '--format',
        'json',
        '--maxfailuresdisplayed',
        '5',
        ...files,
      ],
      { encoding: 'utf8', maxBuffer: 256 << 20, stdio: ['ignore', 'pipe', 'pipe'] },
    );
  } catch (error) {
    const failed = error as { stdout?: string; status?: number };
    if (!failed.stdout) throw error;
    out = failed.stdout;
  }
  return parseReport(out);
}

export function parseReport(json: string): Verdict[] {
  const report = JSON.parse(json) as {
    report: { jobs: Array<{ itemDetails: { name: string }; validationResult?: unknown; taskException?: unknown }> };
  };
  return report.report.jobs.map((job) => {
    const raw = job.validationResult;
    if (!raw) throw new Error(`veraPDF could not validate ${job.itemDetails.name}: ${JSON.stringify(job)}`);
    const result = (Array.isArray(raw) ? raw[0] : raw) as {
      profileName: string;
      compliant: boolean;
      details: { passedRules: number; ruleSummaries: RuleSummary[] };
    };
    return {
      file: job.itemDetails.name,
      profile: result.profileName,
      compliant: result.compliant,
      passedRules: result.details.passedRules,
      failedRules: result.details.ruleSummaries.map((r) => ({
        rule: `${r.specification} ${r.clause}-${r.testNumber}`,
        description: r.description,
        failedChecks: r.failedChecks,
        pages: [
          ...new Set(
            (r.checks ?? []).flatMap((c) => {
              const m = /pages\[(\d+)\]/.exec(c.context ?? '');
              return m ? [Number(m[1]) + 1] : [];
            }),
          ),
        ],
      })),
    };
  });
}

/** One line per failed rule: `rule (n checks, pages 3, 4): description`, for an assertion's message. */
export function describeFailures(verdict: Verdict): string {
  return verdict.failedRules
    .map(
      (r) =>
        `${path.basename(verdict.file)}: ${r.rule} (${r.failedChecks} checks${r.pages.length ? `, pages ${r.pages.join(', ')}` : ''}): ${r.description}`,
    )
    .join('\n');
}
