import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** The version in spritzer's own package.json, found by walking up from this module (read once). */
export function packageVersion(): string {
  if (cached !== undefined) return cached;
  let directory = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(directory, 'package.json');
    if (existsSync(candidate)) {
      const manifest = JSON.parse(readFileSync(candidate, 'utf8')) as {
        name?: unknown;
        version?: unknown;
      };
      if (manifest.name === 'spritzer' && typeof manifest.version === 'string') {
        cached = manifest.version;
        return cached;
      }
    }
    const parent = dirname(directory);
    if (parent === directory) {
      cached = '0.0.0';
      return cached;
    }
    directory = parent;
  }
}
