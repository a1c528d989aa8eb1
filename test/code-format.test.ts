import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TwoStepError } from '../src/errors.js';
import {
  formatRecoveryCode,
  generateRecoveryCode,
  parseNumericCode,
  parseRecoveryCode,
  RECOVERY_ALPHABET,
  RECOVERY_CODE_ENTROPY_BITS,
  RECOVERY_CODE_EXAMPLE,
  RECOVERY_CODE_LENGTH,
  RECOVERY_INPUT_PATTERN,
} from '../src/methods/code-format.js';
import { defaultTexts } from '../src/pages/texts.js';
import { BUILT_IN_PACKS } from '../src/language-packs.js';

function assertInvalidRequest(fn: () => unknown, label: string): void {
  assert.throws(
    fn,
    (error: unknown) => error instanceof TwoStepError && error.code === 'invalid_request' && error.status === 400 && error.message.length > 0,
    label,
  );
}

test('parseNumericCode accepts exactly six ASCII digits, leading zeros kept', () => {
  for (const good of ['123456', '000000', '999999', '012345']) assert.equal(parseNumericCode(good), good);
  assert.equal(parseNumericCode('12345678', 8), '12345678');
});

test('parseNumericCode refuses everything else with 400 invalid_request', () => {
  const bad: Array<[string, unknown]> = [
    ['number', 123456],
    ['number with leading zero lost', 12345],
    ['bigint', 123456n],
    ['float', 123456.0],
    ['array of string', ['123456']],
    ['array of digits', [1, 2, 3, 4, 5, 6]],
    ['object', { code: '123456' }],
    ['object with toString', { toString: () => '123456' }],
    ['String object', new String('123456')],
    ['null', null],
    ['undefined', undefined],
    ['boolean', true],
    ['empty', ''],
    ['five digits', '12345'],
    ['seven digits', '1234567'],
    ['fullwidth digits', '１２３４５６'],
    ['Arabic-Indic digits', '١٢٣٤٥٦'],
    ['Extended Arabic-Indic digits', '۱۲۳۴۵۶'],
    ['Devanagari digits', '१२३४५६'],
    ['Mathematical bold digits', '𝟏𝟐𝟑𝟒𝟓𝟔'],
    ['superscript digits', '¹²³⁴⁵⁶'],
    ['hex', '0x1E240'],
    ['hex, six chars', '0x1e24'],
    ['plus sign', '+123456'],
    ['plus sign, six chars', '+12345'],
    ['minus sign', '-12345'],
    ['exponent', '1e5'],
    ['exponent, six chars', '1e5000'],
    ['decimal point', '12345.'],
    ['leading space', ' 123456'],
    ['trailing space', '123456 '],
    ['trailing newline', '123456\n'],
    ['inner space', '123 456'],
    ['inner dash', '123-45'],
    ['tab padded', '\t12345'],
    ['NUL', '12345\0'],
    ['zero-width space', '123456\u200b'],
    ['letters', 'abcdef'],
    ['Infinity', 'Infini'],
  ];
  for (const [label, value] of bad) assertInvalidRequest(() => parseNumericCode(value), label);
  assertInvalidRequest(() => parseNumericCode('123456', 8), 'six digits when eight expected');
});

const LOOK_ALIKES = ['0', 'O', '1', 'I', 'L', '5', 'S', '2', 'Z', '8', 'B'];

test('recovery alphabet: no look-alikes, no duplicates, upper-case ASCII, 23 to 28 symbols', () => {
  for (const ch of LOOK_ALIKES) assert.ok(!RECOVERY_ALPHABET.includes(ch), `alphabet contains ${ch}`);
  assert.equal(new Set(RECOVERY_ALPHABET).size, RECOVERY_ALPHABET.length);
  assert.match(RECOVERY_ALPHABET, /^[0-9A-Z]+$/);
  assert.ok(RECOVERY_ALPHABET.length >= 23 && RECOVERY_ALPHABET.length <= 28);
});

test('recovery codes carry at least 64 bits of entropy', () => {
  const bits = RECOVERY_CODE_LENGTH * Math.log2(RECOVERY_ALPHABET.length);
  assert.ok(bits >= 64, `${bits} bits`);
  assert.equal(RECOVERY_CODE_ENTROPY_BITS, bits);
  const code = generateRecoveryCode();
  assert.equal(code.length, RECOVERY_CODE_LENGTH);
});

test('generateRecoveryCode: canonical, alphabet only, unique, every symbol used', () => {
  const seen = new Set<string>();
  const symbols = new Set<string>();
  for (let i = 0; i < 2000; i += 1) {
    const code = generateRecoveryCode();
    assert.match(code, new RegExp(`^[${RECOVERY_ALPHABET}]{${RECOVERY_CODE_LENGTH}}$`));
    seen.add(code);
    for (const ch of code) symbols.add(ch);
  }
  assert.equal(seen.size, 2000);
  assert.equal(symbols.size, RECOVERY_ALPHABET.length);
});

