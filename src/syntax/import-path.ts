/**
 * Import paths as CUE writes them: `path[@version][:qualifier]` (`example.com/app/lib`,
 * `example.com/app@v0/lib:lib`, `k8s.io/api/core/v1`). The qualifier names the package in the
 * directory; without one it is the last path element (when that is an identifier). A path
 * whose first element has no dot is the standard library's (CUE's `isStdlibPackage`).
 */

export interface ImportPath {
  /** The path without version and qualifier (`example.com/app/lib`). */
  readonly path: string;
  /** A major version written as `@v0` (on the module element or the last one), if any. */
  readonly version: string | undefined;
  /** The package name: the explicit qualifier, else the last element if it is an identifier. */
  readonly qualifier: string | undefined;
  readonly explicitQualifier: boolean;
}

const identRe = /^[#_]*[\p{L}$_][\p{L}\p{Nd}$_]*$/u;

export function isIdentifier(s: string): boolean {
  return identRe.test(s) && !s.startsWith('#');
}

export function parseImportPath(raw: string): ImportPath {
  let path = raw;
  let qualifier: string | undefined;
  let explicitQualifier = false;
  const colon = path.lastIndexOf(':');
  if (colon >= 0 && !path.slice(colon + 1).includes('/')) {
    qualifier = path.slice(colon + 1);
    path = path.slice(0, colon);
    explicitQualifier = true;
  }
  let version: string | undefined;
  // `@v0` may follow any element (CUE allows it on the module path's last element).
  path = path.replace(/@(v[0-9][^/]*)/, (_m, v: string) => {
    version = v;
    return '';
  });
  if (!explicitQualifier) {
    const last = path.slice(path.lastIndexOf('/') + 1);
    qualifier = isIdentifier(last) ? last : undefined;
  }
  return { path, version, qualifier, explicitQualifier };
}

/** The key a package is registered under: `path:qualifier`, with no version. */
export function packageKey(path: string, qualifier: string): string {
  return `${path}:${qualifier}`;
}

/** CUE's rule: an import path whose first element has no dot names a standard-library package. */
export function isStdlibPath(path: string): boolean {
  const first = path.split('/')[0]!;
  return first !== '' && !first.includes('.');
}

/**
 * The name an import binds when the import spec gives none: the qualifier, else the last path
 * element without its version (`"k8s.io/api/core/v1"` binds `v1`, `"x.com/a@v0:b"` binds `b`).
 */
export function importedName(raw: string): string {
  const ip = parseImportPath(raw);
  return ip.qualifier ?? ip.path.slice(ip.path.lastIndexOf('/') + 1);
}
