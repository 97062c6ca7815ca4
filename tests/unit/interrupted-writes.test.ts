// Interrupted writes: removePendingFiles() (run on the way out of a signal) stops output/write.ts's
// writes for good, so this file stops an instance of the module of its own (imported with a query),
// not the one the other unit files of its worker share.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from '../support/cli.js';

const OWN_INSTANCE = '../../src/output/write.js?interrupted-writes';
const { removePendingFiles, writeArtifacts } = (await import(
  /* @vite-ignore */ OWN_INSTANCE
)) as typeof import('../../src/output/write.js');

describe('interrupted writes', () => {
  it('a signal while temp files are being written abandons the batch: no temp file, previous file intact', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'en', 'a.html');
    await writeArtifacts([{ path: file, data: 'previous' }]);
    const writing = writeArtifacts([
      { path: file, data: 'next' },
      { path: path.join(dir, 'manifest.json'), data: '{}' },
    ]);
    await removePendingFiles();
    await expect(writing).rejects.toThrow(/interrupted: nothing was written/);
    expect(readFileSync(file, 'utf8')).toBe('previous');
    expect(existsSync(path.join(dir, 'manifest.json'))).toBe(false);
    expect(readdirSync(path.join(dir, 'en'))).toEqual(['a.html']);
    await expect(writeArtifacts([{ path: file, data: 'later' }])).rejects.toThrow(/interrupted/);
    // The instance the other files share was not stopped.
    const shared = await import('../../src/output/write.js');
    await shared.writeArtifacts([{ path: file, data: 'shared' }]);
    expect(readFileSync(file, 'utf8')).toBe('shared');
  });
});
