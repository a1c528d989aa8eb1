/**
 * The languages twostep speaks out of the box, and the two rules every text in every language
 * follows: `{name}` placeholders, and how a language tag finds its pack.
 */

/** Shipped packs for pages, emails and text messages. English is the fallback for everything. */
export const BUILT_IN_LANGUAGES = ['en', 'es', 'fi'] as const;
export type BuiltInLanguage = (typeof BUILT_IN_LANGUAGES)[number];
export const FALLBACK_LANGUAGE: BuiltInLanguage = 'en';

/** A BCP 47 tag as people write them: "en", "es-MX", "de-CH", "zh-Hant-TW". */
export const LANGUAGE_TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

export function isBuiltInLanguage(value: string): value is BuiltInLanguage {
  return (BUILT_IN_LANGUAGES as readonly string[]).includes(value);
}

/** Fills `{name}` placeholders; a placeholder without a value stays visible rather than vanishing. */
export function fill(text: string, values: Record<string, string | number> = {}): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** The `{name}` placeholders of a text, in order. */
export function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
}

/**
 * The offered tag a wanted one is served by: itself, else its language without the region
 * ("es-MX" is served by "es"), else nothing. Tags compare case-insensitively; `offered` is
 * lower-cased.
 */
export function matchLanguage(wanted: string, offered: { has(tag: string): boolean }): string | undefined {
  let tag = wanted.toLowerCase();
  for (;;) {
    if (offered.has(tag)) return tag;
    const cut = tag.lastIndexOf('-');
    if (cut < 0) return undefined;
    tag = tag.slice(0, cut);
  }
}
