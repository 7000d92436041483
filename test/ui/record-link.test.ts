/** The record link on the page: unsafe addresses are plain text, with hidden characters made visible. */
import { afterEach, expect, it } from 'vitest';
import { findByType, linkHrefs, visibleText } from './forge-doc';
import type { MountedMacro } from './mount-macro';
import { failOnReactWarnings } from './no-react-warnings';
import { renderView } from './render-view';
import { makeRecord, makeSpec, makeViewModel } from './view-model-factory';

failOnReactWarnings();
let mounted: MountedMacro | undefined;
afterEach(async () => {
  await mounted?.unmount();
  mounted = undefined;
});

it.each([
  ['userinfo', 'https://plm.example.com@evil.example/login', 'https://plm.example.com@evil.example/login'],
  ['a punycode host', 'https://xn--plm-ppa.example.com/specs/S-1', 'https://xn--plm-ppa.example.com/specs/S-1'],
  ['a bidi override', 'https://plm.example.com/specs/\u202Efdp.exe', 'https://plm.example.com/specs/\uFFFDfdp.exe'],
])('a record link with %s is shown as plain text, never as a link', async (_label, url, shown) => {
  mounted = await renderView(makeViewModel([makeSpec('SHAFT-1042', { record: makeRecord({ url }) })]));

  expect(findByType(mounted.harness.root, 'Link')).toHaveLength(0);
  expect(linkHrefs(mounted.harness.root)).toEqual([]);
  const text = visibleText(mounted.harness.root);
  expect(text).toContain(shown);
  expect(text).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
});
