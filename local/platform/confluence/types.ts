/**
 * Records of the emulated Confluence site, as the admin API hands them out. The REST shapes
 * (ContentProperty, PageSingle…) are built from these in the route modules.
 */

/** A site user; `isAdmin` marks the local site admin (restrictions still apply to admins, as in Confluence). */
export interface ConfluenceUser {
  accountId: string;
  displayName: string;
  isAdmin: boolean;
}

/** A space and the id of its homepage. */
export interface ConfluenceSpace {
  id: string;
  key: string;
  name: string;
  authorId: string;
  createdAt: string;
  /** Created with the space, like Confluence's "<name> Home" page. */
  homepageId: string;
}

/**
 * Page restrictions: an empty list means "no restriction" for that operation.
 * A user in `edit` but not in a non-empty `view` still cannot see the page (Confluence semantics).
 */
export interface PageRestrictions {
  view: string[];
  edit: string[];
}

/** The `version` object of pages and content properties (the Version schema). */
export interface PageVersion {
  number: number;
  createdAt: string;
  message: string;
  minorEdit: boolean;
  authorId: string;
}

/** The content types the site holds; blog posts have no parent and their own REST paths (/blogposts/…). */
export type ContentKind = 'page' | 'blogpost';

/** Lifecycle status of a page or blog post (ContentStatus values the site uses); trashed ones can be restored or purged. */
export type ContentStatus = 'current' | 'trashed' | 'archived';

/** A page or blog post with its body, current version and restrictions. */
export interface ConfluencePage {
  id: string;
  type: ContentKind;
  /** Absent on input means `current`; pages read from the store always carry it. */
  status?: ContentStatus;
  spaceId: string;
  title: string;
  /** Absent only for a space homepage. */
  parentId?: string;
  authorId: string;
  createdAt: string;
  /** The page body as an ADF JSON string (the source of truth; storage format is rendered from it). */
  body: string;
  version: PageVersion;
  restrictions: PageRestrictions;
}

/** A content property as stored (value kept as its JSON text). */
export interface StoredProperty {
  id: string;
  pageId: string;
  key: string;
  valueJson: string;
  version: PageVersion;
}

/** A minimal ADF node: enough structure to build and render page bodies. */
export interface AdfNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: AdfNode[];
  text?: string;
  marks?: { type: string; attrs?: Record<string, unknown> }[];
}

/** The root ADF node. */
export interface AdfDocument extends AdfNode {
  type: 'doc';
  version: 1;
  content: AdfNode[];
}

/** Page body input for the admin API: an ADF document or its JSON text. */
export type PageBodyInput = AdfDocument | string;
