// A browser that exits by itself at its first start (Chromium's zygote now and then does) is started
// once more, and the build goes on (src/print/browser.ts launchBrowser). The unit test
// (tests/unit/browser.test.ts) has one that fails both starts; this one runs the second time.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { closeBrowser, findBrowser, launchBrowser } from '../../src/print/browser.js';

describe('a browser that fails its first start', () => {
  it('is started once more, and that start is the browser', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'briefing-flaky-browser-'));
    try {
      const real = findBrowser();
      const browser = path.join(dir, 'browser.sh');
      writeFileSync(
        browser,
        `#!/bin/sh\nif [ ! -e '${dir}/once' ]; then touch '${dir}/once'; exit 1; fi\nexec '${real.path}' "$@"\n`,
        { mode: 0o755 },
      );
      const launched = await launchBrowser({ path: browser, source: 'environment' });
      expect(await launched.version()).toMatch(/Chrom/);
      await closeBrowser(launched);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
