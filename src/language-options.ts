/**
 * `lang`, `texts` and `languages`, checked once at start-up and turned into the packs on offer:
 * every shipped language, each app language, and the default (`lang`, with `texts` over it).
 */
import type { Languages } from './core/core-options.js';
import { BUILT_IN_LANGUAGES, FALLBACK_LANGUAGE, LANGUAGE_TAG, matchLanguage, placeholders } from './languages.js';
import { BUILT_IN_PACKS, englishText, TEXT_PART, type ResolvedLanguage, type Texts } from './language-packs.js';
import { fail, show } from './option-checks.js';

const BUILT_IN = new Set<string>(BUILT_IN_LANGUAGES);

export function resolveLanguages(lang: unknown, texts: unknown, languages: unknown): Languages<ResolvedLanguage> {
  const tag = lang ?? FALLBACK_LANGUAGE;
  if (typeof tag !== 'string' || (tag !== 'auto' && !LANGUAGE_TAG.test(tag))) {
    fail(`\`lang\` must be a language tag: "en", "es", "fi", "auto" (chosen per request from Accept-Language), or one like "sv" with your own texts in \`languages\`, got ${show(tag)}.`);
  }
  const overrides = checkedTexts('texts', texts);
  const own = checkedLanguages(languages);

  const offered = new Map<string, ResolvedLanguage>();
  for (const builtIn of BUILT_IN_LANGUAGES) offered.set(builtIn, pack(builtIn, {}));
  for (const [ownTag, ownTexts] of Object.entries(own)) offered.set(ownTag.toLowerCase(), pack(ownTag, ownTexts));

  if (tag === 'auto') {
    if (overrides !== undefined) {
      fail('with `lang: "auto"` the texts differ per language: give them per language instead of in `texts`, like `languages: { en: { verifyTitle: "…" }, es: { verifyTitle: "…" } }`.');
    }
    return freeze(true, offered.get(FALLBACK_LANGUAGE)!, offered);
  }
  const served = matchLanguage(tag, offered);
  if (served === undefined && overrides === undefined) {
    fail(`\`lang: ${show(tag)}\`: twostep has no texts in that language. Use "en", "es", "fi" or "auto", or give your translation: \`languages: { ${show(tag)}: { verifyTitle: "…", … } }\` (texts you leave out are shown in English).`);
  }
  // `texts` change the default language's words; with an unknown `lang` they are the app's own pack.
  const base = served === undefined ? undefined : offered.get(served)!;
  const fallback = overrides === undefined && base !== undefined && base.tag === tag
    ? base
    : pack(tag, { ...ownTextsOf(own, served), ...overrides }, base);
  offered.set(tag.toLowerCase(), fallback);
  return freeze(false, fallback, offered);
}

/** A language's texts: the app's over the shipped pack its tag finds ("es-MX" → es), over English. */
function pack(tag: string, ownTexts: Partial<Texts>, base?: ResolvedLanguage): ResolvedLanguage {
  const shipped = BUILT_IN_PACKS[(matchLanguage(tag, BUILT_IN) ?? FALLBACK_LANGUAGE) as keyof typeof BUILT_IN_PACKS];
  const english = BUILT_IN_PACKS.en;
  const layer = <Part extends 'pages' | 'emails' | 'codes'>(part: Part) => Object.freeze({
    ...english[part],
    ...(base ? base[part] : shipped[part]),
    ...Object.fromEntries(Object.entries(ownTexts).filter(([key]) => TEXT_PART.get(key) === part)),
  }) as ResolvedLanguage[Part];
  return Object.freeze({ tag, pages: layer('pages'), emails: layer('emails'), codes: layer('codes') });
}

function ownTextsOf(own: Record<string, Partial<Texts>>, served: string | undefined): Partial<Texts> {
  if (served === undefined) return {};
  const entry = Object.entries(own).find(([ownTag]) => ownTag.toLowerCase() === served);
  return entry ? entry[1] : {};
}

function freeze(auto: boolean, fallback: ResolvedLanguage, offered: Map<string, ResolvedLanguage>): Languages<ResolvedLanguage> {
  return Object.freeze({ auto, fallback, offered });
}

/** `languages`: the app's own languages, or changes to shipped ones, by tag. */
function checkedLanguages(value: unknown): Record<string, Partial<Texts>> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(`\`languages\` must be an object of texts by language tag, like { sv: { verifyTitle: "Bekräfta att det är du" } }, got ${show(value)}.`);
  }
  const seen = new Set<string>();
  for (const [ownTag, texts] of Object.entries(value)) {
    if (!LANGUAGE_TAG.test(ownTag)) fail(`\`languages.${ownTag}\`: the keys of \`languages\` are language tags like "sv" or "es-MX".`);
    if (seen.has(ownTag.toLowerCase())) fail(`\`languages\` names "${ownTag}" twice (tags are not case-sensitive): keep one.`);
    seen.add(ownTag.toLowerCase());
    checkedTexts(`languages.${ownTag}`, texts);
  }
  return value as Record<string, Partial<Texts>>;
}

/** Known keys, non-empty strings, and no placeholder the English text does not fill. */
function checkedTexts(where: string, value: unknown): Partial<Texts> | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(`\`${where}\` must be an object of texts, like { verifyTitle: "Bestätigen Sie, dass Sie es sind" }.`);
  }
  for (const [key, text] of Object.entries(value)) {
    const english = englishText(key);
    if (english === undefined) fail(`unknown text "${where}.${key}". The keys are listed in PageTexts (src/pages/texts.ts), EmailTexts and CodeTexts (docs/pages-and-translation.md).`);
    if (typeof text !== 'string' || text.trim() === '') fail(`\`${where}.${key}\` must be a non-empty string, got ${JSON.stringify(text)}.`);
    const known = new Set(placeholders(english));
    const unknown = placeholders(text).filter((name) => !known.has(name));
    if (unknown.length > 0) {
      fail(`\`${where}.${key}\` uses {${unknown.join('}, {')}}, which this text never fills. Its placeholders: ${[...known].map((n) => `{${n}}`).join(', ') || 'none'}.`);
    }
  }
  return value as Partial<Texts>;
}
