/**
 * One spec in the place the author put it: a card (title, id, revision, status, owner, source time,
 * link, parameters) or just its parameters, always with its freshness line. A spec that cannot be
 * shown renders its problem right there instead.
 */
import { Heading, Inline, SectionMessage, Stack, Text } from '@forge/react';
import React from 'react';
import type { SpecView } from '../shared/resolver-contract';
import { describeFreshness } from '../shared/format-parameter';
import { isOutageCovered } from './outage-wording';
import { ParameterTable } from './parameter-table';
import { formatDateTime, useReaderFormat } from './reader-format';
import { PinnedBanner, showsPinnedRevision } from './pinned-banner';
import { ScrollsSideways } from './scrolls-sideways';
import { FreshnessLine, FreshnessLozenge, problemWording, RecordLink, StatusLozenge, UpdatedMark } from './view-parts';

export interface SpecBlockProps {
  spec: SpecView;
  nowMs: number;
  recentlyUpdated: boolean;
  /** Card shows the record's details; parameters shows only its parameter table. */
  variant: 'card' | 'parameters';
  /** What may be said after "stale, " (stale-note.ts). */
  staleNote?: string;
}

/** The problem of a spec as a SectionMessage where the spec would be. */
export function SpecProblemMessage({ spec, nowMs }: { spec: SpecView; nowMs: number }): React.JSX.Element {
  const wording = spec.problem ? problemWording(spec.problem.code) : undefined;
  // Above data that is shown, a title says what is wrong with it, never that the spec "could not be loaded".
  const title = spec.record && spec.problem?.code === 'invalid_record' ? `${spec.id}: the newest version cannot be read; showing the last readable one` : wording ? `${spec.id} ${wording.title}` : `${spec.id}: no data yet`;
  const body = spec.problem?.message ?? 'Spec Bridge has not loaded this specification yet.';
  return (
    <SectionMessage appearance={spec.record ? 'warning' : (wording?.appearance ?? 'warning')} title={title}>
      <Text>{body}</Text>
      {spec.record ? null : <FreshnessLine text={describeFreshness(spec, nowMs)} />}
    </SectionMessage>
  );
}

/** The spec as the freshness line should label it: "(pinned)" only when the pinned revision itself is shown. */
function withPinLabel(spec: SpecView): SpecView {
  if (!spec.pinned || showsPinnedRevision(spec)) return spec;
  const { pinned: _notShown, ...rest } = spec;
  return rest;
}

/** A card or parameter block for one spec, or its problem when there is no record to show. */
export function SpecBlock({ spec, nowMs, recentlyUpdated, variant, staleNote }: SpecBlockProps): React.JSX.Element {
  const { record } = spec;
  const format = useReaderFormat();
  if (!record) return <SpecProblemMessage spec={spec} nowMs={nowMs} />;
  const caption = `Parameters of ${record.id} Rev ${record.revision}`;
  return (
    <Stack space="space.100">
      <Inline space="space.100" alignBlock="center" shouldWrap>
        <Heading size={variant === 'card' ? 'medium' : 'small'}>
          {variant === 'card' ? record.title : `${record.id} · ${record.title}`}
        </Heading>
        <StatusLozenge status={record.status} />
        {isOutageCovered(spec) ? null : <FreshnessLozenge state={spec.state} />}
        {recentlyUpdated ? <UpdatedMark /> : null}
      </Inline>
      {variant === 'card' ? (
        <Stack space="space.050">
          <Text>
            {record.id} · Rev {record.revision} · Owner {record.owner || '—'} · Changed in the engineering system{' '}
            {formatDateTime(record.updatedAt, format)}
          </Text>
          <RecordLink url={record.url} id={record.id} />
        </Stack>
      ) : null}
      <PinnedBanner spec={spec} />
      {spec.problem && !isOutageCovered(spec) ? <SpecProblemMessage spec={spec} nowMs={nowMs} /> : null}
      <ScrollsSideways>
        <ParameterTable parameters={record.parameters} caption={caption} omitted={spec.omitted?.parameters} />
      </ScrollsSideways>
      <FreshnessLine text={describeFreshness(withPinLabel(spec), nowMs, staleNote)} />
    </Stack>
  );
}
