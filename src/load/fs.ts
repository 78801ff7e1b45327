/**
 * The file system the loader reads, as an interface, so that the same loader serves the CLI
 * (node:fs/promises fits it as it is) and a browser (an in-memory map, `memoryFS`). Each call
 * may answer at once or with a promise. Paths are absolute and `/`-separated.
 */
import { CueError, ErrorCode } from '../errors/index.js';
import { decodeUTF8 } from '../encoding/utf8.js';
import { basename, clean, dirname, join } from './path.js';

export interface LoadFS {
  /** The bytes (or text) of a file; throws (or rejects) when it cannot be read. */
  readFile(path: string): string | Uint8Array | Promise<string | Uint8Array>;
  /** The names of a directory's entries (files and directories). */
  readdir(path: string): readonly string[] | Promise<readonly string[]>;
  /** What is at a path; throws (or rejects, or answers undefined) when nothing is. */
  stat(path: string): FileStat | undefined | Promise<FileStat | undefined>;
}

/** node's `Stats` has this shape. */
export interface FileStat {
  isDirectory(): boolean;
}

/**
 * An in-memory file system over a map of paths to contents (`{'cue.mod/module.cue': '...',
 * 'app/app.cue': '...'}`); relative keys are under `root` (default `/`). Directories are implied
 * by the files' paths.
 */
export function memoryFS(files: Readonly<Record<string, string | Uint8Array>>, root = '/'): LoadFS {
  const contents = new Map<string, string | Uint8Array>();
  const dirs = new Map<string, Set<string>>();
  const addDir = (d: string): void => {
    if (!dirs.has(d)) dirs.set(d, new Set());
  };
  addDir(clean(root));
  for (const [k, v] of Object.entries(files)) {
    const abs = join(k.startsWith('/') ? '/' : root, k);
    contents.set(abs, v);
    let child = abs;
    for (let d = dirname(abs); ; d = dirname(d)) {
      addDir(d);
      dirs.get(d)!.add(basename(child));
      if (d === '/' || d === dirname(d)) break;
      child = d;
    }
  }
  const missing = (p: string) => Object.assign(new Error(`no such file or directory: ${p}`), { code: 'ENOENT' });
  return {
    readFile(p) {
      const v = contents.get(clean(p));
      if (v === undefined) throw dirs.has(clean(p)) ? Object.assign(new Error(`is a directory: ${p}`), { code: 'EISDIR' }) : missing(p);
      return v;
    },
    readdir(p) {
      const d = dirs.get(clean(p));
      if (!d) throw missing(p);
      return [...d].sort();
    },
    stat(p) {
      const c = clean(p);
      if (dirs.has(c)) return { isDirectory: () => true };
      if (contents.has(c)) return { isDirectory: () => false };
      return undefined;
    },
  };
}

/** The loader's view of a LoadFS: missing things are `undefined`, read errors are CueErrors. */
export class FSReader {
  private readonly dirCache = new Map<string, Promise<readonly string[] | undefined>>();
  private readonly statCache = new Map<string, Promise<'dir' | 'file' | undefined>>();

  constructor(readonly fs: LoadFS) {}

  kind(path: string): Promise<'dir' | 'file' | undefined> {
    let hit = this.statCache.get(path);
    if (!hit) {
      hit = (async () => {
        try {
          const st = await this.fs.stat(path);
          if (!st) return undefined;
          return st.isDirectory() ? 'dir' : 'file';
        } catch {
          return undefined;
        }
      })();
      this.statCache.set(path, hit);
    }
    return hit;
  }

  /** Entry names, sorted; undefined when the directory cannot be read. */
  list(path: string): Promise<readonly string[] | undefined> {
    let hit = this.dirCache.get(path);
    if (!hit) {
      hit = (async () => {
        try {
          return [...(await this.fs.readdir(path))].map(String).sort();
        } catch {
          return undefined;
        }
      })();
      this.dirCache.set(path, hit);
    }
    return hit;
  }

  /** A file's text (UTF-8 checked), or the error that stops it being read, named `shown`. */
  async readText(path: string, shown: string): Promise<{ text?: string; errors: CueError[] }> {
    let data: string | Uint8Array;
    try {
      data = await this.fs.readFile(path);
    } catch (e) {
      return { errors: [new CueError(ErrorCode.io, readErrorMessage(e, shown))] };
    }
    if (typeof data === 'string') return { text: data, errors: [] };
    const decoded = decodeUTF8(data, shown);
    return decoded.text === undefined ? { errors: decoded.errors } : { text: decoded.text, errors: [] };
  }
}

function readErrorMessage(e: unknown, shown: string): string {
  const code = (e as { code?: unknown } | null)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return `could not find file or directory: ${shown}`;
  if (code === 'EACCES' || code === 'EPERM') return `cannot read ${shown}: permission denied`;
  if (code === 'EISDIR') return `cannot read ${shown}: is a directory`;
  return `cannot read ${shown}: ${e instanceof Error ? e.message : String(e)}`;
}
