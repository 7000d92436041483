import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { parse } from 'yaml';
import { loadManifest } from '../../local/platform/manifest';

/**
 * Rules `forge deploy` enforces beyond what @forge/manifest 13.7.0's validate() checks, and choices
 * that change what customers are given (decisions.md).
 */
const manifestText = readFileSync(join(process.cwd(), 'manifest.yml'), 'utf8');
const manifest = parse(manifestText) as {
  permissions: { scopes: string[] };
  modules: { webtrigger: { key: string; urlFormat?: string }[] };
};

test('the manifest does not ask for read:app-global-channel:realtime (deploys are blocked after 18 May 2026, CHANGE-3146)', () => {
  expect(manifest.permissions.scopes).not.toContain('read:app-global-channel:realtime');
  expect(manifestText).not.toMatch(/app-global-channel/);
});

test('the change-notice web trigger declares urlFormat v2, and the local platform reads it', () => {
  const trigger = manifest.modules.webtrigger.find((w) => w.key === 'spec-change-notice');
  const loaded = loadManifest(join(process.cwd(), 'manifest.yml'), {});

  expect(trigger?.urlFormat).toBe('v2');
  expect(loaded.webtriggers).toContainEqual({ key: 'spec-change-notice', functionKey: 'change-notice', urlFormat: 'v2' });
  expect(loaded.scopes).not.toContain('read:app-global-channel:realtime');
});

test('the local manifest loader refuses a urlFormat Forge does not allow and accepts none', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spec-bridge-manifest-'));
  const write = (urlFormat: string | undefined) => {
    const file = join(dir, `manifest-${urlFormat ?? 'none'}.yml`);
    writeFileSync(
      file,
      `modules:\n  webtrigger:\n    - key: hook\n      function: fn\n${urlFormat ? `      urlFormat: ${urlFormat}\n` : ''}  function:\n    - { key: fn, handler: index.fn }\napp:\n  id: ari:cloud:ecosystem::app/33333333-3333-4333-8333-333333333333\n  runtime: { name: nodejs24.x }\n`,
    );
    return file;
  };

  expect(() => loadManifest(write('v3'), {})).toThrow(/urlFormat "v3"; Forge allows v1 or v2/);
  expect(loadManifest(write('v1'), {}).webtriggers).toEqual([{ key: 'hook', functionKey: 'fn', urlFormat: 'v1' }]);
  expect(loadManifest(write(undefined), {}).webtriggers).toEqual([{ key: 'hook', functionKey: 'fn' }]);
});
