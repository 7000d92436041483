/**
 * The demo Confluence site the dev server, the workbench and integration tests start from:
 * three users, the ENG space, and three pages with Spec Bridge macros. Macro configs are what the
 * config form saves (`parameters.guestParams`: specIds text, layout, columns, ttlMinutes) and name
 * records of the sample engineering system (local/engineering/seed-specs.json).
 *
 * Who may do what:
 * - `local-admin` (site admin): views and edits every page.
 * - `alice` (viewer): views every page, edits none (each page's edit list leaves her out), so a macro she
 *   views can only refresh its snapshot through the app (asApp).
 * - `bob`: edits the public pages but cannot see "Supplier quote (restricted)" (404 for him, as in Confluence).
 */
import { adfDocument, bulletList, forgeMacroNode, heading, paragraph } from './adf-builders';
import type { ConfluenceService } from './confluence-service';
import type { AdfDocument, PageRestrictions } from './types';
import { LOCAL_ADMIN_ACCOUNT_ID } from './site-accounts';

/** The demo site's users: the local admin, a viewer and an engineer. */
export const DEMO_USERS = [
  { accountId: LOCAL_ADMIN_ACCOUNT_ID, displayName: 'Local Admin', isAdmin: true },
  { accountId: 'alice', displayName: 'Alice Viewer', isAdmin: false },
  { accountId: 'bob', displayName: 'Bob Engineer', isAdmin: false },
] as const;

/** Macro instance ids (`parameters.localId`) of the seeded Spec Bridge macros. */
export const DEMO_MACROS = {
  gearboxCard: '5d7c1a8e-2f44-4b1a-9c3e-6a0b1c2d0001',
  gearboxTable: '5d7c1a8e-2f44-4b1a-9c3e-6a0b1c2d0002',
  psuRails: '5d7c1a8e-2f44-4b1a-9c3e-6a0b1c2d0003',
  supplierCard: '5d7c1a8e-2f44-4b1a-9c3e-6a0b1c2d0004',
} as const;

/** The demo space. */
export const DEMO_SPACE = { key: 'ENG', name: 'Engineering' } as const;

const EDITORS = [LOCAL_ADMIN_ACCOUNT_ID, 'bob'];

type DemoPageName = 'gearbox' | 'psu' | 'restricted';

const DEMO_PAGES: Record<DemoPageName, { title: string; restrictions: PageRestrictions; body: AdfDocument }> = {
  gearbox: {
    title: 'Gearbox GB-200 — design review',
    restrictions: { view: [], edit: EDITORS },
    body: adfDocument(
      paragraph('Design review of the GB-200 two-stage gearbox before release to manufacturing.'),
      heading(2, 'Input shaft'),
      macro(DEMO_MACROS.gearboxCard, 'a0000000-0000-4000-8000-000000000001', { specIds: 'SHAFT-1042', layout: 'card' }),
      heading(2, 'Gear stage, bearing and seal'),
      macro(DEMO_MACROS.gearboxTable, 'a0000000-0000-4000-8000-000000000002', {
        specIds: 'GEAR-3601, BRG-3003, SEAL-3701, FIT-3102',
        layout: 'table',
        columns: ['id', 'title', 'revision', 'status', 'parameters'],
        ttlMinutes: 10,
      }),
      heading(2, 'Review notes'),
      bulletList(['Output shaft runout is within tolerance.', 'Bearing preload to be confirmed by test.']),
    ),
  },
  psu: {
    title: 'Power supply PSU-48 — release checklist',
    restrictions: { view: [], edit: EDITORS },
    body: adfDocument(
      paragraph('Checklist for releasing the 48 V power supply.'),
      macro(DEMO_MACROS.psuRails, 'a0000000-0000-4000-8000-000000000003', {
        specIds: 'PSU-4801, PSU-4802, PSU-4803',
        layout: 'table',
      }),
      bulletList(['Ripple measured at full load.', 'Hold-up time verified.', 'Label artwork approved.']),
    ),
  },
  restricted: {
    title: 'Supplier quote (restricted)',
    restrictions: { view: [LOCAL_ADMIN_ACCOUNT_ID, 'alice'], edit: [LOCAL_ADMIN_ACCOUNT_ID] },
    body: adfDocument(
      paragraph('Commercial terms for the GB-200 housing casting. Do not share outside purchasing.'),
      macro(DEMO_MACROS.supplierCard, 'a0000000-0000-4000-8000-000000000004', { specIds: 'HSG-3501', layout: 'card' }),
    ),
  },
};

/** Ids of what seedDemoSite created (or found). */
export interface DemoSite {
  spaceId: string;
  pages: Record<DemoPageName, string>;
  macros: typeof DEMO_MACROS;
}

/** Seeds the demo site; idempotent, so a restarted dev server with a kept database finds its pages again. */
export function seedDemoSite(service: Pick<ConfluenceService, 'admin'>): DemoSite {
  const { admin } = service;
  for (const user of DEMO_USERS) admin.createUser(user);
  const space = admin.getSpaceByKey(DEMO_SPACE.key) ?? admin.createSpace({ ...DEMO_SPACE });
  const existing = admin.listPages({ spaceId: space.id });
  const pages = {} as DemoSite['pages'];
  for (const name of Object.keys(DEMO_PAGES) as DemoPageName[]) {
    const page = DEMO_PAGES[name];
    const found = existing.find((candidate) => candidate.title === page.title);
    pages[name] = (found ?? admin.createPage({ spaceId: space.id, ...page })).id;
  }
  return { spaceId: space.id, pages, macros: DEMO_MACROS };
}

function macro(localId: string, nodeLocalId: string, config: Record<string, unknown>) {
  return forgeMacroNode({ localId, nodeLocalId, config });
}
