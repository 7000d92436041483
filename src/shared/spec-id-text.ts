/**
 * Spec ids in a narrow table column, and as the macro's config reads them back.
 *
 * UI Kit offers no `white-space` style, and Atlaskit's Text (what UI Kit's Text renders) sets `overflow-wrap: anywhere`,
 * so in a squeezed column an id breaks wherever the line ends — at its hyphen ("SHAFT-" / "1042") or, with a
 * NON-BREAKING HYPHEN (U+2011), mid-number ("SHAFT‑104" / "2"): measured in Chromium, both took 3 lines in a 300 px
 * table. What UI Kit does offer is a minimum width (Box xcss `minWidth`): the id column is then never narrower than
 * its ids, which stay on one line, and the text keeps its plain hyphen, so copying, searching and linking are unchanged.
 */

/**
 * Roughly how wide an id's characters are set, in em, rounded up from Chromium's body font (an id of ten Ws and eight
 * digits measured 14.1 em, "SHAFT-1042" 5.6 em): M and W widest, other capitals, digits, the hyphen narrowest.
 */
function emWidth(character: string): number {
  if (/[MW]/.test(character)) return 0.95;
  if (/[A-Z]/.test(character)) return 0.75;
  return /[0-9]/.test(character) ? 0.6 : 0.4;
}

/** What a link that opens a new tab adds after its text: Atlaskit's new-window icon (16 px) and its gap, in em at 14 px. */
const NEW_TAB_ICON_EM = 1.5;

/** A minimum width (CSS) that holds `id` on one line in the body font, with a new-tab link's icon when it has one. */
export function idMinWidth(id: string, options: { newTabLink?: boolean } = {}): string {
  const ems = [...id].reduce((sum, c) => sum + emWidth(c), 0) + (options.newTabLink ? NEW_TAB_ICON_EM : 0);
  return `${Math.ceil(ems * 10) / 10}em`;
}

/** Text with HYPHEN (U+2010) and NON-BREAKING HYPHEN (U+2011) read as "-": ids pasted from documents that replaced it. */
export function withPlainHyphens(text: string): string {
  return text.replace(/[\u2010\u2011]/g, '-');
}
