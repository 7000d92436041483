import type { DatabaseSync } from 'node:sqlite';
import type { Clock } from '../clock';
import {
  clearConfluenceData,
  insertPage,
  insertSpace,
  insertUser,
  nextContentId,
  selectPage,
  selectPages,
  selectSpace,
  selectSpaceByKey,
  selectSpaces,
  selectUser,
  selectUsers,
  updatePageBody,
  updatePageParent,
  updatePageRestrictions,
  updatePageStatus,
  deletePageRow,
} from './confluence-store';
import type { ContentChange, ContentChangeKind } from './content-change';
import { selectProperties, selectPropertyByKey } from './property-store';
import { LOCAL_ADMIN_ACCOUNT_ID } from './site-accounts';
import type {
  AdfDocument,
  ConfluencePage,
  ConfluenceSpace,
  ConfluenceUser,
  PageBodyInput,
  PageRestrictions,
  StoredProperty,
} from './types';

/** Thrown by the admin API for caller mistakes (unknown space or page, invalid ADF, duplicate space key). */
export class ConfluenceAdminError extends Error {
  override name = 'ConfluenceAdminError';
}

/** Input of ConfluenceAdmin.createPage. */
export interface CreatePageInput {
  spaceId: string;
  title: string;
  /** ADF document or its JSON text; default an empty document. */
  body?: PageBodyInput;
  /** Default: the space homepage. */
  parentId?: string;
  /** Default: the local site admin. */
  authorId?: string;
  restrictions?: Partial<PageRestrictions>;
}

/** Input of ConfluenceAdmin.createBlogPost: a blog post sits in a space, with no parent. */
export type CreateBlogPostInput = Omit<CreatePageInput, 'parentId'>;

/** A content property as the admin API reads it (value parsed). */
export interface AdminProperty {
  id: string;
  key: string;
  value: unknown;
  version: StoredProperty['version'];
}

/** Seed and inspection API of the emulated site, used by the dev server, the workbench and tests (not HTTP). */
export interface ConfluenceAdmin {
  createUser(input: { accountId: string; displayName: string; isAdmin?: boolean }): ConfluenceUser;
  getUser(accountId: string): ConfluenceUser | undefined;
  listUsers(): ConfluenceUser[];
  /** Creates the space and its homepage ("<name> Home"). */
  createSpace(input: { key: string; name: string; authorId?: string }): ConfluenceSpace;
  getSpace(id: string): ConfluenceSpace | undefined;
  getSpaceByKey(key: string): ConfluenceSpace | undefined;
  listSpaces(): ConfluenceSpace[];
  createPage(input: CreatePageInput): ConfluencePage;
  createBlogPost(input: CreateBlogPostInput): ConfluencePage;
  /** The page or blog post with this id (`type` tells which). */
  getPage(id: string): ConfluencePage | undefined;
  listPages(filter?: { spaceId?: string }): ConfluencePage[];
  /** Replaces the body (like an edit in the editor) and bumps the page version. */
  setPageBody(pageId: string, body: PageBodyInput, options?: { authorId?: string; message?: string }): ConfluencePage;
  /** Copies a page (body and title, or `title`) under `parentId` (default: the original's parent); fires `copied`. */
  copyPage(pageId: string, options?: { title?: string; parentId?: string } & ActorOption): ConfluencePage;
  /** Moves a page under another parent in its space; fires `moved` with the page before the move. */
  movePage(pageId: string, parentId: string, options?: ActorOption): ConfluencePage;
  /** Archives / unarchives / trashes / restores a page or blog post, firing the event of the same name. */
  archivePage(pageId: string, options?: ActorOption): ConfluencePage;
  unarchivePage(pageId: string, options?: ActorOption): ConfluencePage;
  trashPage(pageId: string, options?: ActorOption): ConfluencePage;
  restorePage(pageId: string, options?: ActorOption): ConfluencePage;
  /** Deletes a trashed page for good (Confluence's purge); fires `deleted`. */
  purgePage(pageId: string, options?: ActorOption): void;
  /** Replaces the given restriction lists; an omitted list is left as it was. */
  setRestrictions(pageId: string, restrictions: Partial<PageRestrictions>): ConfluencePage;
  /** All properties of a page in creation order, ignoring restrictions. */
  listProperties(pageId: string): AdminProperty[];
  getPropertyByKey(pageId: string, key: string): AdminProperty | undefined;
  /** Deletes all users, spaces, pages and properties. */
  reset(): void;
}

