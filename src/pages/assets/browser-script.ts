import { passkeyScript } from './passkey-script.js';

/**
 * The pages' only script: small conveniences on top of forms that already work without it.
 * Served as a file so the Content-Security-Policy can forbid inline scripts.
 * - copy buttons (`data-copy`: the id of the element whose text to copy) appear only here;
 * - a resend button waits out its cooldown (`data-wait-seconds`, counted from page load);
 * - times (`time[data-local]`) are shown in the reader's own time zone, written in the page's language;
 * - code fields drop the spaces and dashes people paste along with the digits;
 * - passkey buttons and passkey autofill: `passkey-script.ts`, served in the same file.
 */
export const browserScript = `(function () {
  'use strict';
  function announce(button, text) {
    var status = document.getElementById(button.getAttribute('aria-controls') || '');
    if (status) status.textContent = text;
  }
  document.querySelectorAll('button[data-copy]').forEach(function (button) {
    var source = document.getElementById(button.getAttribute('data-copy'));
    if (!source || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener('click', function () {
      var text = source.getAttribute('data-copy-text') || source.innerText;
      navigator.clipboard.writeText(text).then(function () {
        announce(button, button.getAttribute('data-copied') || 'Copied.');
      }, function () {
        announce(button, button.getAttribute('data-copy-failed') || '');
      });
    });
  });
  document.querySelectorAll('button[data-wait-seconds]').forEach(function (button) {
    var at = Date.now() + 1000 * Number(button.getAttribute('data-wait-seconds'));
    var hint = document.getElementById(button.getAttribute('aria-describedby') || '');
    var template = button.getAttribute('data-wait-text') || '';
    function tick() {
      var seconds = Math.ceil((at - Date.now()) / 1000);
      if (seconds <= 0) {
        button.disabled = false;
        if (hint) hint.hidden = true;
        return;
      }
      button.disabled = true;
      if (hint) { hint.hidden = false; hint.textContent = template.replace('{seconds}', String(seconds)); }
      setTimeout(tick, 1000);
    }
    tick();
  });
  // In the page's language (a Spanish page says "2 dic 2026, 14:30" even in an English browser).
  var pageLang = document.documentElement.lang;
  document.querySelectorAll('time[data-local]').forEach(function (time) {
    var date = new Date(time.getAttribute('datetime'));
    if (isNaN(date.getTime())) return;
    try { time.textContent = date.toLocaleString(pageLang || [], { dateStyle: 'medium', timeStyle: 'short' }); }
    catch (e) { time.textContent = date.toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' }); }
  });
  document.querySelectorAll('input[data-digits]').forEach(function (input) {
    input.addEventListener('input', function () {
      var cleaned = input.value.replace(/[\\s-]/g, '');
      if (cleaned !== input.value) input.value = cleaned;
    });
  });
})();
${passkeyScript}`;
