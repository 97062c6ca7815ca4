// The messages a failing step reports, formatted as the CLI prints them.
import { BriefingError, formatDiagnostic } from '../../src/messages.js';

/** Run `work`, expecting a BriefingError: its diagnostics, one formatted line each. */
export async function failureMessages(work: () => unknown): Promise<string> {
  try {
    await work();
  } catch (error) {
    if (error instanceof BriefingError) return error.diagnostics.map(formatDiagnostic).join('\n');
    throw error;
  }
  throw new Error('expected a BriefingError');
}
