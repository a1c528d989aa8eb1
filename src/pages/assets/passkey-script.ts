import { APP_CSRF_FIELD, APP_CSRF_HEADER, CSRF_FIELD, CSRF_HEADER } from '../csrf-names.js';

/**
 * The passkey part of the pages' one script (served with the rest in `browser-script.ts`).
 * - Passkey buttons (`data-webauthn`: 'get' or 'create') fetch options from `data-options`,
 *   call `navigator.credentials`, and post the JSON answer in the form's `credential` field.
 *   Where the browser has no WebAuthn the page's "unsupported" line is shown instead.
 * - Autofill (conditional mediation): on a page with a username field whose `autocomplete`
 *   ends in `webauthn` (`autocomplete="username webauthn"`, the app's own login page), the
 *   page's sign-in button ('get') also starts a conditional request when the browser has
 *   one, so the browser offers the passkeys among the field's suggestions; choosing one posts
 *   the button's form. The button stays as the fallback, and pressing it aborts the pending
 *   conditional request first (a browser allows one request at a time: "A request is
 *   already pending").
 *
 * Autofill spends no more of the per-address limit on options than it must: the options it
 * fetched are reused by the button and by the next conditional request while their challenge
 * lives (a cancelled or aborted request sends nothing, so the challenge is unspent), renewed
 * a minute before it expires, and only while the page is visible. Only the passkey-login
 * route's challenges are reused so: they are named by themselves, where twostep's own pages'
 * challenges belong to the session and a newer one replaces them.
 */
export const passkeyScript = `(function () {
  'use strict';
  if (!document.querySelector('button[data-webauthn]')) return;
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
  function fetchOptions(form, url) {
    var headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
    // The form's tokens go along as headers: twostep's own, and the app's CSRF middleware's
    // in the header that middleware reads (named on our pages, which carry it when that
    // middleware offered one; on the app's own sign-in page, its _csrf field goes as
    // X-CSRF-Token). A form without a token relies on the browser's Sec-Fetch-Site.
    var own = form.querySelector('input[name=${CSRF_FIELD}]');
    var app = form.querySelector('input[data-csrf-header]') || form.querySelector('input[name=${APP_CSRF_FIELD}]');
    if (own) headers['${CSRF_HEADER}'] = own.value;
    if (app) headers[app.getAttribute('data-csrf-header') || '${APP_CSRF_HEADER}'] = app.value;
    return fetch(url, { method: 'POST', credentials: 'same-origin', headers: headers, body: '{}' }).then(function (answer) {
      return answer.json().then(function (body) {
        if (!answer.ok) throw new Error(body.message || '');
        return body.options;
      });
    });
  }
  function post(form, credential) {
    (form.querySelector('input[name=credential]') || form.appendChild(Object.assign(document.createElement('input'), { type: 'hidden', name: 'credential' }))).value = JSON.stringify(answerJson(credential));
    form.submit();
  }
  /** The field whose suggestions may hold passkeys: autocomplete's last token is "webauthn". */
  function autofillField() {
    var fields = document.querySelectorAll('input[autocomplete]');
    for (var i = 0; i < fields.length; i++) {
      var tokens = fields[i].getAttribute('autocomplete').trim().toLowerCase().split(/\\s+/);
      if (tokens[tokens.length - 1] === 'webauthn') return fields[i];
    }
    return null;
  }
  function conditionalAvailable() {
    var check = window.PublicKeyCredential.isConditionalMediationAvailable;
    return check ? check.call(window.PublicKeyCredential).catch(function () { return false; }) : Promise.resolve(false);
  }
  var webauthn = typeof window.PublicKeyCredential === 'function' && navigator.credentials;
  var autofillTaken = false;
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
    var create = button.getAttribute('data-webauthn') === 'create';
    var autofill = !create && !autofillTaken && autofillField() !== null;
    if (autofill) autofillTaken = true;
    // Options fetched and not yet answered, with the moment to stop using them (autofill only).
    var kept = null;
    // The pending conditional request: its AbortController and a promise that settles once the browser let go of it.
    var pending = null;
    function options() {
      if (kept && Date.now() < kept.until) return Promise.resolve(kept.options);
      return fetchOptions(form, button.getAttribute('data-options')).then(function (fetched) {
        if (autofill) kept = { options: fetched, until: Date.now() + Math.max(0, (Number(fetched.timeout) || 300000) - 60000) };
        return fetched;
      });
    }
    function stopAutofill() {
      if (!pending) return Promise.resolve();
      var stopping = pending;
      pending = null;
      stopping.controller.abort();
      return stopping.settled;
    }
    function startAutofill() {
      if (document.hidden) {
        document.addEventListener('visibilitychange', function again() {
          if (document.hidden) return;
          document.removeEventListener('visibilitychange', again);
          startAutofill();
        });
        return;
      }
      var request = { controller: new AbortController() };
      var renewal;
      pending = request;
      request.settled = options().then(function (fetched) {
        if (request.controller.signal.aborted) return;
        renewal = setTimeout(function () {
          if (pending !== request) return;
          kept = null;
          stopAutofill().then(startAutofill);
        }, Math.max(1000, kept ? kept.until - Date.now() : 0));
        return navigator.credentials.get({ mediation: 'conditional', publicKey: requestOptions(fetched), signal: request.controller.signal }).then(function (credential) {
          if (pending === request) pending = null;
          if (credential) post(form, credential);
        });
      }).catch(function () {
        // Aborted (the button, a renewal), or refused by the browser or the server: the button stays.
        if (pending === request) pending = null;
      }).then(function () { clearTimeout(renewal); });
    }
    function fail(message) {
      button.disabled = false;
      if (status) { status.hidden = false; status.textContent = message || button.getAttribute('data-failed') || ''; }
      if (autofill) startAutofill();
    }
    button.addEventListener('click', function () {
      if (!form.reportValidity()) return;
      button.disabled = true;
      if (status) status.hidden = true;
      stopAutofill().then(options).then(function (fetched) {
        return create
          ? navigator.credentials.create({ publicKey: creationOptions(fetched) })
          : navigator.credentials.get({ publicKey: requestOptions(fetched) });
      }).then(function (credential) {
        if (!credential) throw new Error('');
        post(form, credential);
      }).catch(function (error) {
        // The browser's own messages (NotAllowedError, ...) are not for people: say it plainly.
        fail(error && error.name === 'Error' ? error.message : '');
      });
    });
    if (autofill) conditionalAvailable().then(function (available) { if (available) startAutofill(); });
  });
})();
`;
