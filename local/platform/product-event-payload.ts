/**
 * Confluence product events as Forge delivers them to a `trigger` module's function, from
 * https://developer.atlassian.com/platform/forge/events-reference/confluence/ (payload table and type reference):
 * `eventType`, `atlassianId`, `content`, plus `prevContent` (moved:page only) and `originContentId` (copied:page only).
 * `suppressNotifications` is not in that table; it is in payloads Forge delivered (observed by apps) and the local
 * platform sends `false`. The reference documents no version number and no update trigger: `history` names the
 * latest version's author and date only, so a handler that orders events reads the page (its `version.number`).
 */
import type { ContentChange } from './confluence/content-change';
import type { ConfluenceSpace, ConfluenceUser } from './confluence/types';

export interface ConfluenceEventContent {
  id: string;
  type: 'page' | 'blogpost';
  status: 'current' | 'trashed' | 'historical' | 'draft' | 'archived';
  title: string;
  space: ConfluenceEventSpace;
  history: { latest: boolean; createdBy: ConfluenceEventUser; createdDate: string };
}

/** `Space` of the reference: the id is a number there. */
export interface ConfluenceEventSpace {
  id: number;
  key: string;
  name: string;
  type: 'global' | 'personal';
  icon: ConfluenceEventImage;
  status: 'current' | 'archived';
}

export interface ConfluenceEventUser {
  type: 'known' | 'unknown' | 'anonymous' | 'user';
  username: string;
  accountId: string;
  accountType: 'atlassian' | 'app';
  email: string;
  profilePicture: ConfluenceEventImage;
  displayName: string;
  isExternalCollaborator: boolean;
}

export interface ConfluenceEventImage {
  path: string;
  width: number;
  height: number;
  isDefault: boolean;
}

/** The first argument of a trigger function subscribed to `avi:confluence:*:page` / `:blogpost` events. */
export interface ConfluenceContentEvent {
  eventType: string;
  atlassianId: string;
  content: ConfluenceEventContent;
  suppressNotifications: boolean;
  prevContent?: ConfluenceEventContent;
  originContentId?: string;
}

const DEFAULT_PICTURE: ConfluenceEventImage = { path: '/wiki/aa-avatar/default.png', width: 48, height: 48, isDefault: true };

/** What the payload builder needs from the site: its spaces and users. */
export interface EventSite {
  space(id: string): ConfluenceSpace | undefined;
  user(accountId: string): ConfluenceUser | undefined;
  appAccountId: string;
}

/** The documented payload of one content change. */
export function contentEventPayload(change: ContentChange, site: EventSite): ConfluenceContentEvent {
  const content = eventContent(change.page, site);
  return {
    eventType: `avi:confluence:${change.kind}:${change.page.type}`,
    atlassianId: change.actorId,
    content,
    suppressNotifications: false,
    ...(change.prevPage ? { prevContent: eventContent(change.prevPage, site) } : {}),
    ...(change.originContentId === undefined ? {} : { originContentId: change.originContentId }),
  };
}

function eventContent(page: ContentChange['page'], site: EventSite): ConfluenceEventContent {
  const space = site.space(page.spaceId);
  return {
    id: page.id,
    type: page.type,
    status: page.status ?? 'current',
    title: page.title,
    space: {
      id: Number(page.spaceId),
      key: space?.key ?? '',
      name: space?.name ?? '',
      type: 'global',
      icon: { path: '/wiki/images/logo/default-space-logo.svg', width: 48, height: 48, isDefault: true },
      status: 'current',
    },
    history: { latest: true, createdBy: eventUser(page.version.authorId, site), createdDate: page.version.createdAt },
  };
}

function eventUser(accountId: string, site: EventSite): ConfluenceEventUser {
  const user = site.user(accountId);
  const isApp = accountId === site.appAccountId;
  return {
    type: 'known',
    username: accountId,
    accountId,
    accountType: isApp ? 'app' : 'atlassian',
    email: '',
    profilePicture: DEFAULT_PICTURE,
    displayName: user?.displayName ?? (isApp ? 'Spec Bridge' : accountId),
    isExternalCollaborator: false,
  };
}
