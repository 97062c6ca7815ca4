// Watch a folder tree for changes: one non-recursive fs.watch per directory.
// Why not fs.watch(dir, { recursive: true })? On Linux, Node 20 emulates it with one inotify watch per
// file; a file replaced by rename (how many editors save) keeps the watch on its old inode, so later
// edits of it go unseen (reproduced by tests/e2e/dev.test.ts). A directory's own watch reports every
// change of its entries by name, whatever the inode, and that is the same on Linux, macOS and Windows.
import { readdirSync, statSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';

export interface TreeWatcher {
  close(): void;
}

export function watchTree(
  root: string,
  onChange: (file: string) => void,
  onError: (error: Error) => void = () => {},
): TreeWatcher {
  const watchers = new Map<string, FSWatcher>();
  let closed = false;

  const unwatch = (dir: string) => {
    for (const [watched, watcher] of watchers) {
      if (watched === dir || watched.startsWith(dir + path.sep)) {
        watcher.close();
        watchers.delete(watched);
      }
    }
  };

  const add = (dir: string) => {
    if (closed || watchers.has(dir)) return;
    let watcher: FSWatcher;
    try {
      watcher = watch(dir, (_event, name) => {
        const file = name ? path.join(dir, String(name)) : dir;
        // A new folder gets its own watch; a removed one loses its watches.
        if (file !== dir) {
          if (isDirectory(file)) add(file);
          else unwatch(file);
        }
        onChange(file);
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') onError(error as Error);
      return;
    }
    watcher.on('error', () => unwatch(dir));
    watchers.set(dir, watcher);
    let entries: string[] = [];
    try {
      entries = readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules')
        .map((e) => e.name);
    } catch {
      // Removed meanwhile: its parent's watch reports it.
    }
    for (const name of entries) add(path.join(dir, name));
  };

  add(path.resolve(root));
  return {
    close() {
      closed = true;
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}

function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}
