/**
 * Builds the page state a documentation notice carries (src/shared/documentation-notice.ts) from what the where-used
 * index knows of a page, under the site's privacy settings. Pure: the consumer reads the settings and asks Confluence
 * whether the page is restricted, then calls this.
 */
import type { DocumentationPageState, DocumentedSpec } from '../shared/documentation-notice';
import type { PageIndexEntry } from './ports';

/** What a site admin opted in to; both off by default (ids and URLs only, restricted pages left out). */
export interface DocumentationPrivacy {
  shareTitles: boolean;
  includeRestricted: boolean;
}

export const DEFAULT_DOCUMENTATION_PRIVACY: DocumentationPrivacy = { shareTitles: false, includeRestricted: false };

/** The revision each macro's last verified snapshot shows: macro localId → spec id → revision. */
export type ShownRevisions = Record<string, Record<string, string>>;

export interface PageStateInput {
  /** `gone`: the page no longer exists for the app (its entry lists no macros). */
  entry: Pick<PageIndexEntry, 'pageId' | 'contentType' | 'version' | 'sequence' | 'status' | 'title' | 'spaceKey' | 'macros'> & { gone?: boolean };
  cloudId: string;
  /** The site's base URL (`https://acme.atlassian.net`); undefined: the notice's `url` is null. */
  siteUrl?: string;
  shownRevisions?: ShownRevisions;
  privacy: DocumentationPrivacy;
  /**
   * Whether the page has view restrictions: true, false, or undefined when the app could not tell. Only consulted when
   * restricted pages are left out; an unknown answer counts as restricted (fail closed).
   */
  restricted?: boolean;
}

export function buildDocumentationState(input: PageStateInput): DocumentationPageState {
  const { entry, privacy } = input;
  const hidden = entry.gone === true || (!privacy.includeRestricted && input.restricted !== false);
  const shared = privacy.shareTitles && !hidden;
  return {
    cloudId: input.cloudId,
    pageId: entry.pageId,
    contentType: entry.contentType,
    url: input.siteUrl === undefined ? null : pageUrl(input.siteUrl, entry.pageId),
    version: entry.version,
    status: hidden ? 'gone' : entry.status,
    sequence: entry.sequence,
    ...(shared && entry.title !== undefined ? { title: entry.title } : {}),
    ...(shared && entry.spaceKey !== undefined ? { spaceKey: entry.spaceKey } : {}),
    specs: hidden ? [] : documentedSpecs(entry.macros, input.shownRevisions ?? {}),
  };
}

/** The link to a page the notice carries: `<site>/wiki/pages/viewpage.action?pageId=<id>` (works for blog posts too). */
export function pageUrl(siteUrl: string, pageId: string): string {
  return `${siteUrl.replace(/\/+$/, '')}/wiki/pages/viewpage.action?pageId=${encodeURIComponent(pageId)}`;
}

function documentedSpecs(macros: PageIndexEntry['macros'], shown: ShownRevisions): DocumentedSpec[] {
  return macros.flatMap((macro) =>
    macro.specIds.map((specId): DocumentedSpec => {
      const pinned = macro.pinnedRevisions[specId];
      return { specId, macroLocalId: macro.localId, revision: pinned ?? shown[macro.localId]?.[specId] ?? null, pinned: pinned !== undefined };
    }),
  );
}
