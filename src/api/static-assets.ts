/**
 * Files the server hands out as they are (scripts, styles): from the project's own
 * dependencies or its build output, never a CDN — portals run in closed networks.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** URL path → [file on disk, content type]. */
export type AssetMap = Record<string, [string, string]>;

/** `pkg/sub/file.js` → its path on disk; packages' `exports` maps hide these files from require.resolve. */
export function packageFile(spec: string): string {
  const [pkg, ...rest] = spec.split('/');
  return join(dirname(require.resolve(`${pkg}/package.json`)), ...rest);
}

/** A lookup for `assets` that reads each file once. */
export function assetLookup(assets: AssetMap): (urlPath: string) => { body: Buffer; type: string } | null {
  const cache = new Map<string, Buffer>();
  return (urlPath) => {
    const a = assets[urlPath];
    if (!a) return null;
    let body = cache.get(urlPath);
    if (!body) cache.set(urlPath, (body = readFileSync(a[0])));
    return { body, type: a[1] };
  };
}
