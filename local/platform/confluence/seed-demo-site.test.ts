import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { parseMacroConfig } from '../../../src/domain/macro-config';
import { ManualClock } from '../clock';
import { openStore } from '../store';
import { createConfluenceService } from './confluence-service';
import { DEMO_MACROS, seedDemoSite } from './seed-demo-site';
import { asUser, createTestConfluence } from './test-confluence';
import type { AdfNode } from './types';

function macrosIn(node: AdfNode): AdfNode[] {
  const own = node.type === 'extension' ? [node] : [];
  return [...own, ...(node.content ?? []).flatMap(macrosIn)];
}

test('the demo site has the ENG space, three users and the gearbox page with its two macros', async () => {
  const { service, admin, call } = createTestConfluence();

  const demo = seedDemoSite(service);
  const gearbox = await call('GET', `/pages/${demo.pages.gearbox}?body-format=atlas_doc_format`);
  const body = (gearbox.json as { body: { atlas_doc_format: { value: string } } }).body.atlas_doc_format.value;

  expect(admin.getSpaceByKey('ENG')).toMatchObject({ id: demo.spaceId, name: 'Engineering' });
  expect(admin.listUsers().map((user) => [user.accountId, user.isAdmin])).toEqual([
    ['alice', false],
    ['bob', false],
    ['local-admin', true],
  ]);
  expect(gearbox.json).toMatchObject({ title: 'Gearbox GB-200 — design review' });
  expect(body).toContain(DEMO_MACROS.gearboxCard);
  expect(body).toContain(DEMO_MACROS.gearboxTable);
  expect(body).not.toContain(DEMO_MACROS.psuRails);
});

test.each([
  { user: 'local-admin', restricted: 200, write: 200 },
  { user: 'alice', restricted: 200, write: 403 },
  { user: 'bob', restricted: 404, write: 200 },
])('$user sees the restricted page with $restricted and writes gearbox properties with $write', async ({ user, restricted, write }) => {
  const { service, call } = createTestConfluence();
  const demo = seedDemoSite(service);

  const page = await call('GET', `/pages/${demo.pages.restricted}`, { as: asUser(user) });
  const created = await call('POST', `/pages/${demo.pages.gearbox}/properties`, { body: { key: 'k', value: 1 }, as: asUser(user) });

  expect(page.status).toBe(restricted);
  expect(created.status).toBe(write);
});

test('seeding again, even from a restarted service on the same database, reuses the same pages', () => {
  const db = openStore(':memory:');
  const clock = new ManualClock();
  const first = seedDemoSite(createConfluenceService({ db, clock }));

  const restarted = createConfluenceService({ db, clock });
  const second = seedDemoSite(restarted);

  expect(second).toEqual(first);
  expect(restarted.admin.listPages().map((page) => page.title)).toEqual([
    'Engineering Home',
    'Gearbox GB-200 — design review',
    'Power supply PSU-48 — release checklist',
    'Supplier quote (restricted)',
  ]);
});

test('reset empties the site so the next seed starts from fresh ids', async () => {
  const { service, admin, call } = createTestConfluence();
  const first = seedDemoSite(service);
  await call('POST', `/pages/${first.pages.psu}/properties`, { body: { key: 'k', value: 1 } });

  admin.reset();
  const emptied = admin.listPages();
  const second = seedDemoSite(service);

  expect(emptied).toEqual([]);
  expect(second).toEqual(first);
  expect(admin.listProperties(second.pages.psu)).toEqual([]);
});

test('every seeded macro config parses without problems and names specs of the sample engineering system', () => {
  const { service, admin } = createTestConfluence();
  const demo = seedDemoSite(service);
  const seedSpecs = JSON.parse(readFileSync(new URL('../../engineering/seed-specs.json', import.meta.url), 'utf8')) as {
    specs: { id: string }[];
  };
  const knownIds = new Set(seedSpecs.specs.map((spec) => spec.id));

  const macros = Object.values(demo.pages).flatMap((pageId) => macrosIn(JSON.parse(admin.getPage(pageId)?.body ?? '{}') as AdfNode));
  const parsed = macros.map((node) => {
    const parameters = node.attrs?.parameters as { localId: string; guestParams: unknown };
    return { localId: parameters.localId, ...parseMacroConfig(parameters.guestParams) };
  });

  expect(parsed.map((macro) => macro.localId).sort()).toEqual(Object.values(DEMO_MACROS).sort());
  for (const macro of parsed) {
    expect(macro.problems).toEqual([]);
    expect(macro.settings.specIds.length).toBeGreaterThan(0);
    expect(macro.settings.specIds.filter((id) => !knownIds.has(id))).toEqual([]);
  }
});
