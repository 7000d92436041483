/**
 * The platform's activity log, live: resolver calls, app logs (cache and snapshot lines), egress
 * fetches, web trigger notices and answers, queue deliveries, realtime events. The same stream
 * carries build reports, which the page uses to restart macros after the app bundle is rebuilt.
 */
import Lozenge from '@atlaskit/lozenge';
import React, { useEffect, useState } from 'react';
import type { ActivityEntry } from '../../platform/activity-log';
import type { BundleReport } from '../build/build-workbench';

const LIMIT = 300;

const APPEARANCE: Record<string, 'default' | 'inprogress' | 'moved' | 'new' | 'removed' | 'success'> = {
  resolver: 'inprogress',
  webtrigger: 'new',
  consumer: 'success',
  egress: 'moved',
  'app-log': 'default',
  realtime: 'new',
  engineering: 'moved',
  trigger: 'success',
};

/** Subscribes to the activity stream; returns the latest entries (oldest first). */
export function useActivityStream(onBuild: (report: BundleReport) => void): ActivityEntry[] {
  const [entries, setEntries] = useState<ActivityEntry[]>([]);
  useEffect(() => {
    const source = new EventSource('/__workbench/events/activity');
    source.onmessage = (message) => {
      const entry = JSON.parse(message.data as string) as ActivityEntry;
      setEntries((list) => (list.some((e) => e.seq === entry.seq) ? list : [...list, entry].slice(-LIMIT)));
    };
    source.addEventListener('build', (message) => onBuild(JSON.parse(message.data as string) as BundleReport));
    return () => source.close();
  }, [onBuild]);
  return entries;
}

/** The activity list, newest first. */
export function ActivityPanel({ entries }: { entries: ActivityEntry[] }): React.JSX.Element {
  return (
    <ol className="wb-activity" data-testid="activity-panel">
      {entries.length === 0 ? <li className="wb-muted">Nothing yet: open a page with a macro, or publish a change.</li> : null}
      {[...entries].reverse().map((entry) => (
        <li key={entry.seq} title={entry.detail ? JSON.stringify(entry.detail, null, 2) : undefined}>
          <time>{entry.at.slice(11, 19)}</time> <Lozenge appearance={APPEARANCE[entry.source] ?? 'default'}>{entry.source}</Lozenge> <span>{entry.message}</span>
        </li>
      ))}
    </ol>
  );
}
