/**
 * Every shipped language is whole: each text of the pages, the security emails and the code
 * messages that English has, every other pack has too, translated, with the same placeholders.
 * Adding an English text means translating it here too (the types already refuse to compile a
 * pack without it; this also catches a pack that copies the English, or invents or loses a
 * placeholder, which the types cannot see).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUILT_IN_PACKS, TEXT_PART } from '../src/language-packs.js';
import { BUILT_IN_LANGUAGES, placeholders } from '../src/languages.js';

const PARTS = ['pages', 'emails', 'codes'] as const;
const TRANSLATIONS = BUILT_IN_LANGUAGES.filter((tag) => tag !== 'en');

/**
 * Texts that are rightly the same as the English in a language: a word both share, or only a
 * placeholder. Anything else equal to the English is an untranslated copy.
 */
const SAME_AS_ENGLISH: Record<string, readonly string[]> = {
  es: ['errorPrefix', 'emailWhen'],
  fi: ['emailWhen'],
};

const sorted = (names: string[]) => [...new Set(names)].sort();

describe('language packs', () => {
  it('ships English, Spanish and Finnish', () => {
    assert.deepEqual([...BUILT_IN_LANGUAGES], ['en', 'es', 'fi']);
    assert.deepEqual(Object.keys(BUILT_IN_PACKS).sort(), ['en', 'es', 'fi']);
  });

  it('no key is in two parts, so `texts` and `languages` name each text once', () => {
    const keys = PARTS.flatMap((part) => Object.keys(BUILT_IN_PACKS.en[part]));
    assert.equal(new Set(keys).size, keys.length, 'a key is in more than one of pages, emails and codes');
    assert.equal(TEXT_PART.size, keys.length);
  });

  for (const tag of TRANSLATIONS) {
    for (const part of PARTS) {
      it(`${tag}: every ${part} text English has, translated, and no other`, () => {
        const english = BUILT_IN_PACKS.en[part] as Record<string, string>;
        const translated = BUILT_IN_PACKS[tag][part] as Record<string, string>;
        const missing = Object.keys(english).filter((key) => !Object.hasOwn(translated, key));
        const extra = Object.keys(translated).filter((key) => !Object.hasOwn(english, key));
        assert.deepEqual(missing, [], `${tag} ${part}: translate these (src/${part === 'pages' ? 'pages/packs' : part === 'emails' ? 'notifications/packs' : 'core/code-texts'}/${tag}.ts)`);
        assert.deepEqual(extra, [], `${tag} ${part}: keys English does not have`);
        const empty = Object.keys(english).filter((key) => typeof translated[key] !== 'string' || translated[key]!.trim() === '');
        assert.deepEqual(empty, [], `${tag} ${part}: empty texts`);
        const copied = Object.keys(english).filter((key) => translated[key] === english[key] && !SAME_AS_ENGLISH[tag]!.includes(key));
        assert.deepEqual(copied, [], `${tag} ${part}: still in English (translate them, or list a word both languages share in SAME_AS_ENGLISH)`);
      });

      it(`${tag}: each ${part} text has exactly the placeholders of the English one`, () => {
        const english = BUILT_IN_PACKS.en[part] as Record<string, string>;
        const translated = BUILT_IN_PACKS[tag][part] as Record<string, string>;
        const wrong = Object.keys(english)
          .filter((key) => Object.hasOwn(translated, key))
          .map((key) => ({ key, english: sorted(placeholders(english[key]!)), translated: sorted(placeholders(translated[key]!)) }))
          .filter((entry) => entry.english.join() !== entry.translated.join());
        // Invented ones would show as "{name}" to the reader; lost ones drop a code, a time or an address.
        assert.deepEqual(wrong, [], `${tag} ${part}: placeholders differ from English`);
      });
    }
  }

  it('the SAME_AS_ENGLISH lists name only texts that really are the same', () => {
    for (const [tag, keys] of Object.entries(SAME_AS_ENGLISH)) {
      for (const key of keys) {
        const part = TEXT_PART.get(key);
        assert.ok(part, `${key} is not a text`);
        assert.equal((BUILT_IN_PACKS[tag as 'es'][part] as Record<string, string>)[key], (BUILT_IN_PACKS.en[part] as Record<string, string>)[key], `${tag}.${key} differs from English now: take it off the list`);
      }
    }
  });
});
