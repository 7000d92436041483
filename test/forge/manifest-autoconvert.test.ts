/**
 * The macro's `autoConvert` block (paste a record link, get the macro) as `forge deploy` checks it: @forge/manifest
 * 13.7.0's validate() — its JSON schema (`matchers: [{ pattern }]`, at least one, nothing else) and its pattern check
 * (a URL with a scheme, at most 1024 characters) — with the default matcher and the local one.
 */
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { parse } from 'yaml';
import { LOCAL_RECORD_URL_MATCHER } from '../../local/dev-environment';
import { loadManifest } from '../../local/platform/manifest';

const manifestText = readFileSync(join(process.cwd(), 'manifest.yml'), 'utf8');
const DEFAULT_MATCHER = 'default: https://eng.example.com/specs/*';

/** Atlassian's validate() over a copy of manifest.yml changed by `edit` (src/ linked beside it, as the CLI sees it). */
async function validateVariant(edit: (text: string) => string): Promise<string[]> {
  const { validate } = await import('@forge/manifest');
  const dir = mkdtempSync(join(tmpdir(), 'spec-bridge-autoconvert-'));
  writeFileSync(join(dir, 'manifest.yml'), edit(manifestText));
  symlinkSync(join(process.cwd(), 'src'), join(dir, 'src'));
  const result = await validate(false, join(dir, 'manifest.yml'));
  return (result.errors ?? []).map((error) => error.message);
}

test('the macro declares one autoConvert matcher, interpolated from ENG_RECORD_URL_MATCHER, and the local platform reads it', () => {
  const macro = (parse(manifestText) as { modules: { macro: { key: string; autoConvert?: unknown }[] } }).modules.macro[0];

  expect(macro?.autoConvert).toEqual({ matchers: [{ pattern: '${ENG_RECORD_URL_MATCHER}' }] });
  expect(loadManifest(join(process.cwd(), 'manifest.yml'), {}).macros[0]?.autoConvertMatchers).toEqual(['https://eng.example.com/specs/*']);
  expect(loadManifest(join(process.cwd(), 'manifest.yml'), { ENG_RECORD_URL_MATCHER: LOCAL_RECORD_URL_MATCHER }).macros[0]?.autoConvertMatchers).toEqual([
    LOCAL_RECORD_URL_MATCHER,
  ]);
});

test("the autoConvert block passes @forge/manifest's validate() with the default and with the local matcher", async () => {
  expect(manifestText).toContain(DEFAULT_MATCHER);

  expect(await validateVariant((text) => text)).toEqual([]);
  expect(await validateVariant((text) => text.replace(DEFAULT_MATCHER, `default: ${LOCAL_RECORD_URL_MATCHER}`))).toEqual([]);
}, 60_000);

test('the same validation refuses what Forge does not take: no matcher, a Connect-style urlParameter, a pattern without a scheme', async () => {
  const noMatchers = await validateVariant((text) => text.replace(/( {8}matchers:\n {10}- pattern: .*\n)/, '        matchers: []\n'));
  const urlParameter = await validateVariant((text) => text.replace('      autoConvert:\n', '      autoConvert:\n        urlParameter: url\n'));
  const noScheme = await validateVariant((text) => text.replace(DEFAULT_MATCHER, 'default: plm.example.com/specs/{}'));

  expect(noMatchers).toContainEqual(expect.stringContaining('matchers must NOT have fewer than 1 items'));
  expect(urlParameter).toContainEqual(expect.stringContaining("should NOT have additional property 'urlParameter'"));
  expect(noScheme).toContainEqual(expect.stringContaining("The pattern 'plm.example.com/specs/{}' at index '0'"));
}, 60_000);
