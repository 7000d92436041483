/** The lines `npm run dev` prints once everything listens. */
import type { DevDocumentationReceiver } from './dev-documentation-receiver';
import type { ChangeNoticeInfo } from './notify/change-notice-info';

export interface DevBannerFacts {
  origin: string;
  watch: boolean;
  engineeringBaseUrl: string;
  engineeringToken: string;
  webtriggers: Record<string, string>;
  changeNotices: ChangeNoticeInfo;
  storePath: string;
  /** `false` (`--site-not-configured`): the variables above name no site, so the local site waits for its admin. */
  environmentConfiguresSite?: boolean;
  /** Where the site's documentation notices go (the two-way bridge), or why nowhere. */
  documentationReceiver?: DevDocumentationReceiver;
}

export function devBanner(facts: DevBannerFacts): string {
  const { changeNotices } = facts;
  return [
    '',
    `Spec Bridge is running on the local Forge platform (${facts.watch ? 'esbuild from src/, reloading on change' : "the app as Atlassian's bundler builds it; --watch for a reloading loop"})`,
    `  Workbench (Confluence-like page):  ${facts.origin}/`,
    `  Engineering API (sample system):   ${facts.engineeringBaseUrl}   (Bearer ${facts.engineeringToken})`,
    `  Confluence REST v2:                ${facts.origin}/wiki/api/v2/pages`,
    ...Object.entries(facts.webtriggers).map(([key, url]) => `  Web trigger ${key}:  ${url}`),
    `  Change-notice secret:              ${changeNotices.secret ?? '(set from WEBHOOK_SECRET; not shown)'}`,
    `                                     ${changeNotices.note}`,
    `  Send a change notice:              ${changeNotices.example}`,
    ...documentationLines(facts),
    ...(facts.environmentConfiguresSite === false
      ? ['  Local site:                        not configured by these variables: connect it on the admin page (Spec Bridge settings, as Local Admin)']
      : []),
    `  Platform info:                     ${facts.origin}/__local/info`,
    `  State:                             ${facts.storePath}`,
    '',
  ].join('\n');
}

function documentationLines(facts: DevBannerFacts): string[] {
  const receiver = facts.documentationReceiver;
  if (!receiver) return [];
  if (!receiver.configured) return [`  Documentation notices:             not sent: ${receiver.reason}`];
  return [
    `  Documentation notices:             ${receiver.receiverUrl}${receiver.seeded ? '' : ' (the site\'s saved setting)'}`,
    `  Where SHAFT-1042 is documented:    curl -H 'Authorization: Bearer ${facts.engineeringToken}' ${facts.engineeringBaseUrl}/specs/SHAFT-1042/documentation`,
  ];
}
