/**
 * The standard library registry: import path -> package. Each package is built by a factory
 * on first lookup and cached, so that a program pays only for the packages it imports. The
 * CUE-written halves (stdlib/<path>/*.cue) are attached from the generated module
 * cue-sources.generated.ts, so that they are available in a browser too.
 */
import type { BuiltinFunc, BuiltinPackage } from './types.js';
import { cueSources } from './cue-sources.generated.js';
import { createPackage as strings } from './pkg/strings.js';
import { createPackage as strconv } from './pkg/strconv.js';
import { createPackage as list } from './pkg/list.js';
import { createPackage as math } from './pkg/math.js';
import { createPackage as struct } from './pkg/struct.js';
import { createPackage as regexp } from './pkg/regexp.js';
import { createPackage as base64 } from './pkg/encoding-base64.js';
import { createPackage as hex } from './pkg/encoding-hex.js';
import { createPackage as json } from './pkg/encoding-json.js';
import { createPackage as yaml } from './pkg/encoding-yaml.js';
import { createHMAC, createMD5, createSHA1, createSHA256, createSHA512 } from './pkg/crypto.js';
import { createPackage as html } from './pkg/html.js';
import { createPackage as bits } from './pkg/math-bits.js';
import { createPackage as time } from './pkg/time.js';
import { createPackage as net } from './pkg/net.js';
import { createPackage as path } from './pkg/path.js';
import { createPackage as uuid } from './pkg/uuid.js';
import { createPackage as csv } from './pkg/encoding-csv.js';
import { createPackage as template } from './pkg/text-template.js';

type Factory = () => BuiltinPackage;

const factories: Readonly<Record<string, Factory>> = {
  strings,
  strconv,
  list,
  math,
  struct,
  regexp,
  'encoding/base64': base64,
  'encoding/hex': hex,
  'encoding/json': json,
  'encoding/yaml': yaml,
  'crypto/sha256': createSHA256,
  'crypto/sha1': createSHA1,
  'crypto/md5': createMD5,
  'crypto/sha512': createSHA512,
  'crypto/hmac': createHMAC,
  html,
  'math/bits': bits,
  time,
  net,
  path,
  uuid,
  'encoding/csv': csv,
  'text/template': template,
};

const cache = new Map<string, BuiltinPackage>();

/** The package for an import path, or undefined when there is no such package. */
export function lookupPackage(path: string): BuiltinPackage | undefined {
  const hit = cache.get(path);
  if (hit) return hit;
  if (!Object.prototype.hasOwnProperty.call(factories, path)) return undefined;
  let pkg = factories[path]!();
  const cue = cueSources[path];
  if (cue !== undefined) pkg = { ...pkg, cue };
  cache.set(path, pkg);
  return pkg;
}

/** A function of a package, or undefined. */
export function lookupBuiltin(path: string, name: string): BuiltinFunc | undefined {
  const pkg = lookupPackage(path);
  if (!pkg || !Object.prototype.hasOwnProperty.call(pkg.funcs, name)) return undefined;
  return pkg.funcs[name];
}

/** Every import path, sorted. */
export function packagePaths(): string[] {
  return Object.keys(factories).sort();
}

/** The short name a package is referred to by (`encoding/json` -> `json`). */
export function packageName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

/**
 * Close matches for a misspelt name among candidates, best first: case-insensitive equality,
 * then an edit distance of at most a third of the name's length (at least 1, at most 3).
 */
export function closeMatches(name: string, candidates: Iterable<string>, max = 3): string[] {
  const lower = name.toLowerCase();
  const limit = Math.min(3, Math.max(1, Math.floor(name.length / 3)));
  const scored: [number, string][] = [];
  for (const c of candidates) {
    if (c === name) continue;
    const d = c.toLowerCase() === lower ? 0 : editDistance(lower, c.toLowerCase());
    if (d <= limit) scored.push([d, c]);
  }
  scored.sort((x, y) => x[0] - y[0] || (x[1] < y[1] ? -1 : 1));
  return scored.slice(0, max).map((s) => s[1]);
}

/** Suggestions for an unknown import path (`string` -> `strings`, `json` -> `encoding/json`). */
export function suggestPackage(path: string): string[] {
  const paths = packagePaths();
  const byName = paths.filter((p) => packageName(p) === path && p !== path);
  return [...new Set([...byName, ...closeMatches(path, paths)])].slice(0, 3);
}

/** Suggestions for an unknown member (function or constant) of a package. */
export function suggestMember(path: string, name: string): string[] {
  const pkg = lookupPackage(path);
  if (!pkg) return [];
  return closeMatches(name, [...Object.keys(pkg.funcs), ...Object.keys(pkg.consts ?? {})]);
}

/** "did you mean X?" text, or the empty string when nothing is close. */
export function didYouMean(suggestions: readonly string[]): string {
  if (suggestions.length === 0) return '';
  if (suggestions.length === 1) return `did you mean ${suggestions[0]}?`;
  return `did you mean one of ${suggestions.slice(0, -1).join(', ')} or ${suggestions[suggestions.length - 1]}?`;
}
