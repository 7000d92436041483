import { readConfig } from '../config';
import { createDeps } from '../deps';
import { createKvsPageBookkeeping, createKvsPageIndex } from '../kvs/page-index';
import { createLogger } from '../log';
import { cloudIdFrom } from './macro-context';
import { receivePageEvent } from './page-event';

const log = createLogger('page-events');

/**
 * The Confluence page events trigger (manifest: `handler: index.pageEvent`): keeps the where-used index true from
 * page bodies (docs/decisions.md §35). Answers what it did, for logs and tests; Forge ignores a trigger's answer.
 */
export async function pageEvent(event: unknown, context?: unknown) {
  let settle: () => Promise<void> = () => Promise.resolve();
  try {
    return await receivePageEvent(
      event,
      () => {
        const deps = createDeps(readConfig(), { cloudId: cloudIdFrom(context), purpose: 'push' });
        settle = deps.settle;
        const pages = createKvsPageIndex();
        return {
          pages,
          bookkeeping: createKvsPageBookkeeping(pages),
          reader: deps.pageReader,
          store: deps.pipeline.store,
          removeSnapshot: deps.removeSnapshot,
          outbox: deps.documentationOutbox,
          searchIndex: deps.searchIndex,
          clock: deps.pipeline.clock,
          log: deps.pipeline.log,
          confluenceConcurrency: deps.pipeline.confluenceConcurrency,
        };
      },
      log,
    );
  } finally {
    await settle();
  }
}
