import { APP_CSRF_FIELD, APP_CSRF_HEADER, CSRF_FIELD, CSRF_HEADER } from '../csrf-names.js';

/**
 * The pages' only script: small conveniences on top of forms that already work without it.
 * Served as a file so the Content-Security-Policy can forbid inline scripts.
 * - copy buttons (`data-copy`: the id of the element whose text to copy) appear only here;
 * - a resend button waits out its cooldown (`data-wait-seconds`, counted from page load);
 * - times (`time[data-local]`) are shown in the reader's own time zone, written in the page's language;
 * - code fields drop the spaces and dashes people paste along with the digits;
 * - passkey buttons (`data-webauthn`: 'get' or 'create') fetch options from `data-options`,
 *   call `navigator.credentials`, and post the JSON answer in the form's `credential` field.
 *   Where the browser has no WebAuthn the page's "unsupported" line is shown instead.
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
  function toBuffer(value) {
    var base64 = value.replace(/-/g, '+').replace(/_/g, '/');
    while (base64.length % 4) base64 += '=';
    var binary = atob(base64);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes.buffer;
  }
  function toBase64url(buffer) {
    var bytes = new Uint8Array(buffer);
    var binary = '';
    for (var i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
    return btoa(binary).replace(/[+]/g, '-').replace(/[/]/g, '_').replace(/=+$/, '');
  }
  function creationOptions(json) {
    if (PublicKeyCredential.parseCreationOptionsFromJSON) return PublicKeyCredential.parseCreationOptionsFromJSON(json);
    var options = Object.assign({}, json, { challenge: toBuffer(json.challenge), user: Object.assign({}, json.user, { id: toBuffer(json.user.id) }) });
    options.excludeCredentials = (json.excludeCredentials || []).map(function (c) { return Object.assign({}, c, { id: toBuffer(c.id) }); });
    return options;
  }
  function requestOptions(json) {
    if (PublicKeyCredential.parseRequestOptionsFromJSON) return PublicKeyCredential.parseRequestOptionsFromJSON(json);
    var options = Object.assign({}, json, { challenge: toBuffer(json.challenge) });
    if (json.allowCredentials) options.allowCredentials = json.allowCredentials.map(function (c) { return Object.assign({}, c, { id: toBuffer(c.id) }); });
    return options;
  }
  function answerJson(credential) {
    if (typeof credential.toJSON === 'function') return credential.toJSON();
    var r = credential.response;
    var response = { clientDataJSON: toBase64url(r.clientDataJSON) };
    if (r.attestationObject) {
      response.attestationObject = toBase64url(r.attestationObject);
      response.transports = r.getTransports ? r.getTransports() : [];
    } else {
      response.authenticatorData = toBase64url(r.authenticatorData);
      response.signature = toBase64url(r.signature);
      if (r.userHandle) response.userHandle = toBase64url(r.userHandle);
    }
    return { id: credential.id, rawId: toBase64url(credential.rawId), type: credential.type, response: response,
      authenticatorAttachment: credential.authenticatorAttachment || undefined, clientExtensionResults: {} };
  }
  var webauthn = typeof window.PublicKeyCredential === 'function' && navigator.credentials;
  document.querySelectorAll('button[data-webauthn]').forEach(function (button) {
    var form = button.form;
    if (!webauthn) {
      var block = button.closest('.passkey');
      var note = block && block.querySelector('[data-webauthn-unsupported]');
      if (note) note.hidden = false;
      return;
    }
    button.hidden = false;
    var status = document.getElementById(button.getAttribute('aria-controls') || '');
    function fail(message) {
      button.disabled = false;
      if (status) { status.hidden = false; status.textContent = message || button.getAttribute('data-failed') || ''; }
    }
    button.addEventListener('click', function () {
      if (!form.reportValidity()) return;
      button.disabled = true;
      if (status) status.hidden = true;
      var headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
      // The form's tokens go along as headers: twostep's own, and the app's CSRF middleware's
      // in the header that middleware reads (named on our pages, which carry it when that
      // middleware offered one; on the app's own sign-in page, its _csrf field goes as
      // X-CSRF-Token). A form without a token relies on the browser's Sec-Fetch-Site.
      var own = form.querySelector('input[name=${CSRF_FIELD}]');
      var app = form.querySelector('input[data-csrf-header]') || form.querySelector('input[name=${APP_CSRF_FIELD}]');
      if (own) headers['${CSRF_HEADER}'] = own.value;
      if (app) headers[app.getAttribute('data-csrf-header') || '${APP_CSRF_HEADER}'] = app.value;
      fetch(button.getAttribute('data-options'), {
        method: 'POST',
        credentials: 'same-origin',
        headers: headers,
        body: '{}'
      }).then(function (answer) {
        return answer.json().then(function (body) {
          if (!answer.ok) throw new Error(body.message || '');
          return body.options;
        });
      }).then(function (options) {
        return button.getAttribute('data-webauthn') === 'create'
          ? navigator.credentials.create({ publicKey: creationOptions(options) })
          : navigator.credentials.get({ publicKey: requestOptions(options) });
      }).then(function (credential) {
        if (!credential) throw new Error('');
        (form.querySelector('input[name=credential]') || form.appendChild(Object.assign(document.createElement('input'), { type: 'hidden', name: 'credential' }))).value = JSON.stringify(answerJson(credential));
        form.submit();
      }).catch(function (error) {
        // The browser's own messages (NotAllowedError, ...) are not for people: say it plainly.
        fail(error && error.name === 'Error' ? error.message : '');
      });
    });
  });
})();
`;
