/**
 * The macro as a static ADF document for page exports (PDF, Word, page history), built from the
 * last snapshot written to the page. No JavaScript runs in an export, so everything the reader
 * needs is spelled out: revisions, status, parameters, and when the data was fetched.
 */
import { COLUMN_HEADINGS, DEFAULT_COLUMNS, STATUS_LABELS } from '../shared/labels';
import type { TableColumn } from '../shared/resolver-contract';
import {
  checkLimits,
  formatActual,
  formatParameter,
  formatTimestamp,
  isOutOfLimits,
  printableUrl,
  safeHttpUrl,
  SEPARATOR,
} from '../shared/format-parameter';
import { parameterNamed } from '../shared/parameter-names';
import { specificationColumns } from '../shared/specification-columns';
import type { MacroSnapshot, SnapshotPin, SnapshotSpec } from './snapshot';
import type { LifecycleStatus, SpecParameter, SpecRecord } from '../shared/spec-record';

export interface AdfMark {
  type: string;
  attrs?: Record<string, unknown>;
}

export interface AdfNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: AdfNode[];
  text?: string;
  marks?: AdfMark[];
}

/** An ADF document (`{type:'doc', version:1, content}`). */
export interface AdfDoc {
  type: 'doc';
  version: 1;
  content: AdfNode[];
}

/** What an export says of a record whose parameters were trimmed away to fit the snapshot. */
const PARAMETERS_LEFT_OUT_TEXT = "The parameters of this specification were left out to fit Confluence's size limit; open the page to see them.";

/** What an export says when the page has never been viewed with this macro. */
export const NO_SNAPSHOT_TEXT = 'Spec Bridge has no saved data for this macro yet; open the page to load it.';

const STATUS_COLOR: Record<LifecycleStatus, string> = { draft: 'neutral', in_review: 'blue', released: 'green', obsolete: 'red' };

// ADF rejects empty text nodes.
function text(value: string, marks?: AdfMark[]): AdfNode {
  return { type: 'text', text: value === '' ? '—' : value, ...(marks ? { marks } : {}) };
}

function paragraph(...inline: (AdfNode | string)[]): AdfNode {
  return { type: 'paragraph', content: inline.map((n) => (typeof n === 'string' ? text(n) : n)) };
}

function statusNode(status: LifecycleStatus): AdfNode {
  return { type: 'status', attrs: { text: STATUS_LABELS[status] ?? String(status), color: STATUS_COLOR[status] ?? 'neutral' } };
}

function cell(type: 'tableCell' | 'tableHeader', inline: AdfNode | string | (AdfNode | string)[], colspan?: number): AdfNode {
  return { type, ...(colspan && colspan > 1 ? { attrs: { colspan } } : {}), content: [paragraph(...(Array.isArray(inline) ? inline : [inline]))] };
}

function table(header: string[], rows: AdfNode[][]): AdfNode {
  const head = { type: 'tableRow', content: header.map((h) => cell('tableHeader', h)) };
  return { type: 'table', attrs: { isNumberColumnEnabled: false, layout: 'default' }, content: [head, ...rows.map((r) => ({ type: 'tableRow', content: r }))] };
}

/**
 * What the export says about a spec without (or beside) its record: a fixed sentence per problem code. A stored
 * message is never printed — a snapshot written by an older version may hold the engineering system's own error text.
 */
function problemText(spec: SnapshotSpec, snapshot: MacroSnapshot): string {
  if (spec.withdrawn || spec.problem?.code === 'withdrawn') return `${spec.id} was withdrawn in the engineering system.`;
  if (!spec.record && snapshot.trimmedSpecIds?.includes(spec.id)) return `${spec.id} was left out to fit Confluence's size limit; open the page to see it.`;
  switch (spec.problem?.code) {
    case 'not_found':
      return `${spec.id} does not exist in the engineering system.`;
    case 'invalid_id':
      return `${spec.id} is not a valid specification id.`;
    case 'not_allowed':
      return `Spec Bridge's site settings do not allow ${spec.id} in this space.`;
    case undefined:
      return `${spec.id}: no data was saved for this specification.`;
    default:
      return `${spec.id}: the engineering system could not be read when this was saved.`;
  }
}

const OUT_OF_LIMITS: AdfNode = { type: 'status', attrs: { text: 'out of limits', color: 'red' } };

function checkCell(parameter: SpecParameter): AdfNode {
  const verdict = checkLimits(parameter);
  if (verdict === 'outside') return OUT_OF_LIMITS;
  return text(verdict === 'within' ? 'within limits' : '—');
}

