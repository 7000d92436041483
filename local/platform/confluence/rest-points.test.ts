import { expect, test } from 'vitest';
import { restPoints } from './rest-points';

const list = (n: number) => JSON.stringify({ results: Array.from({ length: n }, (_, i) => ({ id: String(i) })) });

test('a read costs 1 plus 1 per page, blog post or space it returns', () => {
  expect(restPoints('GET', '/wiki/api/v2/pages/42?body-format=storage', 200, '{}')).toBe(2);
  expect(restPoints('GET', '/wiki/api/v2/blogposts/42', 200, '{}')).toBe(2);
  expect(restPoints('GET', '/wiki/api/v2/spaces/1', 200, '{}')).toBe(2);
  expect(restPoints('GET', '/wiki/api/v2/pages?space-id=1', 200, list(7))).toBe(8);
  expect(restPoints('GET', '/wiki/api/v2/spaces', 200, list(0))).toBe(1);
});

test('content properties are not core objects: any property request costs the base point only', () => {
  expect(restPoints('GET', '/wiki/api/v2/pages/42/properties/7', 200, '{"id":"7","key":"k","value":{}}')).toBe(1);
  expect(restPoints('GET', '/wiki/api/v2/pages/42/properties?key=k', 200, list(3))).toBe(1);
});

test('writes and failed reads cost the base point only', () => {
  expect(restPoints('PUT', '/wiki/api/v2/pages/42/properties/7', 200, '')).toBe(1);
  expect(restPoints('POST', '/wiki/api/v2/pages/42/properties', 200, '')).toBe(1);
  expect(restPoints('DELETE', '/wiki/api/v2/pages/42/properties/7', 204, '')).toBe(1);
  expect(restPoints('GET', '/wiki/api/v2/pages/404', 404, '{"errors":[]}')).toBe(1);
});

test('a v1 user read costs 1 plus 2 for the one identity object it returns, expanded or not', () => {
  expect(restPoints('GET', '/wiki/rest/api/user/current?expand=operations', 200, '{}')).toBe(3);
  expect(restPoints('GET', '/wiki/rest/api/user?accountId=alice&expand=operations', 200, '{}')).toBe(3);
  expect(restPoints('GET', '/wiki/rest/api/user?accountId=alice', 200, '{}')).toBe(3);
  expect(restPoints('GET', '/wiki/rest/api/user?accountId=nobody', 404, '{}')).toBe(1);
});
