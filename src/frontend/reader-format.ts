/**
 * Dates and numbers as the reader writes them: Forge's UI context carries the reader's `locale` and `timezone`
 * (view.getContext(), read once by the macro); the sentences around them stay English, like the rest of the macro.
 * Numbers keep the engineering typography of format-parameter.ts (U+2212 minus, narrow-space digit groups); only the
 * decimal mark follows the locale ("25,000 ± 0,005 mm" for de-DE).
 */
import { createContext, useContext } from 'react';
import { formatTimestamp } from '../shared/format-parameter';

export interface ReaderFormat {
  locale?: string;
  timeZone?: string;
}

const ReaderFormatContext = createContext<ReaderFormat>({});

/** Provides the reader's locale and time zone to the layouts. */
export const ReaderFormatProvider = ReaderFormatContext.Provider;

/** The reader's locale and time zone (empty until the context has been read). */
export function useReaderFormat(): ReaderFormat {
  return useContext(ReaderFormatContext);
}

/** The locale as Intl reads it: Forge codes may use an underscore (`en_US`); unusable ones give undefined. */
function intlLocale(locale: string | undefined): string | undefined {
  if (!locale) return undefined;
  try {
    return Intl.getCanonicalLocales(locale.replace(/_/g, '-'))[0];
  } catch {
    return undefined;
  }
}

/** "Mar 4, 2026, 3:05 PM CET" in the reader's locale and time zone; the UTC form when neither is known or usable. */
export function formatDateTime(iso: string, format: ReaderFormat): string {
  const ms = Date.parse(iso);
  const locale = intlLocale(format.locale);
  if (Number.isNaN(ms) || (!locale && !format.timeZone)) return formatTimestamp(iso);
  try {
    const options: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' };
    return new Intl.DateTimeFormat(locale ?? 'en-US', format.timeZone ? { ...options, timeZone: format.timeZone } : options).format(ms);
  } catch {
    return formatTimestamp(iso);
  }
}

/** The decimal mark of `locale` ('.' when unknown). */
function decimalMark(locale: string | undefined): string {
  const part = new Intl.NumberFormat(intlLocale(locale) ?? 'en-US').formatToParts(1.5).find((p) => p.type === 'decimal');
  return part?.value ?? '.';
}

const NO_BREAK_SPACE = '\u00A0';
const WORD_JOINER = '\u2060';

/**
 * A value kept on one line, so a narrow column never shows "24.987– / 25.000 / mm": UI Kit has no `white-space`
 * style, so the text itself says where it may not break. Spaces become no-break spaces and a word joiner follows
 * each en dash and slash (browsers break after those). The space before a parenthesised range stays breakable:
 * "40 mm (39.5–40.5 mm)" may wrap between its two values, never inside one.
 */
export function keepTogether(text: string): string {
  return text
    .split(' (')
    .map((part) => part.replace(/ /g, NO_BREAK_SPACE).replace(/[\u2013/]/g, `$&${WORD_JOINER}`))
    .join(' (');
}

/** A formatted engineering value as the reader sees it: their decimal mark, and on one line (keepTogether). */
export function localizeNumbers(text: string, format: ReaderFormat): string {
  const mark = decimalMark(format.locale);
  return keepTogether(mark === '.' ? text : text.replace(/(\d)\.(\d)/g, `$1${mark}$2`));
}
