// Briefing's cache files (parsed Markdown, compiled templates, hyphenated text, print heads, settled
// hyphens): nothing read back from them is trusted. Each file is sealed with an HMAC under a per-user
// secret (a random key in the private folder, private-dir.ts, created 0600), bound to the file's
// name, which holds its key. So an entry someone else wrote or edited (a shared cache folder, a CI
// cache restored from another job, a corrupt disk) is a miss, never code that runs, never different
// output. Files are written to a fresh temp name opened exclusively (O_EXCL, no link followed), then
// renamed into place; they are read through O_NOFOLLOW | O_NONBLOCK, regular files only, size-capped,
// so a planted link, FIFO or device is a miss too. The folder is used only when it is ours and no one
// else can write to it.
import { createHash, createHmac, randomBytes, timingSafeEqual, webcrypto } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
  type Stats,
} from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from './package-root.js';
import { privateDir } from './private-dir.js';

/** Largest cache file read back (the parsed tree of a 20 MB chapter is well under). */
const MAX_CACHE_BYTES = 512 * 1024 * 1024;
const KEY_FILE = 'cache.key';
const MAGIC = 'briefing-cache-1 ';

export function cacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const chosen = env.BRIEFING_CACHE_DIR;
  if (chosen === 'off' || chosen === '0') return undefined;
  return chosen ? path.resolve(chosen) : path.join(PACKAGE_ROOT, 'node_modules', '.cache', 'briefing', 'mdast');
}

/** The cache file of one kind kept for one output file (e.g. the print head of a PDF), or undefined when caching is off. */
export function cacheFileFor(kind: string, output: string, extension: string): string | undefined {
  const dir = cacheDir();
  if (!dir) return undefined;
  const name = createHash('sha256').update(path.resolve(output)).digest('hex').slice(0, 24);
  return path.join(dir, `${kind}-${name}.${extension}`);
}

/**
 * `read` given a regular file, opened without following a link and without blocking on a FIFO; else
 * (missing, a link, not a regular file, unreadable, or `read` throws) `otherwise`.
 */
function withRegularFile<T>(file: string, otherwise: T, read: (fd: number, size: number) => T): T {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return otherwise;
  }
  try {
    const stats = fstatSync(fd);
    return stats.isFile() ? read(fd, stats.size) : otherwise;
  } catch {
    return otherwise;
  } finally {
    closeSync(fd);
  }
}

/** A regular file's bytes (see withRegularFile), or undefined, also when larger than `cap`. */
export function readRegularFile(file: string, cap: number): Buffer | undefined {
  return withRegularFile<Buffer | undefined>(file, undefined, (fd, size) => {
    if (size > cap) return undefined;
    const data = Buffer.allocUnsafe(size);
    let total = 0;
    while (total < data.length) {
      const n = readSync(fd, data, total, data.length - total, null);
      if (n === 0) break;
      total += n;
    }
    return total === data.length ? data : undefined;
  });
}

/** Create `file` exclusively (never an existing file, never through a link), mode 0600, with `data` (its pieces in order). */
function createExclusive(file: string, ...data: Array<string | Buffer>): void {
  const fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  try {
    for (const piece of data) {
      const bytes = typeof piece === 'string' ? Buffer.from(piece) : piece;
      let done = 0;
      while (done < bytes.length) done += writeSync(fd, bytes, done);
    }
  } finally {
    closeSync(fd);
  }
}

let secret: Buffer | undefined;

/** This user's cache key (32 random bytes in the private folder), made on first use. */
export function cacheSecret(): Buffer | undefined {
  if (secret) return secret;
  const file = path.join(privateDir(), KEY_FILE);
  let key = readRegularFile(file, 64);
  if (!key) {
    try {
      createExclusive(file, randomBytes(32));
    } catch {
      // another process made it first: read theirs
    }
    key = readRegularFile(file, 64);
  }
  // Readable by others, or not ours: not a secret.
  if (!key || key.length !== 32 || !ownedClosed(lstatOrUndefined(file), 0o077)) return undefined;
  secret = key;
  return secret;
}

function lstatOrUndefined(p: string): Stats | undefined {
  try {
    return lstatSync(p);
  } catch {
    return undefined;
  }
}