/** True when trimming the snapshot to Confluence's 32 KB emptied this record's parameters (they were not "none"). */
function parametersLeftOut(snapshot: MacroSnapshot, spec: SnapshotSpec): boolean {
  return spec.record?.parameters.length === 0 && (snapshot.trimmedSpecIds?.includes(spec.id) ?? false);
}

function parameterTable(parameters: SpecParameter[], leftOut = false): AdfNode {
  if (leftOut) return paragraph(PARAMETERS_LEFT_OUT_TEXT);
  if (parameters.length === 0) return paragraph('This specification lists no parameters.');
  const withActual = parameters.some((p) => p.actual !== undefined);
  const withCheck = parameters.some((p) => checkLimits(p) !== undefined);
  const header = ['Parameter', 'Specification', 'Limits', ...(withActual ? ['Actual'] : []), ...(withCheck ? ['Check'] : [])];
  const rows = parameters.map((p) => [
    cell('tableCell', p.name),
    ...specificationCells(p),
    ...(withActual ? [cell('tableCell', formatActual(p))] : []),
    ...(withCheck ? [cell('tableCell', checkCell(p))] : []),
  ]);
  return table(header, rows);
}

/** Specification and limits, or one cell across both when the limits would repeat the specification. */
function specificationCells(parameter: SpecParameter): AdfNode[] {
  const { specification, limits } = specificationColumns(parameter);
  return limits === null ? [cell('tableCell', specification, 2)] : [cell('tableCell', specification), cell('tableCell', limits)];
}

/** A parameter column's cell in the specs table: the specification, and the measured value marked when out of limits. */
function parameterColumnCell(record: SpecRecord, name: string): AdfNode {
  const parameter = parameterNamed(record.parameters, name);
  if (!parameter) return cell('tableCell', '—');
  const actual = formatActual(parameter);
  if (actual === '') return cell('tableCell', formatParameter(parameter));
  const measured = `${formatParameter(parameter)}${SEPARATOR}actual ${actual}`;
  return cell('tableCell', checkLimits(parameter) === 'outside' ? [`${measured} `, OUT_OF_LIMITS] : measured);
}

/** The id, linked to the record when its address is a safe web link. */
function idText(record: SpecRecord): AdfNode {
  const href = safeHttpUrl(record.url);
  return href === undefined ? text(record.id) : text(record.id, [{ type: 'link', attrs: { href } }]);
}

function recordLink(record: SpecRecord): AdfNode {
  const href = safeHttpUrl(record.url);
  if (href === undefined) return paragraph(`Record: ${printableUrl(record.url)}`);
  return paragraph('Record: ', text(href, [{ type: 'link', attrs: { href } }]));
}

function specSection(snapshot: MacroSnapshot, spec: SnapshotSpec, layout: 'card' | 'parameters', pinnedRevision?: string, leftOut = false): AdfNode[] {
  const { record } = spec;
  if (!record) return [{ type: 'heading', attrs: { level: 3 }, content: [text(spec.id)] }, paragraph(problemText(spec, snapshot))];
  const title = layout === 'card' ? record.title : `${record.id}${SEPARATOR}${record.title}`;
  const facts = [`${record.id}`, `Rev ${record.revision}`];
  if (layout === 'card') facts.push(`Owner ${record.owner || '—'}`, `changed in the engineering system ${formatTimestamp(record.updatedAt)}`);
  return [
    { type: 'heading', attrs: { level: 3 }, content: [text(title)] },
    paragraph(`${facts.join(SEPARATOR)}${SEPARATOR}`, statusNode(record.status)),
    ...(layout === 'card' ? [recordLink(record)] : []),
    ...(spec.pinned ? [paragraph(pinSentence(spec.id, spec.pinned))] : pinnedRevision ? [paragraph(`Pinned to Rev ${pinnedRevision} by the page author.`)] : []),
    ...(spec.problem || spec.withdrawn ? [paragraph(problemText(spec, snapshot))] : []),
    parameterTable(record.parameters, leftOut),
  ];
}

/** A spec's pin in words; older snapshots carry only the envelope's pinnedRevision (see specSection). */
function pinSentence(id: string, pin: SnapshotPin): string {
  const pinned = `Pinned to Rev ${pin.revision} by the page author`;
  const latest = `this is the latest revision, Rev ${pin.latestRevision}`;
  if (pin.availability === 'not_found') return `${pinned}, but Rev ${pin.revision} does not exist for ${id}; ${latest}.`;
  if (pin.availability === 'unreadable') return `${pinned}, but Rev ${pin.revision} could not be read; ${latest}.`;
  return pin.latestRevision === pin.revision ? `${pinned}.` : `${pinned}; Rev ${pin.latestRevision} is available.`;
}

