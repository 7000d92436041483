import { expect, test } from 'vitest';
import { principalFromHttpHeaders } from './principal-from-http-headers';

type Case = { label: string; headers: Record<string, string>; expected: object };

const basic = (credentials: string) => `Basic ${Buffer.from(credentials).toString('base64')}`;

test.each<Case>([
  { label: 'no credentials', headers: {}, expected: { kind: 'user', accountId: 'local-admin' } },
  { label: 'X-Local-User', headers: { 'x-local-user': 'alice' }, expected: { kind: 'user', accountId: 'alice' } },
  { label: 'HTTP Basic', headers: { authorization: basic('bob:any-token') }, expected: { kind: 'user', accountId: 'bob' } },
  { label: 'HTTP Basic without a password', headers: { authorization: basic('bob') }, expected: { kind: 'user', accountId: 'bob' } },
  { label: 'X-Local-As-App', headers: { 'x-local-as-app': 'true' }, expected: { kind: 'app' } },
  { label: 'X-Local-As-App beating X-Local-User', headers: { 'x-local-as-app': 'TRUE', 'x-local-user': 'alice' }, expected: { kind: 'app' } },
  { label: 'X-Local-User beating Basic', headers: { 'x-local-user': 'alice', authorization: basic('bob:x') }, expected: { kind: 'user', accountId: 'alice' } },
  { label: 'X-Local-As-App false', headers: { 'x-local-as-app': 'false' }, expected: { kind: 'user', accountId: 'local-admin' } },
  { label: 'a Bearer token', headers: { authorization: 'Bearer abc' }, expected: { kind: 'user', accountId: 'local-admin' } },
])('$label gives $expected.kind $expected.accountId', ({ headers, expected }) => {
  expect(principalFromHttpHeaders(new Headers(headers))).toEqual(expected);
});

test('Node IncomingHttpHeaders records with mixed-case names and arrays are read too', () => {
  expect(principalFromHttpHeaders({ 'X-Local-User': ['alice', 'bob'], host: 'localhost' })).toEqual({ kind: 'user', accountId: 'alice' });
});
