/**
 * Every language twostep ships, whole: the pages', the security emails' and the code
 * messages' texts, side by side. Each part keeps its English where its words are used;
 * the translations live beside it (`pages/packs/`, `notifications/packs/`, `core/code-texts/`).
 */
import { enCodeTexts, type CodeTexts } from './core/code-texts/en.js';
import { esCodeTexts } from './core/code-texts/es.js';
import { fiCodeTexts } from './core/code-texts/fi.js';
import type { MessageLanguage } from './core/core-options.js';
import type { BuiltInLanguage } from './languages.js';
import { enEmailTexts, type EmailTexts } from './notifications/packs/en.js';
import { esEmailTexts } from './notifications/packs/es.js';
import { fiEmailTexts } from './notifications/packs/fi.js';
import { esPageTexts } from './pages/packs/es.js';
import { fiPageTexts } from './pages/packs/fi.js';
import { defaultTexts, type PageTexts } from './pages/texts.js';

/** One language's every text: what `texts` and `languages` options name keys of. */
export type Texts = PageTexts & EmailTexts & CodeTexts;
export type AnyTextKey = keyof Texts;

/** A language ready to use: its tag and its texts, split by who reads them. */
export interface ResolvedLanguage extends MessageLanguage {
  readonly pages: Readonly<PageTexts>;
  readonly emails: Readonly<EmailTexts>;
}

/** The shipped packs. A new text in English does not compile until each of these has it too. */
export const BUILT_IN_PACKS: { readonly [Tag in BuiltInLanguage]: { readonly pages: PageTexts; readonly emails: EmailTexts; readonly codes: CodeTexts } } = {
  en: { pages: defaultTexts, emails: enEmailTexts, codes: enCodeTexts },
  es: { pages: esPageTexts, emails: esEmailTexts, codes: esCodeTexts },
  fi: { pages: fiPageTexts, emails: fiEmailTexts, codes: fiCodeTexts },
};

/** Which part each key belongs to, from the English packs (the complete list of keys). */
export const TEXT_PART: ReadonlyMap<string, 'pages' | 'emails' | 'codes'> = new Map([
  ...Object.keys(defaultTexts).map((key) => [key, 'pages'] as const),
  ...Object.keys(enEmailTexts).map((key) => [key, 'emails'] as const),
  ...Object.keys(enCodeTexts).map((key) => [key, 'codes'] as const),
]);

/** A key's English text, the fallback for every language and the measure of its placeholders. */
export function englishText(key: string): string | undefined {
  const part = TEXT_PART.get(key);
  return part === undefined ? undefined : (BUILT_IN_PACKS.en[part] as Record<string, string>)[key];
}
