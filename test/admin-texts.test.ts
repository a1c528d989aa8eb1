/**
 * The admin pages' Spanish and Finnish: every English key translated (the types already say
 * so), each with exactly English's placeholders, none left in English by mistake.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { adminTexts } from '../src/pages/admin-texts.ts';
import { adminTextsEs } from '../src/pages/packs/admin-es.ts';
import { adminTextsFi } from '../src/pages/packs/admin-fi.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
// Texts that are the same in every language: made of placeholders and an arrow only.
const SAME_EVERYWHERE = new Set(['adminHistoryChange', 'adminHistorySet']);

describe('admin page texts in Spanish and Finnish', () => {
  for (const [lang, pack] of [['es', adminTextsEs], ['fi', adminTextsFi]] as const) {
    it(`${lang}: every key, English's placeholders, translated`, () => {
      assert.deepEqual(Object.keys(pack).sort(), Object.keys(adminTexts).sort());
      for (const [key, english] of Object.entries(adminTexts)) {
        const translated = pack[key as keyof typeof adminTexts];
        assert.ok(translated.trim() !== '', `${lang}.${key} is empty`);
        assert.deepEqual(placeholders(translated), placeholders(english), `${lang}.${key} keeps {${placeholders(english).join('}, {')}}`);
        if (!SAME_EVERYWHERE.has(key) && english.length > 3) assert.notEqual(translated, english, `${lang}.${key} is still English`);
      }
    });
  }
});
