/**
 * "Documented in": the pages that show the selected record, as Spec Bridge's documentation notices told the sample
 * engineering system (`GET /specs/{id}/documentation`), with the revision each macro shows, pinned or live, and
 * "behind" when that is not the record's current revision. Reloaded whenever the system applies a notice
 * (`/__workbench/events/documentation`), so an inserted, removed or restored macro shows within seconds.
 */
import Lozenge from '@atlaskit/lozenge';
import React, { useEffect, useState } from 'react';
import type { SpecDocumentation } from '../../engineering/documentation-store';
import { workbenchApi } from './workbench-api';

type Loaded = { kind: 'loading' } | { kind: 'loaded'; documentation: SpecDocumentation } | { kind: 'failed'; message: string };

/** Whether a macro shows something other than the record's current revision (null: not known yet). */
export function isBehind(shown: string | null, current: string): boolean {
  return shown !== null && shown !== current;
}

/** How often the panel asks the sample engineering system again ("within seconds" of a change). */
const POLL_MS = 1000;

export function DocumentedIn({ specId }: { specId: string }): React.JSX.Element {
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' });

  useEffect(() => {
    let open = true;
    const load = () =>
      workbenchApi
        .documentation(specId)
        .then((documentation) => open && setLoaded({ kind: 'loaded', documentation }))
        .catch((error: Error) => open && setLoaded({ kind: 'failed', message: error.message }));
    void load();
    // Polled, not streamed: the browser allows six connections to one host, and the page's macros, the activity
    // stream and a stream here used them all, so a seventh request (a paste) waited forever.
    const timer = setInterval(() => void load(), POLL_MS);
    return () => {
      open = false;
      clearInterval(timer);
    };
  }, [specId]);

  return (
    <section className="wb-documented-in" data-testid="documented-in" aria-label={`Pages that document ${specId}`}>
      <h4>Documented in</h4>
      {loaded.kind === 'loading' ? <p className="wb-muted">Loading…</p> : null}
      {loaded.kind === 'failed' ? <p className="wb-muted">Could not ask the engineering system: {loaded.message}</p> : null}
      {loaded.kind === 'loaded' && loaded.documentation.pages.length === 0 ? (
        <p className="wb-muted">No page shows {specId} yet (as far as Spec Bridge has told the engineering system).</p>
      ) : null}
      {loaded.kind === 'loaded' && loaded.documentation.pages.length > 0 ? (
        <ul>
          {loaded.documentation.pages.map((page) => (
            <li key={`${page.cloudId}/${page.pageId}`} data-testid="documented-page" data-page-id={page.pageId}>
              <a href={`#/pages/${encodeURIComponent(page.pageId)}`}>{page.title ?? `Page ${page.pageId}`}</a>
              <span className="wb-muted"> · version {page.version}{page.status === 'archived' ? ' · archived' : ''}</span>
              <ul>
                {page.macros.map((macro) => (
                  <li key={macro.macroLocalId} data-testid="documented-macro">
                    {macro.revision === null ? 'revision not known yet' : `Rev ${macro.revision}`} · {macro.pinned ? 'pinned' : 'live'}
                    {isBehind(macro.revision, loaded.documentation.revision) ? (
                      <>
                        {' '}
                        <Lozenge appearance="moved">behind</Lozenge>
                        <span className="wb-muted"> (current Rev {loaded.documentation.revision})</span>
                      </>
                    ) : null}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
