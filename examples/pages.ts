import type { DemoUser } from './users.js';
import { demoUsers } from './users.js';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title><style>body{font-family:system-ui,sans-serif;max-width:34rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
label{display:block;font-weight:600;margin-top:1rem}input{font-size:1.1rem;padding:.4rem;width:100%;box-sizing:border-box}button{margin-top:1rem;font-size:1rem;padding:.5rem 1rem}
.error{color:#a00}</style></head><body><main>${body}</main></body></html>`;
}

export function loginPage(error?: string, returnTo?: string, twoStepScript?: string): string {
  const hints = demoUsers.map((u) => `<li><code>${escape(u.username)}</code> / <code>${escape(u.password)}</code> (${escape(u.roles.join(' + '))}, ${escape(u.organisation)})</li>`).join('');
  return page('Sign in — Riverside Clinic', `<h1>Riverside Clinic</h1>
${error ? `<p class="error" role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/login">
${returnTo ? `<input type="hidden" name="returnTo" value="${escape(returnTo)}">` : ''}
<label for="username">Username</label><input id="username" name="username" autocomplete="${twoStepScript ? 'username webauthn' : 'username'}" required autofocus>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form>
${twoStepScript ? `<form method="post" action="/login/passkey"><input type="hidden" name="credential">
${returnTo ? `<input type="hidden" name="returnTo" value="${escape(returnTo)}">` : ''}
<button type="button" data-webauthn="get" data-options="/login/passkey/options" data-failed="The passkey did not answer. Try again, or sign in with your password." aria-controls="passkey-status" hidden>Use a passkey instead of a password</button></form>
<p class="error" id="passkey-status" role="alert" hidden></p>
<script src="${escape(twoStepScript)}" defer></script>` : ''}
<h2>Demo accounts</h2><ul>${hints}</ul>
<p>Email and text-message codes are not really sent: read them in the <a href="/outbox" target="_blank">outbox</a>.</p>`);
}

export function homePage(user: DemoUser, amr: string[], csrfToken: string): string {
  return page('Riverside Clinic', `<h1>Hello, ${escape(user.name)}</h1>
<p>You are signed in (${escape(amr.join(' + '))}).</p>
<p><a href="/appointments">Appointments</a></p>
<p><a href="/2fa">Two-step verification settings</a></p>
<p><a href="/prescriptions">Prescriptions (needs your passkey)</a></p>
${user.roles.includes('admin') ? `<p><a href="/admin/2fa/organisations/${escape(user.organisation)}/settings">Administration: your practice's two-step settings and people</a></p>` : ''}
<form method="post" action="/logout"><input type="hidden" name="_twostep_csrf" value="${escape(csrfToken)}"><button type="submit">Sign out</button></form>`);
}

export function appointmentsPage(user: DemoUser): string {
  return page('Appointments — Riverside Clinic', `<h1>Appointments</h1>
<p>${escape(user.name)}, you have no appointments today.</p>
<p><a href="/">Home</a></p>`);
}

export function prescriptionsPage(user: DemoUser): string {
  return page('Prescriptions — Riverside Clinic', `<h1>Prescriptions</h1>
<p>${escape(user.name)}, you confirmed it is you with your passkey: you may prescribe now.</p>
<p><a href="/">Home</a></p>`);
}

/** What the demo would have sent. Only a demo shows codes like this: real apps never do. */
export function outboxPage(messages: { to: string; at: Date; subject?: string; text: string }[]): string {
  const rows = messages.map((m) => `<li><strong>${escape(m.to)}</strong> <time>${escape(m.at.toISOString())}</time>${m.subject ? `<br><em>${escape(m.subject)}</em>` : ''}<br>${escape(m.text)}</li>`).join('');
  return page('Outbox — Riverside Clinic', `<h1>Outbox</h1>
<p>Everything the demo would have sent by email or text message, newest first. Reload after asking for a code.</p>
${rows ? `<ol>${rows}</ol>` : '<p>Nothing sent yet.</p>'}
<p><a href="/2fa/verify">Back to verification</a> · <a href="/">Home</a></p>`);
}
