import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { VFile } from 'vfile';
import type { Root } from 'mdast';
import { createParser } from '../../src/pipeline/parser.js';
import { parseAhead, type ParseAhead, type SendBatch } from '../../src/pipeline/parse-ahead.js';
import { parseFromEnd, type BatchRequest } from '../../src/pipeline/parse-thread.js';
import { parse } from '../../src/pipeline/parse.js';
import type { ParseCache } from '../../src/pipeline/parse-cache.js';
import { cacheWritten } from '../../src/cache.js';
import { ROOT, tempDir } from '../support/cli.js';

const parser = createParser();
const parseText = (p: string | undefined, text: string) => parser.parse(new VFile({ path: p, value: text }));

const review = readdirSync(path.join(ROOT, 'content', 'en'), { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.md'))
  .sort()
  .map((name) => ({
    path: path.join('content', 'en', name),
    text: readFileSync(path.join(ROOT, 'content', 'en', name), 'utf8'),
  }));

/**
 * The worker, here in this thread: it starts once this thread has parsed `after` files (or at once),
 * parses from the last as parse-worker.ts does, and answers with copies as a message would carry them
 * (one answer per turn of the event loop, so this thread also waits for some).
 */
function standIn(after = 0, answerWith: (tree: Root) => Root | undefined = structuredClone) {
  const sent: BatchRequest[] = [];
  const copies = new Set<Root>();
  let start = () => {};
  const send: SendBatch = (request, answer, end) => {
    sent.push(request);
    start = () => {
      const answers: Parameters<typeof answer>[0][] = [];
      parseFromEnd(request, parseText, (a) => {
        const tree = a.tree && answerWith(a.tree);
        if (tree) copies.add(tree);
        answers.push({ ...a, tree });
      });
      const next = () => {
        const a = answers.shift();
        if (a) {
          answer(a);
          setImmediate(next);
        } else end();
      };
      setImmediate(next);
    };
    if (after === 0) start();
    return true;
  };
  return { send, sent, copies, claimedHere: (n: number) => n === after && start() };
}

/** Each file parsed in order as edition.ts does; the messages of each file kept. */
async function parseAll(files: typeof review, ahead?: ParseAhead, onParsed?: (n: number) => void) {
  const out: Array<{ tree: Root; messages: string[] }> = [];
  for (const { path: p, text } of files) {
    const file = new VFile({ path: p, value: text });
    out.push({
      tree: await parse(file, undefined, ahead),
      messages: file.messages.map((m) => `${m.line}:${m.column} ${m.reason}`),
    });
    onParsed?.(out.length);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return out;
}

describe('an edition’s files parsed on two threads (parse-ahead.ts)', () => {
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env.BRIEFING_CACHE_DIR;
    process.env.BRIEFING_CACHE_DIR = 'off';
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.BRIEFING_CACHE_DIR;
    else process.env.BRIEFING_CACHE_DIR = saved;
  });

  it('gives the in-process trees for the review’s files, some parsed by the worker and some here', async () => {
    const worker = standIn(5);
    const ahead = parseAhead(review, undefined, { send: worker.send, min: 0 })!;
    expect(ahead).toBeDefined();
    const two = await parseAll(review, ahead, worker.claimedHere);
    const one = await parseAll(review);
    expect(two).toEqual(one);
    // This thread took the first five; the worker, started then, took the others from the last.
    const claims = [...new Int32Array(worker.sent[0]!.claims)];
    expect(claims).toEqual(review.map((_, i) => (i < 5 ? 1 : 2)));
    expect(two.map((p) => worker.copies.has(p.tree))).toEqual(claims.map((c) => c === 2));
  });

  it('keeps positions and data (list styles, Pandoc tables) of a file the worker parsed', async () => {
    const text = [
      '# A',
      'a) one\nb) two',
      '  Right     Left\n-------     ------\n     12     ab\n    123     cd',
      'x[^n]',
      '[^n]: Note.',
    ].join('\n\n');
    const files = [review[0]!, { path: 'last.md', text }];
    const ahead = parseAhead(files, undefined, { send: standIn().send, min: 0 })!;
    const [, last] = await parseAll(files, ahead);
    expect(last!.tree).toEqual(parseText('last.md', text));
    const list = last!.tree.children[1]!;
    expect(list).toMatchObject({
      type: 'list',
      data: { hProperties: { type: 'a' } },
      position: { start: { line: 3, column: 1 } },
    });
  });

  it('reports a file too deep to parse at its line and column, parsed by the worker up to that line', async () => {
    const deep = `# Deep\n\nText.\n\n${Array.from({ length: 120 }, (_, i) => `${'  '.repeat(i)}- item`).join('\n')}\n`;
    const crowded = `# Crowded\n\nSome text.\n\n${'*a_'.repeat(300)}\n`;
    const files = [...review.slice(0, 3), { path: 'deep.md', text: deep }, { path: 'crowded.md', text: crowded }];
    const worker = standIn();
    const ahead = parseAhead(files, undefined, { send: worker.send, min: 0 })!;
    const two = await parseAll(files, ahead);
    const one = await parseAll(files);
    expect(two).toEqual(one);
    expect(two[3]!.messages).toEqual([expect.stringMatching(/^\d+:\d+ nesting/)]);
    expect(two[3]!.messages[0]).toBe(one[3]!.messages[0]);
    expect(two[4]!.messages).toEqual([expect.stringMatching(/^5:\d+ too many inline marks/)]);
    // Both were the worker's (the last files), each parsed only up to the line at fault.
    expect(new Int32Array(worker.sent[0]!.claims).slice(3)).toEqual(new Int32Array([2, 2]));
    expect(worker.copies.has(two[3]!.tree) && worker.copies.has(two[4]!.tree)).toBe(true);
  });

  it('parses here what the worker could not', async () => {
    const ahead = parseAhead(review, undefined, { send: standIn(0, () => undefined).send, min: 0 })!;
    expect(await parseAll(review, ahead)).toEqual(await parseAll(review));
  });

  it('parses here a file whose text is not the one planned', () => {
    const files = review.slice(0, 4);
    const ahead = parseAhead(files, undefined, { send: standIn(1).send, min: 0 })!; // a worker not yet started
    expect(ahead.take(files[3]!.path, `${files[3]!.text}\nMore.`)).toBeUndefined();
    expect(ahead.take('other.md', files[3]!.text)).toBeUndefined();
    expect(ahead.take(files[0]!.path, files[0]!.text)).toBe('here');
    expect(ahead.take(files[0]!.path, files[0]!.text)).toBeUndefined(); // once
  });

  it('starts no worker when the caches hold the files, or there is too little to parse', async () => {
    let sends = 0;
    const send: SendBatch = () => {
      sends += 1;
      return true;
    };
    expect(parseAhead(review.slice(0, 1), undefined, { send, min: 0 })).toBeUndefined();
    expect(parseAhead(review, undefined, { send, min: 10_000_000 })).toBeUndefined();
    // The review (~140 000 characters) is less than a worker pays for, unless BRIEFING_PARSE_THREADS=2.
    expect(parseAhead(review, undefined, { send, env: {} })).toBeUndefined();
    expect(sends).toBe(0);
    expect(parseAhead(review, undefined, { send, env: { BRIEFING_PARSE_THREADS: '2' } })).toBeDefined();
    expect(sends).toBe(1);
    sends = 0;
    const memory: ParseCache = new Map(review.map((f) => [f.path, { text: f.text, tree: parseText(f.path, f.text) }]));
    expect(parseAhead(review, memory, { send, min: 0 })).toBeUndefined();
    process.env.BRIEFING_CACHE_DIR = tempDir();
    await parseAll(review); // fills the disk cache
    await cacheWritten(); // (written in the thread pool)
    expect(parseAhead(review, undefined, { send, min: 0 })).toBeUndefined();
    expect(sends).toBe(0);
    // One file edited: one file is too little to parse for a worker.
    const edited = review.map((f, i) => (i === 3 ? { ...f, text: `${f.text}\nMore.\n` } : f));
    expect(parseAhead(edited, undefined, { send, min: 0 })).toBeUndefined();
    expect(sends).toBe(0);
    const twoEdited = edited.map((f, i) => (i === 4 ? { ...f, text: `${f.text}\nMore.\n` } : f));
    expect(parseAhead(twoEdited, undefined, { send, min: 0 })).toBeDefined();
    expect(sends).toBe(1);
  });
});

describe('the worker’s loop over a batch (parseFromEnd)', () => {
  it('claims from the last file until one is already claimed', () => {
    const files = ['# a\n', '# b\n', '# c\n', '# d\n'].map((text, i) => ({ path: `${i}.md`, text }));
    const claims = new SharedArrayBuffer(16);
    Atomics.store(new Int32Array(claims), 1, 1);
    const parsed: number[] = [];
    parseFromEnd({ files, claims, maxNesting: 100, maxDelimiters: 200 }, parseText, (a) => parsed.push(a.index));
    expect(parsed).toEqual([3, 2]);
    expect([...new Int32Array(claims)]).toEqual([0, 1, 2, 2]);
  });
});
