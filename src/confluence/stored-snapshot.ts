import type { MacroRef } from '../domain/ports';
import type { MacroSnapshot, SnapshotSpec } from '../domain/snapshot';
import { verifyStoredSnapshot, type SnapshotTrust, type SnapshotVerdict } from '../domain/snapshot-signature';
import { StoredSnapshotEnvelope, StoredSnapshotSpec } from './schema';

/** What a stored property value turned out to be: a snapshot the app can use, or why it is not one. */
export interface StoredSnapshotReading {
  snapshot?: MacroSnapshot;
  /** Why the value counts as no snapshot ('invalid': not a snapshot's shape; otherwise the signature verdict). */
  rejected?: Exclude<SnapshotVerdict, 'verified'> | 'invalid';
  /** Spec entries dropped because they did not match the schema (they count as no saved data). */
  droppedSpecs: number;
}

/**
 * Reads a snapshot property's value, which may be anything (docs/decisions.md §13): it counts only
 * when the app signed it for this page and macro on this site, and then only the parts that match
 * the full schema — an invalid spec entry is dropped, never passed on. Never throws.
 */
export function readStoredSnapshot(value: unknown, ref: MacroRef, trust: SnapshotTrust): StoredSnapshotReading {
  const verdict = verifyStoredSnapshot(value, ref, trust);
  if (verdict !== 'verified') return { rejected: verdict, droppedSpecs: 0 };
  const envelope = StoredSnapshotEnvelope.safeParse(value);
  if (!envelope.success) return { rejected: 'invalid', droppedSpecs: 0 };
  const specs: SnapshotSpec[] = [];
  for (const entry of envelope.data.specs) {
    const spec = StoredSnapshotSpec.safeParse(entry);
    if (spec.success) specs.push(spec.data);
  }
  return { snapshot: { ...envelope.data, specs }, droppedSpecs: envelope.data.specs.length - specs.length };
}