/** Who a change is attributed to (the event's `atlassianId`); default the local site admin. */
export interface ActorOption {
  authorId?: string;
}

/** The status a lifecycle change needs first, and the status it leaves. */
const TRANSITIONS: Record<'archived' | 'unarchived' | 'trashed' | 'restored', { from: ConfluencePage['status'][]; to: NonNullable<ConfluencePage['status']> }> = {
  archived: { from: ['current'], to: 'archived' },
  unarchived: { from: ['archived'], to: 'current' },
  trashed: { from: ['current', 'archived'], to: 'trashed' },
  restored: { from: ['trashed'], to: 'current' },
};

/**
 * The admin API over the service's database. Edits, copies, moves and lifecycle changes report a content change to
 * `emit` (the site's product events); seeding (users, spaces, createPage, createBlogPost) and restrictions do not.
 */
export function createConfluenceAdmin(db: DatabaseSync, clock: Clock, emit: (change: ContentChange) => void = () => undefined): ConfluenceAdmin {
  const now = () => new Date(clock.now()).toISOString();

  function changeStatus(pageId: string, kind: keyof typeof TRANSITIONS, options?: ActorOption): ConfluencePage {
    const page = requirePage(pageId);
    const transition = TRANSITIONS[kind];
    if (!transition.from.includes(page.status)) throw new ConfluenceAdminError(`Page ${pageId} is ${page.status ?? 'current'}; it cannot be ${kind}`);
    if (kind === 'archived' && page.type !== 'page') throw new ConfluenceAdminError('Only pages can be archived');
    updatePageStatus(db, pageId, transition.to);
    return changed(kind, pageId, options);
  }

  function changed(kind: ContentChangeKind, pageId: string, options?: ActorOption, extra?: Partial<ContentChange>): ConfluencePage {
    const page = requirePage(pageId);
    emit({ kind, page, actorId: options?.authorId ?? LOCAL_ADMIN_ACCOUNT_ID, ...extra });
    return page;
  }

  function requirePage(id: string): ConfluencePage & { position: number } {
    const page = selectPage(db, id);
    if (!page) throw new ConfluenceAdminError(`No page with id ${id}`);
    return page;
  }

  function addPage(input: CreatePageInput & { parentId: string | undefined }, type: ConfluencePage['type'] = 'page'): ConfluencePage {
    const authorId = input.authorId ?? LOCAL_ADMIN_ACCOUNT_ID;
    const createdAt = now();
    const page: ConfluencePage = {
      id: String(nextContentId(db)),
      type,
      spaceId: input.spaceId,
      ...(input.parentId === undefined ? {} : { parentId: input.parentId }),
      title: input.title,
      authorId,
      createdAt,
      body: adfText(input.body),
      version: { number: 1, createdAt, message: '', minorEdit: false, authorId },
      restrictions: { view: input.restrictions?.view ?? [], edit: input.restrictions?.edit ?? [] },
    };
    insertPage(db, page);
    return requirePage(page.id);
  }

  return {
    createUser(input) {
      const user = { accountId: input.accountId, displayName: input.displayName, isAdmin: input.isAdmin ?? false };
      insertUser(db, user);
      return user;
    },
    getUser: (accountId) => selectUser(db, accountId),
    listUsers: () => selectUsers(db),
    createSpace(input) {
      if (selectSpaceByKey(db, input.key)) throw new ConfluenceAdminError(`Space key ${input.key} is taken`);
      const space: ConfluenceSpace = {
        id: String(nextContentId(db)),
        key: input.key,
        name: input.name,
        authorId: input.authorId ?? LOCAL_ADMIN_ACCOUNT_ID,
        createdAt: now(),
        homepageId: '',
      };
      const homepage = addPage({ spaceId: space.id, title: `${input.name} Home`, parentId: undefined, authorId: space.authorId });
      insertSpace(db, { ...space, homepageId: homepage.id });
      return { ...space, homepageId: homepage.id };
    },
    getSpace: (id) => selectSpace(db, id),
    getSpaceByKey: (key) => selectSpaceByKey(db, key),
    listSpaces: () => selectSpaces(db),
    createPage(input) {
      const space = selectSpace(db, input.spaceId);
      if (!space) throw new ConfluenceAdminError(`No space with id ${input.spaceId}`);
      if (input.parentId !== undefined) requirePage(input.parentId);
      return addPage({ ...input, parentId: input.parentId ?? space.homepageId });
    },
    createBlogPost(input) {
      if (!selectSpace(db, input.spaceId)) throw new ConfluenceAdminError(`No space with id ${input.spaceId}`);
      return addPage({ ...input, parentId: undefined }, 'blogpost');
    },
    getPage: (id) => selectPage(db, id),
    listPages: (filter) => selectPages(db, filter?.spaceId === undefined ? undefined : [filter.spaceId]),
    setPageBody(pageId, body, options) {
      const page = requirePage(pageId);
      const version = {
        number: page.version.number + 1,
        createdAt: now(),
        message: options?.message ?? '',
        minorEdit: false,
        authorId: options?.authorId ?? LOCAL_ADMIN_ACCOUNT_ID,
      };
      updatePageBody(db, pageId, adfText(body), version);
      return changed('updated', pageId, { authorId: version.authorId });
    },
    copyPage(pageId, options) {
      const original = requirePage(pageId);
      if (original.type !== 'page') throw new ConfluenceAdminError('Only pages can be copied');
      const parentId = options?.parentId ?? original.parentId;
      if (parentId !== undefined) requirePage(parentId);
      const copy = addPage({
        spaceId: original.spaceId,
        title: options?.title ?? `Copy of ${original.title}`,
        body: original.body,
        parentId,
        authorId: options?.authorId,
        restrictions: original.restrictions,
      });
      return changed('copied', copy.id, options, { originContentId: original.id });
    },
    movePage(pageId, parentId, options) {
      const before = requirePage(pageId);
      const parent = requirePage(parentId);
      if (before.type !== 'page' || parent.spaceId !== before.spaceId) throw new ConfluenceAdminError('A page moves under a page of its own space');
      updatePageParent(db, pageId, parentId);
      return changed('moved', pageId, options, { prevPage: before });
    },
    archivePage: (pageId, options) => changeStatus(pageId, 'archived', options),
    unarchivePage: (pageId, options) => changeStatus(pageId, 'unarchived', options),
    trashPage: (pageId, options) => changeStatus(pageId, 'trashed', options),
    restorePage: (pageId, options) => changeStatus(pageId, 'restored', options),
    purgePage(pageId, options) {
      const page = requirePage(pageId);
      if (page.status !== 'trashed') throw new ConfluenceAdminError(`Page ${pageId} is not in the trash; only trashed pages can be purged`);
      deletePageRow(db, pageId);
      emit({ kind: 'deleted', page, actorId: options?.authorId ?? LOCAL_ADMIN_ACCOUNT_ID });
    },
    setRestrictions(pageId, restrictions) {
      const page = requirePage(pageId);
      updatePageRestrictions(db, pageId, {
        view: restrictions.view ?? page.restrictions.view,
        edit: restrictions.edit ?? page.restrictions.edit,
      });
      return requirePage(pageId);
    },
    listProperties: (pageId) =>
      selectProperties(db, pageId, { sort: undefined, limit: Number.MAX_SAFE_INTEGER }).map(adminProperty),
    getPropertyByKey(pageId, key) {
      const property = selectPropertyByKey(db, pageId, key);
      return property && adminProperty(property);
    },
    reset: () => clearConfluenceData(db),
  };
}

/** Normalises a body input to ADF JSON text, rejecting anything that is not an ADF document. */
function adfText(body: PageBodyInput | undefined): string {
  if (body === undefined) return JSON.stringify(emptyDocument());
  let doc: unknown;
  try {
    doc = typeof body === 'string' ? JSON.parse(body) : body;
  } catch (error) {
    throw new ConfluenceAdminError('Page body is not valid ADF JSON', { cause: error });
  }
  const node = doc as Partial<AdfDocument> | null;
  if (node?.type !== 'doc' || !Array.isArray(node.content)) {
    throw new ConfluenceAdminError('Page body must be an ADF document: {"type":"doc","version":1,"content":[…]}');
  }
  return JSON.stringify(doc);
}

function emptyDocument(): AdfDocument {
  return { type: 'doc', version: 1, content: [] };
}

function adminProperty(property: StoredProperty): AdminProperty {
  return { id: property.id, key: property.key, value: JSON.parse(property.valueJson) as unknown, version: property.version };
}
