import { describe, expect, test } from 'vitest';
import { checkBaseUrl, checkReceiverUrl, chooseConnection, environmentAppliesTo, secretHint, tokenProblem } from './engineering-connection';

const SITE = { baseUrl: 'https://plm.site.example/api', token: 'site-token' };
const ENV = { baseUrl: 'https://plm.env.example/api', token: 'env-token' };

describe('which connection a site uses', () => {
  test("the site's own connection wins over the deployment's, even for a site the deployment names", () => {
    expect(chooseConnection({ site: SITE, environment: ENV, scope: { siteIds: ['c1'], singleSite: false }, cloudId: 'c1' })).toEqual({ ...SITE, source: 'site' });
  });

  test("the deployment's connection serves only the sites it names", () => {
    const scope = { siteIds: ['c1', 'c2'], singleSite: false };
    expect(chooseConnection({ environment: ENV, scope, cloudId: 'c2' })).toEqual({ ...ENV, source: 'environment' });
    expect(chooseConnection({ environment: ENV, scope, cloudId: 'c3' })).toBeUndefined();
    expect(chooseConnection({ environment: ENV, scope, cloudId: undefined })).toBeUndefined();
  });

  test('a single-site deployment configures whichever site it is installed on', () => {
    expect(environmentAppliesTo({ siteIds: [], singleSite: true }, 'anything')).toBe(true);
    expect(environmentAppliesTo({ siteIds: [], singleSite: false }, 'anything')).toBe(false);
  });

  test('with neither, the site is not connected', () => {
    expect(chooseConnection({ scope: { siteIds: ['c1'], singleSite: true }, cloudId: 'c1' })).toBeUndefined();
  });
});

describe('base URL rules', () => {
  test.each([
    ['https://plm.example.com/api/v1/', 'https://plm.example.com/api/v1'],
    ['  https://plm.example.com  ', 'https://plm.example.com'],
    ['http://127.0.0.1:4000/eng/api/v1', 'http://127.0.0.1:4000/eng/api/v1'],
    ['http://localhost:9/x', 'http://localhost:9/x'],
  ])('%s is accepted as %s', (raw, expected) => {
    expect(checkBaseUrl(raw)).toEqual({ ok: true, baseUrl: expected });
  });

  test.each([
    ['http://plm.example.com/api', /unencrypted/],
    ['ftp://plm.example.com', /https URL/],
    ['plm.example.com', /https URL/],
    ['https://user:pw@plm.example.com', /user name or password/],
    ['https://plm.example.com/api?token=x', /query or fragment/],
    ['https://', /https URL/],
  ])('%s is refused', (raw, problem) => {
    const checked = checkBaseUrl(raw);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.problem).toMatch(problem);
  });
});

test('a token that cannot travel in a header is refused, naming why and never echoing it', () => {
  expect(tokenProblem('abc.def-123')).toBeUndefined();
  expect(tokenProblem('  ')).toBe('is empty');
  expect(tokenProblem('line\nbreak')).toMatch(/line break/);
  expect(tokenProblem('typographic’quote')).toMatch(/non-ASCII/);
  expect(tokenProblem('x'.repeat(4097))).toMatch(/4,096/);
  expect(tokenProblem('line\nbreak')).not.toContain('line\nbreak');
});

test('a hint shows the last 4 characters only of a secret long enough to hide the rest', () => {
  expect(secretHint('eyJhbGciOi-abcd-4f2a')).toBe('…4f2a');
  expect(secretHint('whsec_AAAABBBBCCCCDDDD', 'whsec_')).toBe('whsec_…DDDD');
  expect(secretHint('short')).toBe('…');
});

test('a documentation receiver URL must be https (or loopback http) on an origin the deployment may call', () => {
  const allowed = ['https://plm.example.com', 'http://127.0.0.1:4001'];
  expect(checkReceiverUrl('https://plm.example.com/eng/api/v1/documentation-notices/', allowed)).toEqual({ ok: true, url: 'https://plm.example.com/eng/api/v1/documentation-notices' });
  expect(checkReceiverUrl('http://127.0.0.1:4001/eng/api/v1/documentation-notices', allowed)).toMatchObject({ ok: true });
  expect(checkReceiverUrl('http://plm.example.com/hook', allowed)).toMatchObject({ ok: false, problem: expect.stringContaining('https') });
  expect(checkReceiverUrl('https://evil.example.net/hook', allowed)).toMatchObject({ ok: false, problem: expect.stringContaining('plm.example.com') });
  expect(checkReceiverUrl('http://127.0.0.1:9999/hook', allowed)).toMatchObject({ ok: false });
  expect(checkReceiverUrl('https://user:pw@plm.example.com/hook', allowed)).toMatchObject({ ok: false });
});
