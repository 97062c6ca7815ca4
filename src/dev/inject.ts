// What only dev responses get: the live-reload client, and an overlay naming the file and line of each
// error. The built edition itself never contains either.
import { withScriptHashes } from '../render/csp.js';
import { formatDiagnostic, sortDiagnostics, type Diagnostic } from '../messages.js';
import { escapeHtml } from '../render/escape.js';

import { EVENTS_PATH } from './protocol.js';

/** Reload when the server says the edition was rebuilt; EventSource reconnects by itself. */
const CLIENT = `<script id="briefing-dev-client">
(() => {
  const events = new EventSource(${JSON.stringify(EVENTS_PATH)});
  events.addEventListener('reload', () => location.reload());
})();
</script>`;

/** The error overlay's rules: the web view and the print view show the same overlay. */
export const OVERLAY_CSS = `#briefing-dev-overlay { position: fixed; inset: auto 0 0 0; z-index: 2147483647; max-height: 70vh; overflow: auto;
  margin: 0; padding: 1rem 1.25rem; background: #fff5f5; color: #1a1a1a; border-top: 4px solid #b00020;
  box-shadow: 0 -4px 24px rgb(0 0 0 / 25%); font: 15px/1.45 system-ui, sans-serif; }
#briefing-dev-overlay h2 { margin: 0 0 0.5rem; font: 700 17px/1.3 system-ui, sans-serif; color: #b00020; }
#briefing-dev-overlay pre { margin: 0 0 0.5rem; white-space: pre-wrap; overflow-wrap: anywhere; font: 14px/1.5 ui-monospace, monospace; }
#briefing-dev-overlay p { margin: 0; color: #444; }
`;

const OVERLAY_STYLE = `<style id="briefing-dev-style">
${OVERLAY_CSS}</style>`;

export interface DevState {
  /** The last good edition HTML, or undefined when no build has succeeded yet. */
  html?: string;
  /** Errors of the latest rebuild (empty: the page is current). */
  errors: Diagnostic[];
  lang: string;
}

/** The page a dev request gets: the edition (or a placeholder) with the client and any overlay. */
export function devPage(state: DevState): string {
  const overlay = state.errors.length > 0 ? overlayHtml(state.errors, state.html !== undefined) : '';
  const page =
    state.html ??
    `<!DOCTYPE html>\n<html lang="${escapeHtml(state.lang)}">\n<head>\n<meta charset="utf-8">\n<title>briefing dev</title>\n</head>\n<body>\n<main></main>\n</body>\n</html>\n`;
  // The EventSource needs a connection back to this server, which the edition's CSP does not allow.
  const withCsp = page.replace(
    /(<meta http-equiv="Content-Security-Policy" content="[^"]*)"/,
    `$1; connect-src 'self'"`,
  );
  const injection = `${OVERLAY_STYLE}\n${overlay}${CLIENT}\n`;
  const at = withCsp.lastIndexOf('</body>');
  const injected = at === -1 ? withCsp + injection : `${withCsp.slice(0, at)}${injection}${withCsp.slice(at)}`;
  // The client script is one more inline script: the CSP's hashes are taken again, with it.
  return withScriptHashes(injected);
}

export function overlayHtml(errors: Diagnostic[], stale: boolean): string {
  const lines = sortDiagnostics(errors)
    .map((d) => `<pre>${escapeHtml(formatDiagnostic(d))}</pre>`)
    .join('\n');
  const note = stale
    ? 'The page below is the last good build. Fix the file and save: it reloads by itself.'
    : 'Fix the file and save: the page reloads by itself.';
  return `<section id="briefing-dev-overlay" role="alert" aria-labelledby="briefing-dev-title" lang="en">
<h2 id="briefing-dev-title">briefing dev: the edition did not build (${errors.length} error${errors.length === 1 ? '' : 's'})</h2>
${lines}
<p>${note}</p>
</section>
`;
}
