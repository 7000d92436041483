/** A pasted record link becomes a spec id only when it fits the configured record URL pattern. */
import { expect, test } from 'vitest';
import { recordUrlPatternProblem, specIdFromPastedLink, withPastedLink } from './pasted-link';

const PATTERN = 'https://plm.example.com/specs/{id}';

test.each([
  ['the plain record link', 'https://plm.example.com/specs/SHAFT-1042', 'SHAFT-1042'],
  ['a trailing slash, a query and a fragment', 'https://PLM.example.com/specs/SHAFT-1042/?tab=params#top', 'SHAFT-1042'],
  ['a lower-case id (ids are upper-cased, as in the config)', 'https://plm.example.com/specs/bolt-2001', 'BOLT-2001'],
  ['a percent-encoded id', 'https://plm.example.com/specs/PSU%2D4801', 'PSU-4801'],
])('%s gives the spec id', (_label, link, specId) => {
  expect(specIdFromPastedLink(link, PATTERN)).toEqual({ ok: true, specId });
});

test('an id given as a query value is read from it, and the other query values the pattern names must match', () => {
  const pattern = 'https://plm.example.com/app/record?type=spec&id={id}';

  expect(specIdFromPastedLink('https://plm.example.com/app/record?id=GEAR-7&type=spec&x=1', pattern)).toEqual({ ok: true, specId: 'GEAR-7' });
  expect(specIdFromPastedLink('https://plm.example.com/app/record?id=GEAR-7&type=part', pattern).ok).toBe(false);
});

test.each([
  ['another host', 'https://evil.example/specs/SHAFT-1042'],
  ['plain http where the pattern says https', 'http://plm.example.com/specs/SHAFT-1042'],
  ['another path', 'https://plm.example.com/parts/SHAFT-1042'],
  ['a deeper path', 'https://plm.example.com/specs/SHAFT-1042/history'],
  ['no id', 'https://plm.example.com/specs/'],
  ['a user name in the link', 'https://plm.example.com@evil.example/specs/SHAFT-1042'],
  ['not a URL at all', 'SHAFT-1042'],
  ['a javascript: link', 'javascript:alert(1)//plm.example.com/specs/SHAFT-1042'],
])('a link to %s is a config problem naming the link and the expected shape', (_label, link) => {
  const result = specIdFromPastedLink(link, PATTERN);

  expect(result).toEqual({ ok: false, problem: expect.stringContaining('is not a link to a record in the engineering system (links look like https://plm.example.com/specs/SHAFT-1042)') });
});

test('a link of the right shape whose id is not a spec id says so', () => {
  expect(specIdFromPastedLink('https://plm.example.com/specs/not%20an%20id', PATTERN)).toEqual({
    ok: false,
    problem: expect.stringContaining('does not name a valid spec id'),
  });
});

test('a shown link is cut short and loses control and bidi characters', () => {
  const result = specIdFromPastedLink(`https://evil.example/\u202E${'a'.repeat(300)}`, PATTERN);

  expect(result.ok).toBe(false);
  const problem = result.ok ? '' : result.problem;
  expect(problem).not.toContain('\u202E');
  expect(problem).toContain('a…"');
  expect(problem.length).toBeLessThan(400);
});

test('without a usable pattern every link is a "not set up" problem, and the pattern problem is named for the logs', () => {
  for (const pattern of [undefined, 'https://plm.example.com/specs/', 'https://plm.example.com/{id}/{id}', 'ftp://plm.example.com/{id}', 'https://{id}.example.com/x', 'https://plm.example.com/x#{id}']) {
    expect(specIdFromPastedLink('https://plm.example.com/specs/SHAFT-1042', pattern)).toEqual({ ok: false, problem: expect.stringContaining('not set up to read record links') });
  }
  expect(recordUrlPatternProblem('https://plm.example.com/specs/')).toMatch(/exactly once/);
  expect(recordUrlPatternProblem('https://{id}.example.com/x')).toMatch(/host/);
  expect(recordUrlPatternProblem(PATTERN)).toBeUndefined();
});

test('the link fills only a macro whose config lists no spec ids; an author\'s ids win', () => {
  const link = 'https://plm.example.com/specs/SHAFT-1042';

  expect(withPastedLink({}, link, PATTERN)).toEqual({ config: { specIds: 'SHAFT-1042' }, problems: [] });
  expect(withPastedLink(undefined, link, PATTERN)).toEqual({ config: { specIds: 'SHAFT-1042' }, problems: [] });
  expect(withPastedLink({ specIds: ' ', layout: 'card' }, link, PATTERN)).toEqual({ config: { specIds: 'SHAFT-1042', layout: 'card' }, problems: [] });
  expect(withPastedLink({ specIds: 'BOLT-2001' }, link, PATTERN)).toEqual({ config: { specIds: 'BOLT-2001' }, problems: [] });
  expect(withPastedLink({}, undefined, PATTERN)).toEqual({ config: {}, problems: [] });
  expect(withPastedLink({}, 'https://evil.example/x', PATTERN).problems).toHaveLength(1);
});
