/** The new-sign-in email names the browser from real user-agent strings, and says so when it cannot. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { esEmailTexts } from '../src/notifications/packs/es.ts';
import { fiEmailTexts } from '../src/notifications/packs/fi.ts';
import { describeUserAgent, userAgentInWords } from '../src/notifications/user-agent.ts';

/** Real strings, as the browsers send them. */
const CASES: ReadonlyArray<readonly [string, string]> = [
  ['Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0', 'Firefox on Windows'],
  ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36', 'Chrome on Windows'],
  ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0', 'Edge on Windows'],
  ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/70.0.3538.102 Safari/537.36 Edge/18.19045', 'Edge on Windows'],
  ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 OPR/115.0.0.0', 'Opera on Windows'],
  ['Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko', 'Internet Explorer on Windows'],
  ['Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1', 'Safari on iPhone'],
  ['Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1', 'Chrome on iPhone'],
  ['Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/133.0 Mobile/15E148 Safari/605.1.15', 'Firefox on iPhone'],
  ['Mozilla/5.0 (iPad; CPU OS 17_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.7 Mobile/15E148 Safari/604.1', 'Safari on iPad'],
  ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15', 'Safari on macOS'],
  ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:133.0) Gecko/20100101 Firefox/133.0', 'Firefox on macOS'],
  ['Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36', 'Chrome on Android'],
  ['Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36', 'Samsung Internet on Android'],
  ['Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0', 'Firefox on Android'],
  ['Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36 EdgA/131.0.0.0', 'Edge on Android'],
  ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36', 'Chrome on Linux'],
  ['Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0', 'Firefox on Linux'],
  ['Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36', 'Chrome on ChromeOS'],
  // Headless Chromium (the browser tests) still says Chrome: it is one.
  ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36', 'Chrome on Linux'],
  ['curl/8.5.0', 'an unknown browser'],
  ['python-requests/2.32.3', 'an unknown browser'],
  ['', 'an unknown browser'],
];

describe('user agent in words', () => {
  for (const [userAgent, words] of CASES) {
    it(`${words}: ${userAgent.slice(0, 60) || '(empty)'}`, () => {
      assert.equal(userAgentInWords(userAgent), words);
    });
  }

  it('no user agent at all is an unknown browser; a browser without a system is named alone', () => {
    assert.equal(userAgentInWords(undefined), 'an unknown browser');
    assert.deepEqual(describeUserAgent('Mozilla/5.0 Firefox/133.0'), { browser: 'Firefox' });
    assert.equal(userAgentInWords('Mozilla/5.0 Firefox/133.0'), 'Firefox');
  });

  it('says it in the email language', () => {
    const firefox = CASES[0]![0];
    assert.equal(userAgentInWords(firefox, esEmailTexts), 'Firefox en Windows');
    assert.equal(userAgentInWords(firefox, fiEmailTexts), 'Firefox, Windows');
    assert.equal(userAgentInWords('curl/8.5.0', esEmailTexts), 'un navegador desconocido');
    assert.equal(userAgentInWords('(X11; Linux x86_64)', fiEmailTexts), 'tuntematon selain, Linux');
  });

  it('a long string costs no more than its first 512 characters', () => {
    const padded = `${'x'.repeat(600)} Firefox/133.0 (Windows NT 10.0)`;
    assert.equal(userAgentInWords(padded), 'an unknown browser');
  });
});
