/**
 * Small presentational pieces shared by the layouts. They use no hooks, so DynamicTable cells may
 * hold them (UI Kit's DynamicTable calls function components in cells directly).
 */
import { Link, Lozenge, Text } from '@forge/react';
import React from 'react';
import type { LifecycleStatus } from '../shared/spec-record';
import type { FreshnessState, SpecProblemCode } from '../shared/resolver-contract';
import { printableUrl, safeHttpUrl } from '../shared/format-parameter';
import { STATUS_LABELS } from '../shared/labels';

type LozengeAppearance = 'default' | 'inprogress' | 'moved' | 'new' | 'removed' | 'success';

const STATUS_APPEARANCE: Record<LifecycleStatus, LozengeAppearance> = {
  draft: 'default',
  in_review: 'inprogress',
  released: 'success',
  obsolete: 'removed',
};

/** Lifecycle status as a Lozenge; each status has its own appearance. */
export function StatusLozenge({ status }: { status: LifecycleStatus }): React.JSX.Element {
  return <Lozenge appearance={STATUS_APPEARANCE[status] ?? 'default'}>{statusLabel(status)}</Lozenge>;
}

/** Status label for sorting and text ('In review'). */
export function statusLabel(status: LifecycleStatus): string {
  return STATUS_LABELS[status] ?? String(status);
}

/** Sort rank of a status in its lifecycle order. */
export function statusRank(status: LifecycleStatus): number {
  return Object.keys(STATUS_LABELS).indexOf(status);
}

/** A Lozenge for stale/degraded data; nothing when fresh. */
export function FreshnessLozenge({ state }: { state: FreshnessState }): React.JSX.Element | null {
  if (state === 'stale') return <Lozenge appearance="moved">stale</Lozenge>;
  if (state === 'degraded') return <Lozenge appearance="moved">last known data</Lozenge>;
  if (state === 'missing') return <Lozenge appearance="default">no data</Lozenge>;
  return null;
}

/** The "updated just now" mark after a live update. */
export function UpdatedMark(): React.JSX.Element {
  return <Lozenge appearance="new">updated just now</Lozenge>;
}

/** Link to the record in the engineering system; only http(s) URLs become links, others stay text. */
export function RecordLink({ url, id }: { url: string; id: string }): React.JSX.Element {
  const href = safeHttpUrl(url);
  if (href === undefined) return <Text size="small">Record address (not a web link): {printableUrl(url) || 'none'}</Text>;
  return (
    <Text size="small">
      <Link href={href} openNewTab>
        Open {id} in the engineering system
      </Link>
    </Text>
  );
}

/** The one-line freshness statement under a spec or table. */
export function FreshnessLine({ text }: { text: string }): React.JSX.Element {
  return <Text size="small">{text}</Text>;
}

const PROBLEMS: Record<SpecProblemCode, { label: string; title: string; appearance: 'warning' | 'error' }> = {
  not_found: { label: 'not found', title: 'not found in the engineering system', appearance: 'warning' },
  withdrawn: { label: 'withdrawn', title: 'withdrawn in the engineering system', appearance: 'warning' },
  invalid_id: { label: 'invalid id', title: 'is not a valid spec id', appearance: 'error' },
  invalid_record: { label: 'unreadable', title: 'has data Spec Bridge cannot read', appearance: 'error' },
  unavailable: { label: 'unavailable', title: 'could not be loaded: the engineering system is unavailable', appearance: 'warning' },
  unauthorized: { label: 'not authorised', title: 'could not be loaded: Spec Bridge is not authorised', appearance: 'error' },
  rate_limited: { label: 'rate limited', title: 'could not be loaded yet: too many requests', appearance: 'warning' },
  not_allowed: { label: 'not allowed here', title: "is not shown: Spec Bridge's site settings do not allow it in this space", appearance: 'warning' },
};

/** How a per-spec problem reads: a short Lozenge label, a sentence and a SectionMessage appearance. */
export function problemWording(code: SpecProblemCode): { label: string; title: string; appearance: 'warning' | 'error' } {
  return PROBLEMS[code] ?? { label: String(code), title: `has a problem (${String(code)})`, appearance: 'warning' };
}

/** A per-spec problem as a Lozenge (used in table rows). */
export function ProblemLozenge({ code }: { code: SpecProblemCode }): React.JSX.Element {
  return <Lozenge appearance="removed">{problemWording(code).label}</Lozenge>;
}
