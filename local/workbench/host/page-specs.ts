/** The spec ids the macros on a page show, in page order: what the engineering panel offers first. */
import { parseMacroConfig } from '../../../src/domain/macro-config';
import type { AdfNode } from '../../platform/confluence';
import { findMacros, macroConfig } from '../server/macro-locator';

export function specIdsOnPage(body: AdfNode | undefined): string[] {
  if (!body) return [];
  const ids = findMacros(body).flatMap((node) => parseMacroConfig(macroConfig(node)).settings.specIds);
  return [...new Set(ids)];
}
