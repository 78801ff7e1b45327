/**
 * The standard library registry: import path -> package. Each package is built by a factory
 * on first lookup and cached, so that a program pays only for the packages it imports. The
 * CUE-written halves (stdlib/<path>/*.cue) are attached from the generated module
 * cue-sources.generated.ts, so that they are available in a browser too.
 */
import type { BuiltinFunc, BuiltinPackage } from '../plain/builtin.js';
import { closeMatches } from '../errors/suggest.js';
export { closeMatches, didYouMean, editDistance } from '../errors/suggest.js';
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

