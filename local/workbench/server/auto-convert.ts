/**
 * Confluence's paste-to-macro (Forge macro `autoConvert`), as the workbench emulates it: text pasted into a page
 * being edited that is one URL matching a macro module's `autoConvert.matchers[].pattern` becomes that macro, with
 * the URL as its `autoConvertLink`. A `*` in a pattern stands for one or more characters other than white space and
 * the rest must match, ignoring case (how Confluence treats case is not documented; the app checks the link again).
 */
import type { AppManifest } from '../../platform/manifest';

/** Whether `url` matches the manifest `pattern`. */
export function matchesAutoConvertPattern(pattern: string, url: string): boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('\\S+');
  return new RegExp(`^${source}$`, 'i').test(url);
}

/** The macro module a pasted text converts to, and the link it carries; undefined when the text is not such a link. */
export function autoConvertTarget(macros: AppManifest['macros'], pasted: string): { moduleKey: string; link: string } | undefined {
  const link = pasted.trim();
  if (link === '' || /\s/.test(link) || link.length > 2048) return undefined;
  const macro = macros.find((m) => m.autoConvertMatchers.some((pattern) => matchesAutoConvertPattern(pattern, link)));
  return macro ? { moduleKey: macro.key, link } : undefined;
}
