/**
 * Tests that need a Debian package (an oracle such as python3-oauthlib, or a real server such as
 * postgresql) run when it is installed. Otherwise they are skipped with one SKIPPED line naming the
 * package, except under CI=true, where a missing package is a failure (`.ci/run` installs them all).
 *
 * Usage: `test('…', { skip: skipUnlessInstalled('python3-oauthlib', hasOauthlib) }, async () => …)`
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const reported = new Set<string>();

/**
 * @param debianPackage - the package that provides what the test needs
 * @param installed - whether it is usable on this machine
 * @returns `false` (run the test) or the skip reason
 * @throws Error under CI=true when the package is missing
 */
export function skipUnlessInstalled(debianPackage: string, installed: boolean): string | false {
  if (installed) return false;
  if (process.env.CI === 'true') {
    throw new Error(
      `${debianPackage} is not installed and CI=true forbids skipping; .ci/run must install it`,
    );
  }
  if (!reported.has(debianPackage)) {
    reported.add(debianPackage);
    process.stderr.write(
      `SKIPPED: needs Debian package ${debianPackage} (apt-get install ${debianPackage})\n`,
    );
  }
  return `needs Debian package ${debianPackage}`;
}

/** Debian's own Python (the python3 first on PATH may be another one that cannot see python3-*). */
export const debianPython = '/usr/bin/python3';

/** Whether Debian's Python can import the given module. */
export function debianPythonHasModule(module: string): boolean {
  if (!existsSync(debianPython)) return false;
  const result = spawnSync(debianPython, ['-c', `import ${module}`], { stdio: 'ignore' });
  return result.status === 0;
}

/** Whether an executable exists at one of the given absolute paths; returns the first found. */
export function findExecutable(...paths: string[]): string | undefined {
  return paths.find((path) => existsSync(path));
}
