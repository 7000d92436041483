import type { Principal } from '../service';
import type { ConfluencePage } from './types';

/** What a principal may do with a page: nothing (it does not exist for them), view, or edit. */
export type PageAccess = 'none' | 'view' | 'edit';

/**
 * Page restrictions as Confluence applies them: an empty list restricts nobody; edit needs view.
 * The app principal bypasses restrictions because the local site grants the app access to every page.
 */
export function pageAccess(page: ConfluencePage, principal: Principal): PageAccess {
  if (principal.kind === 'app') return 'edit';
  const { view, edit } = page.restrictions;
  if (view.length > 0 && !view.includes(principal.accountId)) return 'none';
  if (edit.length > 0 && !edit.includes(principal.accountId)) return 'view';
  return 'edit';
}
