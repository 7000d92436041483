/**
 * A fingerprint of everything that decides what Atlassian's bundler produces, so a build is reused
 * only while none of it has changed (tests and `npm run dev` would otherwise run stale code).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT_FILES = ['manifest.yml', 'tsconfig.json', 'package.json', 'package-lock.json'];

/** sha256 over the deployed sources, the build configuration and this build step itself. */
export function forgeBuildInputsHash(appDir: string): string {
  const files = [
    ...ROOT_FILES.map((name) => join(appDir, name)).filter((file) => existsSync(file)),
    ...listFiles(join(appDir, 'src')).filter((file) => !/\.test\.tsx?$/.test(file)),
    ...listFiles(join(appDir, 'local', 'forge-build')),
  ];
  const hash = createHash('sha256');
  for (const file of files.sort()) {
    hash.update(relative(appDir, file)).update('\0');
    hash.update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name)) : entry.isFile() ? [join(dir, entry.name)] : [],
  );
}
