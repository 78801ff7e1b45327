/// <reference types="node" />
/**
 * The loader's file system (`LoadFS`) as the editor sees it: the text of open documents over
 * the files on disk, so that an unsaved change is what gets evaluated, and a new file that is
 * not saved yet is part of its directory's package.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { FileStat, LoadFS } from '../index.js';

export function overlayFS(open: ReadonlyMap<string, string>): LoadFS {
  const fileStat: FileStat = { isDirectory: () => false };
  return {
    async readFile(p) {
      const text = open.get(path.resolve(p));
      return text ?? (await readFile(p));
    },
    async readdir(p) {
      const dir = path.resolve(p);
      let names: string[] = [];
      try {
        names = await readdir(p);
      } catch (e) {
        if (![...open.keys()].some((f) => path.dirname(f) === dir)) throw e;
      }
      const set = new Set(names);
      for (const f of open.keys()) if (path.dirname(f) === dir) set.add(path.basename(f));
      return [...set].sort();
    },
    async stat(p) {
      if (open.has(path.resolve(p))) return fileStat;
      const s = await stat(p);
      return s;
    },
  };
}