/** The revision cell of a pinned row: "B (pinned; Rev C available)", "C (pinned Rev Z does not exist)". */
function pinnedRevisionText(record: SpecRecord, pin: SnapshotPin): string {
  if (pin.availability === 'not_found') return `${record.revision} (pinned Rev ${pin.revision} does not exist)`;
  if (pin.availability === 'unreadable') return `${record.revision} (pinned Rev ${pin.revision} could not be read)`;
  return pin.latestRevision === pin.revision ? `${record.revision} (pinned)` : `${record.revision} (pinned; Rev ${pin.latestRevision} available)`;
}

function tableCellFor(record: SpecRecord, column: TableColumn, pin?: SnapshotPin): AdfNode {
  switch (column) {
    case 'id':
      return cell('tableCell', idText(record));
    case 'title':
      return cell('tableCell', record.title);
    case 'revision':
      return cell('tableCell', pin ? pinnedRevisionText(record, pin) : record.revision);
    case 'status':
      return cell('tableCell', statusNode(record.status));
    case 'owner':
      return cell('tableCell', record.owner);
    case 'updatedAt':
      return cell('tableCell', formatTimestamp(record.updatedAt));
    case 'parameters': {
      const out = record.parameters.filter(isOutOfLimits).length;
      return cell('tableCell', `${record.parameters.length}${out > 0 ? ` (${out} out of limits)` : ''}`);
    }
  }
}

/** Exports always identify each row and its revision, whatever columns the author picked. */
function exportColumns(columns: TableColumn[]): TableColumn[] {
  const picked = columns.length > 0 ? columns : [...DEFAULT_COLUMNS];
  const withId: TableColumn[] = picked.includes('id') ? picked : ['id', ...picked];
  return withId.includes('revision') ? withId : [...withId.slice(0, 1), 'revision', ...withId.slice(1)];
}

/** The specs table: the author's columns (with id and revision), then one column per configured parameter name. */
function specsTable(snapshot: MacroSnapshot): AdfNode {
  const columns = exportColumns(snapshot.columns);
  const names = snapshot.parameterColumns ?? [];
  const rows = snapshot.specs.map((spec) => {
    if (!spec.record) return [cell('tableCell', spec.id), cell('tableCell', problemText(spec, snapshot), columns.length + names.length - 1)];
    const leftOut = parametersLeftOut(snapshot, spec);
    return [
      ...columns.map((c) => (c === 'parameters' && leftOut ? cell('tableCell', 'left out (size limit)') : tableCellFor(spec.record!, c, spec.pinned))),
      ...names.map((name) => (leftOut ? cell('tableCell', 'left out (size limit)') : parameterColumnCell(spec.record!, name))),
    ];
  });
  return table([...columns.map((c) => COLUMN_HEADINGS[c]), ...names], rows);
}

function asOf(snapshot: MacroSnapshot): string {
  const fetched = snapshot.specs.flatMap((s) => (s.fetchedAt ? [formatTimestamp(s.fetchedAt)] : [])).sort();
  if (fetched.length === 0) return `As of ${formatTimestamp(snapshot.writtenAt)} (when Spec Bridge saved this view)`;
  const [oldest, newest] = [fetched[0]!, fetched[fetched.length - 1]!];
  const range = oldest === newest ? oldest : `${oldest} to ${newest}`;
  return `As of ${range}, when Spec Bridge fetched this data from the engineering system`;
}

/**
 * The export of one macro: a table (header + one row per spec) for the table layout, or a heading,
 * facts and parameter table for card/parameters; always with revisions, an "as of" stamp and a note
 * when the snapshot was trimmed. Without a snapshot it says there is no saved data yet.
 */
export function buildExportAdf(snapshot: MacroSnapshot | undefined, nowIso: string): AdfDoc {
  if (!snapshot) return { type: 'doc', version: 1, content: [paragraph(NO_SNAPSHOT_TEXT)] };
  const content: AdfNode[] = [];
  const [first] = snapshot.specs;
  if (!first) content.push(paragraph('This Spec Bridge macro lists no specifications.'));
  else if (snapshot.layout === 'table') content.push(specsTable(snapshot));
  else content.push(...specSection(snapshot, first, snapshot.layout, snapshot.pinnedRevision, parametersLeftOut(snapshot, first)));
  if (snapshot.truncated) {
    const which = snapshot.trimmedSpecIds?.length ? ` (${snapshot.trimmedSpecIds.join(', ')})` : '';
    content.push(paragraph(`Some details${which} were left out to fit Confluence's size limit; open the page for everything.`));
  }
  content.push(paragraph(text(`${asOf(snapshot)}. Exported ${formatTimestamp(nowIso)}.`, [{ type: 'em' }])));
  return { type: 'doc', version: 1, content };
}
