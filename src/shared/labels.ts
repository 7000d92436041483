/** Words shown for columns and statuses, the same in the macro, its config panel and exports. */
import type { LifecycleStatus } from './spec-record';
import type { TableColumn } from './resolver-contract';

/** Table columns a freshly inserted macro shows. */
export const DEFAULT_COLUMNS: readonly TableColumn[] = ['id', 'title', 'revision', 'status', 'owner'];

/** Column headings, in the order the config panel offers them. */
export const COLUMN_HEADINGS: Readonly<Record<TableColumn, string>> = {
  id: 'Spec',
  title: 'Title',
  revision: 'Rev',
  status: 'Status',
  owner: 'Owner',
  updatedAt: 'Changed in source',
  parameters: 'Parameters',
};

/** Lifecycle statuses in lifecycle order, with their labels. */
export const STATUS_LABELS: Readonly<Record<LifecycleStatus, string>> = {
  draft: 'Draft',
  in_review: 'In review',
  released: 'Released',
  obsolete: 'Obsolete',
};