/** Ours, not a link, and none of the `closed` permission bits set. */
function ownedClosed(stats: Stats | undefined, closed: number): boolean {
  if (!stats || stats.isSymbolicLink()) return false;
  return process.platform === 'win32' || (stats.uid === process.getuid?.() && (stats.mode & closed) === 0);
}

function seal(key: Buffer, file: string, data: Buffer): Buffer {
  return createHmac('sha256', key).update(boundName(file)).update(data).digest();
}

/** What a seal signs before the data: the file's name, so a file moved to another name is a miss. */
function boundName(file: string): Buffer {
  return Buffer.from(`${path.basename(file)}\0`);
}

/** The HMAC key of cacheSecret() for Web Crypto (sealSoon, readCacheBytesSoon), imported once. */
let webKey: Promise<CryptoKey> | undefined;
function webHmacKey(key: Buffer): Promise<CryptoKey> {
  webKey ??= webcrypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
  return webKey;
}

/** The folder may hold our cache: made 0700 if missing; ours and closed to others' writes. */
function usableFolder(dir: string): boolean {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch {
    return false;
  }
  const stats = lstatOrUndefined(dir);
  // Readable by others is fine (entries are sealed); writable by others, or not ours, is not.
  return ownedClosed(stats, 0o022);
}

/** A cache file's data as bytes (a view of them, not a copy, when they are bytes already). */
function bytesOf(data: string | Uint8Array): Buffer {
  return typeof data === 'string' ? Buffer.from(data) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/** A fresh name beside `file` to write it under before it is renamed into place. */
const tempFor = (file: string) => `${file}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;

/**
 * Write one of Briefing's cache files, sealed (fresh temp file created exclusively, then renamed: a
 * reader never sees half a file). Best effort: a folder that is read-only, full, not ours or open to
 * others means no cache, never an error. True when written.
 */
export function writeCacheFile(file: string, data: string | Uint8Array): boolean {
  const key = cacheSecret();
  if (!key || !usableFolder(path.dirname(file))) return false;
  const body = bytesOf(data);
  const temp = tempFor(file);
  try {
    // (The seal, then the body as it is: not copied into one buffer first, ~7 MB of an edition's artifacts.)
    createExclusive(temp, `${MAGIC}${seal(key, file, body).toString('hex')}\n`, body);
    renameSync(temp, file);
    return true;
  } catch {
    rmSync(temp, { force: true });
    return false;
  }
}

/** Cache files being written by writeCacheFileSoon, by their temp names (removed if the process exits first). */
const writing = new Map<string, Promise<boolean>>();
process.once('exit', () => {
  for (const temp of writing.keys()) rmSync(temp, { force: true });
});

/**
 * writeCacheFile, sealed and written in the thread pool (Web Crypto's HMAC, fs.promises): this
 * thread only copies the data once, where sealing and writing an edition's 6–7 MB caches took it
 * ~20 ms each. `data` may change once given (it is copied). A build waits for these before it ends (cacheWritten).
 */
export function writeCacheFileSoon(file: string, data: string | Uint8Array): Promise<boolean> {
  return writeSoon(file, [data]);
}

/**
 * A record: a line of JSON (`head`: keys, what was read), then `body` as it is (JSON would escape a
 * body's every quote, or a PDF's bytes in base64 a third larger), written by writeCacheFileSoon.
 */
export function writeCacheRecordSoon(file: string, head: unknown, body: string | Uint8Array): Promise<boolean> {
  return writeSoon(file, [`${JSON.stringify(head)}\n`, body]);
}

/** writeCacheFileSoon of `parts` one after the other (strings as UTF-8). */
function writeSoon(file: string, parts: Array<string | Uint8Array>): Promise<boolean> {
  const key = cacheSecret();
  if (!key || !usableFolder(path.dirname(file))) return Promise.resolve(false);
  const { signed, body } = signedBytes(file, parts);
  const temp = tempFor(file);
  const written = sealSoon(key, signed)
    .then((mac) => writeSealed(temp, `${MAGIC}${mac.toString('hex')}\n`, body))
    .then(() => rename(temp, file))
    .then(
      () => true,
      () => rm(temp, { force: true }).then(() => false),
    )
    .finally(() => writing.delete(temp));
  writing.set(temp, written);
  return written;
}

/**
 * What the seal signs (the file's bound name, then the parts) made in one buffer, and the file's body
 * a view of it: the data copied once (the name and a record's line were put before it by a copy each
 * time, ~17 MB of a finished PDF at 20 × the review).
 */
function signedBytes(file: string, parts: Array<string | Uint8Array>): { signed: Buffer; body: Buffer } {
  const name = boundName(file);
  const sizes = parts.map((part) => (typeof part === 'string' ? Buffer.byteLength(part) : part.length));
  const signed = Buffer.allocUnsafe(sizes.reduce((sum, size) => sum + size, name.length));
  let at = name.copy(signed, 0);
  parts.forEach((part, i) => {
    if (typeof part === 'string') signed.write(part, at, 'utf8');
    else signed.set(part, at);
    at += sizes[i]!;
  });
  return { signed, body: signed.subarray(name.length) };
}

/** A record writeCacheRecordSoon wrote: its head parsed and its body, else undefined (a miss). */
export function readCacheRecord(file: string): { head: unknown; body: Buffer } | undefined {
  const bytes = readCacheBytes(file);
  const newline = bytes?.indexOf(10) ?? -1;
  if (!bytes || newline < 0) return undefined;
  try {
    return { head: JSON.parse(bytes.subarray(0, newline).toString('utf8')), body: bytes.subarray(newline + 1) };
  } catch {
    return undefined;
  }
}

/** Every cache file writeCacheFileSoon was given, written (or given up). */
export async function cacheWritten(): Promise<void> {
  await Promise.all(writing.values());
}

/** seal() of the bytes signedBytes made, computed in the thread pool. */
async function sealSoon(key: Buffer, signed: Buffer): Promise<Buffer> {
  return Buffer.from(await webcrypto.subtle.sign('HMAC', await webHmacKey(key), signed));
}

/** createExclusive, in the thread pool. */
async function writeSealed(file: string, head: string, body: Buffer): Promise<void> {
  const handle = await open(
    file,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
    0o600,
  );
  try {
    await handle.write(head);
    await handle.writeFile(body);
  } finally {
    await handle.close();
  }
}

/** A cache file's text, if this user's Briefing wrote it under this name; else undefined (a miss). */
export function readCacheFile(file: string): string | undefined {
  return readCacheBytes(file)?.toString('utf8');
}

/** A cache file's bytes, if this user's Briefing wrote it under this name; else undefined (a miss). */
export function readCacheBytes(file: string): Buffer | undefined {
  const key = cacheSecret();
  const raw = key && readRegularFile(file, MAX_CACHE_BYTES);
  if (!key || !raw) return undefined;
  const newline = raw.indexOf(10);
  const head = raw.subarray(0, Math.max(newline, 0)).toString('latin1');
  if (newline < 0 || !head.startsWith(MAGIC)) return undefined;
  const mac = Buffer.from(head.slice(MAGIC.length), 'hex');
  const body = raw.subarray(newline + 1);
  const expected = seal(key, file, body);
  if (mac.length !== expected.length || !timingSafeEqual(mac, expected)) return undefined;
  return body;
}

/**
 * readCacheBytes, read and its seal checked in the thread pool (fs.promises, Web Crypto's HMAC): this
 * thread hashes nothing (20 × the review: an edit reads 82 parts, ~18 MB). The same file, the same
 * answer: the same checks of the file, bound to its name.
 */
export async function readCacheBytesSoon(file: string): Promise<Buffer | undefined> {
  const key = cacheSecret();
  if (!key) return undefined;
  let handle: FileHandle | undefined;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    const stats = await handle.stat();
    const headLength = MAGIC.length + 65;
    if (!stats.isFile() || stats.size > MAX_CACHE_BYTES || stats.size < headLength) return undefined;
    const head = Buffer.alloc(headLength);
    if ((await handle.read(head, 0, headLength, 0)).bytesRead !== headLength) return undefined;
    const text = head.toString('latin1');
    if (!text.startsWith(MAGIC) || !text.endsWith('\n')) return undefined;
    const mac = Buffer.from(text.slice(MAGIC.length, -1), 'hex');
    // The name the seal is bound to, then the body read right after it: signed as one, not copied.
    const name = boundName(file);
    const length = stats.size - headLength;
    const signed = Buffer.allocUnsafe(name.length + length);
    name.copy(signed);
    let total = 0;
    while (total < length) {
      const { bytesRead } = await handle.read(signed, name.length + total, length - total, headLength + total);
      if (bytesRead === 0) break;
      total += bytesRead;
    }
    if (total !== length || mac.length !== 32) return undefined;
    const valid = await webcrypto.subtle.verify('HMAC', await webHmacKey(key), mac, signed);
    return valid ? signed.subarray(name.length) : undefined;
  } catch {
    return undefined;
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/**
 * Whether a cache file's contents may start with `prefix`: false only when they cannot (missing, not
 * ours in form, or they start otherwise). Nothing is verified, so only a miss may be decided on it:
 * a file kept under another key is not read whole and sealed to find so (readCacheFile does that).
 */
export function cacheFileMayStartWith(file: string, prefix: string): boolean {
  const want = Buffer.from(`${MAGIC}${'0'.repeat(64)}\n${prefix}`);
  return withRegularFile(file, false, (fd) => {
    const head = Buffer.alloc(want.length);
    const n = readSync(fd, head, 0, head.length, 0);
    const newline = head.indexOf(10);
    return (
      n === head.length &&
      newline === MAGIC.length + 64 &&
      head.subarray(newline + 1).equals(want.subarray(newline + 1))
    );
  });
}

/** A cache file parsed as JSON and accepted by `valid`, else undefined: a wrong shape is a miss. */
export function readCacheJson<T>(file: string, valid: (data: unknown) => data is T): T | undefined {
  return acceptedJson(readCacheFile(file), valid);
}

/** `text` parsed as JSON and accepted by `valid`, else undefined (no text, not JSON, a wrong shape). */
function acceptedJson<T>(text: string | undefined, valid: (data: unknown) => data is T): T | undefined {
  if (text === undefined) return undefined;
  try {
    const data: unknown = JSON.parse(text);
    return valid(data) ? data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What `make` computes from `text` alone (with the code named by `code`, see code-key.ts), kept in
 * the cache folder as JSON under the hash of both: read back when a later build has the same text.
 */
export function keptByText<T>(
  kind: string,
  { code, text }: { code: string; text: string },
  valid: (data: unknown) => data is T,
  make: () => T,
): T {
  const dir = cacheDir();
  const key = createHash('sha256').update(`${kind}\0${code}\0`).update(text).digest('hex').slice(0, 32);
  const name = `${kind}-${key}.json`;
  const file = dir ? path.join(dir, name) : undefined;
  const kept = (file ? readCacheJson(file, valid) : undefined) ?? builtInJson(name, valid);
  if (kept !== undefined) return kept;
  const made = make();
  // Failing to write it: the next build computes it again.
  if (file) writeCacheFile(file, JSON.stringify(made));
  recordBuiltIn(name, JSON.stringify(made));
  return made;
}

/**
 * Entries computed from the built-in templates alone (their Handlebars code, their problems, their
 * ids), made by `npm run compile` (scripts/keep-built-in.js) into dist/kept/ under the names this
 * module gives them: part of the package, as its code is (so not sealed), and keyed as in the cache
 * folder, by the text and the code, so a cold build with the built-in templates neither compiles
 * nor checks them (~45 ms of this process before the print HTML, measured) and other templates
 * are a miss.
 */
const BUILT_IN = path.join(PACKAGE_ROOT, 'dist', 'kept');
let recording: string | undefined;

/** Every entry computed from now on also written into `dir` (scripts/keep-built-in.js). */
export function keepBuiltIn(dir: string): void {
  recording = dir;
}

/** The entry of this name made at compile time (a regular file of dist/kept/), if any. */
export function builtInEntry(name: string): string | undefined {
  return readRegularFile(path.join(BUILT_IN, name), MAX_CACHE_BYTES)?.toString('utf8');
}

/** Whether scripts/keep-built-in.js is recording (what only it needs is computed only then). */
export function recordingBuiltIn(): boolean {
  return recording !== undefined;
}

/** A computed entry, written into dist/kept/ while scripts/keep-built-in.js records them. */
export function recordBuiltIn(name: string, text: string): void {
  if (recording) writeFileSync(path.join(recording, name), text);
}

function builtInJson<T>(name: string, valid: (data: unknown) => data is T): T | undefined {
  return acceptedJson(builtInEntry(name), valid);
}
