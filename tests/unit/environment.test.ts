import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { briefingVersion, editionDate, isoSeconds, runFolders, sourceDateEpoch } from '../../src/environment.js';
import { ROOT } from '../support/cli.js';

describe('environment (src/environment.ts)', () => {
  it('dates come from SOURCE_DATE_EPOCH when it is a whole number, else 1 January of the edition year', () => {
    expect(sourceDateEpoch({ SOURCE_DATE_EPOCH: '1700000000' })).toBe(1700000000);
    expect(sourceDateEpoch({ SOURCE_DATE_EPOCH: '17e8' })).toBeNull();
    expect(sourceDateEpoch({})).toBeNull();
    expect(isoSeconds(editionDate(2022, { SOURCE_DATE_EPOCH: '1700000000' }))).toBe('2023-11-14T22:13:20Z');
    expect(isoSeconds(editionDate(2022, { SOURCE_DATE_EPOCH: 'yesterday' }))).toBe('2022-01-01T00:00:00Z');
  });

  it('the version is package.json’s, and default folders resolve against the working directory', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(briefingVersion()).toBe(pkg.version);
    expect(runFolders({ out: '/tmp/x' })).toEqual({
      contentDir: path.resolve('content'),
      templatesDir: path.resolve('templates'),
      outDir: '/tmp/x',
    });
  });
});
