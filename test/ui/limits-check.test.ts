/** The Check column of the parameter table, on the seeded records that used to raise false alarms. */
import { readFileSync } from 'node:fs';
import { afterEach, expect, test } from 'vitest';
import type { SpecRecord } from '../../src/shared/spec-record';
import { buildExportAdf } from '../../src/domain/export-adf';
import type { MacroSnapshot } from '../../src/domain/snapshot';
import { findByText, findByType, tableHead, visibleText } from './forge-doc';
import type { MountedMacro } from './mount-macro';
import { failOnReactWarnings } from './no-react-warnings';
import { renderView } from './render-view';
import { makeSpec, makeViewModel } from './view-model-factory';

failOnReactWarnings();
let mounted: MountedMacro | undefined;
afterEach(async () => {
  await mounted?.unmount();
  mounted = undefined;
});

const seeded = (JSON.parse(readFileSync(new URL('../../local/engineering/seed-specs.json', import.meta.url), 'utf8')) as { specs: SpecRecord[] }).specs;

function seededRecord(id: string): SpecRecord {
  const record = seeded.find((r) => r.id === id);
  if (!record) throw new Error(`${id} is not in seed-specs.json`);
  return record;
}

async function renderParameters(record: SpecRecord): Promise<MountedMacro> {
  const view = makeViewModel([makeSpec(record.id, { record })]);
  view.settings.layout = 'parameters';
  return renderView(view);
}

test.each(['BRG-3003', 'FIT-3102'])('the fit seats of seeded %s, written as limits with no measured value, raise no limits flag', async (id) => {
  mounted = await renderParameters(seededRecord(id));

  const root = mounted.harness.root;
  expect(visibleText(root)).not.toContain('out of limits');
  expect(findByType(root, 'Lozenge').map(visibleText)).not.toContain('out of limits');
  expect(tableHead(findByType(root, 'DynamicTable')[0]!)).not.toContain('Check');
});

test('seeded PSU-4801: measured values with limits are checked, the efficiency with no limits says nothing', async () => {
  mounted = await renderParameters(seededRecord('PSU-4801'));

  const root = mounted.harness.root;
  const voltage = findByText(root, 'Row', 'Supply voltage')[0]!;
  expect(findByType(voltage, 'Lozenge').map(visibleText)).toEqual(['within limits']);
  const efficiency = findByText(root, 'Row', 'Efficiency at full load (min)')[0]!;
  expect(findByType(efficiency, 'Lozenge')).toEqual([]);
  expect(visibleText(efficiency)).toContain('88.5 %');
});

test('an actual 1 Ω against limits of 1 MΩ–1 PΩ is flagged out of limits on the page and in the export', async () => {
  const record = { ...seededRecord('PSU-4801'), parameters: [{ name: 'Insulation resistance', nominal: null, unit: 'ohm', tolerance: { type: 'limits' as const, min: 1e6, max: 1e15 }, actual: 1 }] };
  mounted = await renderParameters(record);

  const row = findByText(mounted.harness.root, 'Row', 'Insulation resistance')[0]!;
  expect(findByType(row, 'Lozenge', { appearance: 'removed' }).map(visibleText)).toEqual(['out of limits']);
  expect(JSON.stringify(buildExportAdf(parametersSnapshot(record), new Date().toISOString()))).toContain('out of limits');
});

test('the export of seeded BRG-3003 and PSU-4801 shows no limits check where there is nothing to check', () => {
  const fit = JSON.stringify(buildExportAdf(parametersSnapshot(seededRecord('BRG-3003')), new Date().toISOString()));
  expect(fit).not.toContain('out of limits');
  expect(fit).not.toContain('Check');
  const supply = JSON.stringify(buildExportAdf(parametersSnapshot(seededRecord('PSU-4801')), new Date().toISOString()));
  expect(supply.match(/within limits/g)).toHaveLength(2);
});

function parametersSnapshot(record: SpecRecord): MacroSnapshot {
  const writtenAt = new Date().toISOString();
  return { schemaVersion: 1, pageId: '1', localId: 'l', layout: 'parameters', columns: [], specs: [{ id: record.id, record, fetchedAt: writtenAt }], writtenAt, contentHash: 'h', truncated: false };
}
