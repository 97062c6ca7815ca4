// The settings validators `npm run compile` makes ahead of time (dist/config/validators.cjs, ajv's
// standalone code, scripts/compile-schemas.js) judge every sample as ajv compiling the schema now does.
// Here rather than in tests/unit: it reads the compiled output, and compiling five schemas is slow.
import { describe, expect, it } from 'vitest';
import { compileNow, madeAheadOfTime, SCHEMA_NAMES } from '../../src/config/schema.js';

describe('settings validators made ahead of time', () => {
  it('the validators made ahead of time (npm run compile) judge as the schema compiled now does', () => {
    const samples: unknown[] = [
      {},
      { id: 'Bad Id', year: 'x', typo: 1 },
      { title: ['a'], publsher: 'x', keywords: 'one' },
      { page: { size: 'B9' }, notes: 'margin', colours: 3, contents: { depth: 9 } },
      { typography: { fonts: [{ source: 'file' }, { family: 'X', files: [{ path: 1, weight: 'heavy' }] }] } },
      { cover: null, 'chapter-label': 7 },
    ];
    for (const name of SCHEMA_NAMES) {
      const ahead = madeAheadOfTime(name);
      expect(ahead, `dist/config/validators.cjs has a current ${name} validator`).toBeDefined();
      const now = compileNow(name);
      for (const sample of samples) {
        const judged = (validate: typeof now): unknown => (validate(sample), validate.errors ?? []);
        expect(judged(ahead!), `${name}: ${JSON.stringify(sample)}`).toEqual(judged(now));
      }
    }
  });
});