test('formatRecoveryCode prints groups of five with dashes, and refuses non-canonical input', () => {
  const code = generateRecoveryCode();
  const printed = formatRecoveryCode(code);
  assert.match(printed, /^[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}$/);
  assert.equal(printed.replace(/-/g, ''), code);
  assert.throws(() => formatRecoveryCode(code.toLowerCase()), TypeError);
  assert.throws(() => formatRecoveryCode(printed), TypeError);
  assert.throws(() => formatRecoveryCode(code.slice(1)), TypeError);
});

test('parseRecoveryCode: case-insensitive, separators optional, round trip to canonical', () => {
  for (let i = 0; i < 200; i += 1) {
    const code = generateRecoveryCode();
    const printed = formatRecoveryCode(code);
    const [a = '', b = '', c = ''] = printed.split('-');
    const spellings = [
      printed,
      code,
      printed.toLowerCase(),
      code.toLowerCase(),
      `${a} ${b} ${c}`,
      `${a}-${b}${c}`,
      `${a.toLowerCase()} ${b}-${c.toLowerCase()}`,
      `  ${printed}\n`, // a paste with surrounding whitespace
    ];
    for (const spelling of spellings) assert.equal(parseRecoveryCode(spelling), code, spelling);
  }
});

test('parseRecoveryCode refuses malformed input with 400 invalid_request', () => {
  const code = generateRecoveryCode();
  const printed = formatRecoveryCode(code);
  const bad: Array<[string, unknown]> = [
    ['number', 12345],
    ['array', [printed]],
    ['object', { code: printed }],
    ['null', null],
    ['undefined', undefined],
    ['empty', ''],
    ['too short', code.slice(1)],
    ['too long', `${code}A`],
    ['a six-digit code', '123456'],
    ['look-alike O', `O${code.slice(1)}`],
    ['look-alike 0', `0${code.slice(1)}`],
    ['look-alike l', `l${code.slice(1)}`],
    ['double dash', printed.replace('-', '--')],
    ['dash at the start', `-${printed}`],
    ['dash in a group', `${code.slice(0, 2)}-${code.slice(2)}`],
    ['underscore separator', printed.replace(/-/g, '_')],
    ['fullwidth letters', printed.replace(/[A-Z]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0))],
    ['Kelvin sign for K', '\u212a'.repeat(RECOVERY_CODE_LENGTH)],
    ['ligature ff (upper-cases to FF)', '\ufb00'.repeat(Math.floor(RECOVERY_CODE_LENGTH / 2)) + 'F'],
    ['huge', 'A'.repeat(10_000)],
  ];
  for (const [label, value] of bad) assertInvalidRequest(() => parseRecoveryCode(value), label);
});

test('the recovery-code example is made of the codes\' own alphabet, printed as codes are, and parses', () => {
  const symbols = RECOVERY_CODE_EXAMPLE.replaceAll('-', '');
  assert.equal(symbols.length, RECOVERY_CODE_LENGTH);
  for (const character of symbols) assert.ok(RECOVERY_ALPHABET.includes(character), `"${character}" of ${RECOVERY_CODE_EXAMPLE} is in the alphabet`);
  assert.equal(formatRecoveryCode(symbols), RECOVERY_CODE_EXAMPLE);
  assert.equal(parseRecoveryCode(RECOVERY_CODE_EXAMPLE), symbols);
  assert.match(symbols, /[0-9]/, 'digits, as real codes have');
  assert.match(symbols, /[A-Z]/, 'and letters');
  // The old example had letters the codes never contain.
  assert.throws(() => parseRecoveryCode('ABCDE-FGHJK-LMNPQ'));
  // Every language's hint shows the example through the placeholder, none spells its own.
  for (const pages of [defaultTexts, BUILT_IN_PACKS.es.pages, BUILT_IN_PACKS.fi.pages]) {
    assert.match(pages.recoveryCodeHint, /\{example\}/);
    assert.doesNotMatch(pages.recoveryCodeHint, /[A-Z0-9]{5}-[A-Z0-9]{5}/);
  }
});

test('the recovery-code field\'s pattern accepts what the parser accepts, as a browser compiles it (v flag)', () => {
  const pattern = new RegExp(`^(?:${RECOVERY_INPUT_PATTERN})$`, 'v');
  for (let i = 0; i < 50; i += 1) {
    const code = formatRecoveryCode(generateRecoveryCode());
    for (const typed of [code, code.toLowerCase(), code.replaceAll('-', ''), code.replaceAll('-', ' '), ` ${code} `]) {
      assert.ok(pattern.test(typed), typed);
      assert.doesNotThrow(() => parseRecoveryCode(typed));
    }
  }
  for (const typed of ['ABCDE-FGHJK-LMNPQ', 'AJT4E-NW9HR-3DMV', 'AJT4E--NW9HR-3DMV7', 'AJT4E-NW9HR-3DMV70']) {
    assert.ok(!pattern.test(typed), typed);
    assert.throws(() => parseRecoveryCode(typed));
  }
});
