/** The workbench's paste-to-macro matcher, and the local matcher and record pattern agreeing on the sample records. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { LOCAL_RECORD_URL_MATCHER, LOCAL_RECORD_URL_PATTERN } from '../../local/dev-environment';
import { autoConvertTarget, matchesAutoConvertPattern } from '../../local/workbench/server/auto-convert';
import { specIdFromPastedLink } from '../../src/domain/pasted-link';

const macros = [
  { key: 'other', resource: 'r', autoConvertMatchers: [] },
  { key: 'spec-bridge', resource: 'macro-ui', autoConvertMatchers: [LOCAL_RECORD_URL_MATCHER] },
];

test('a * stands for one or more characters other than white space; the rest must match', () => {
  expect(matchesAutoConvertPattern('https://plm.example.com/specs/*', 'https://plm.example.com/specs/SHAFT-1042')).toBe(true);
  expect(matchesAutoConvertPattern('https://plm.example.com/specs/*', 'https://PLM.example.com/specs/a/b?c=d')).toBe(true);
  expect(matchesAutoConvertPattern('https://plm.example.com/specs/*', 'https://plm.example.com/specs/')).toBe(false);
  expect(matchesAutoConvertPattern('https://plm.example.com/specs/*', 'https://plm.example.com.evil/specs/X-1')).toBe(false);
  expect(matchesAutoConvertPattern('https://*.example.com/s/*', 'https://a.example.com/s/X-1')).toBe(true);
  expect(matchesAutoConvertPattern('https://plm.example.com/specs.*', 'https://plm.example.com/specsXfoo')).toBe(false);
});

test('pasted text converts only when it is one link some macro matches', () => {
  expect(autoConvertTarget(macros, '  https://plm.example.com/specs/GEAR-7\n')).toEqual({ moduleKey: 'spec-bridge', link: 'https://plm.example.com/specs/GEAR-7' });
  expect(autoConvertTarget(macros, 'see https://plm.example.com/specs/GEAR-7')).toBeUndefined();
  expect(autoConvertTarget(macros, 'https://elsewhere.example/specs/GEAR-7')).toBeUndefined();
});

test("every sample record's link converts locally, and the app's record pattern reads its id from it", () => {
  const { specs: seeds } = JSON.parse(readFileSync(join(process.cwd(), 'local', 'engineering', 'seed-specs.json'), 'utf8')) as { specs: { id: string; url: string }[] };

  expect(seeds.length).toBeGreaterThan(50);
  for (const seed of seeds) {
    expect(autoConvertTarget(macros, seed.url)?.moduleKey).toBe('spec-bridge');
    expect(specIdFromPastedLink(seed.url, LOCAL_RECORD_URL_PATTERN)).toEqual({ ok: true, specId: seed.id });
  }
});
