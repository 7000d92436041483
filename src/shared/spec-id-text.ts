/**
 * Spec ids as the macro shows them, and as it reads them back. UI Kit offers no `white-space` style (Box's xcss has
 * none), and Chromium breaks "SHAFT-1042" after its hyphen in a narrow column. A NON-BREAKING HYPHEN (U+2011) looks the
 * same and does not break; links keep the record's own address. An id copied from the macro then carries U+2011, so
 * the macro's config reads U+2010/U+2011 as "-" ({@link withPlainHyphens}).
 */

const NON_BREAKING_HYPHEN = '\u2011';

/** The id with its hyphens made non-breaking, for display only. */
export function unbreakableId(id: string): string {
  return id.replace(/-/g, NON_BREAKING_HYPHEN);
}

/** Text with HYPHEN (U+2010) and NON-BREAKING HYPHEN (U+2011) read as "-" (ids pasted from the macro). */
export function withPlainHyphens(text: string): string {
  return text.replace(/[\u2010\u2011]/g, '-');
}
