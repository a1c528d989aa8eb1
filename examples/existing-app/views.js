// The pages, as plain template strings (escaped), where the original uses EJS.
const escapeHtml = (value) => String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

function layout(title, body) {
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} · todos</title></head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

const csrfField = (csrfToken) => `<input type="hidden" name="_csrf" value="${escapeHtml(csrfToken)}">`;

const messageList = (messages) => (messages.length === 0 ? ''
  : `<ul role="alert">${messages.map((m) => `<li>${escapeHtml(m)}</li>`).join('')}</ul>`);

function home() {
  return layout('todos', `<h1>todos</h1>
<p>A todo list, kept for you.</p>
<p><a href="/login">Sign in</a> or <a href="/signup">sign up</a>.</p>`);
}

function login({ csrfToken, messages }) {
  return layout('Sign in', `<h1>Sign in</h1>
${messageList(messages)}
<form action="/login/password" method="post">
  ${csrfField(csrfToken)}
  <p><label for="username">Username</label> <input id="username" name="username" type="text" autocomplete="username" required autofocus></p>
  <p><label for="current-password">Password</label> <input id="current-password" name="password" type="password" autocomplete="current-password" required></p>
  <p><button type="submit">Sign in</button></p>
</form>
<p>No account? <a href="/signup">Sign up</a></p>`);
}

function signup({ csrfToken, messages }) {
  return layout('Sign up', `<h1>Sign up</h1>
${messageList(messages)}
<form action="/signup" method="post">
  ${csrfField(csrfToken)}
  <p><label for="username">Username</label> <input id="username" name="username" type="text" autocomplete="username" required autofocus></p>
  <p><label for="new-password">Password</label> <input id="new-password" name="password" type="password" autocomplete="new-password" required></p>
  <p><button type="submit">Sign up</button></p>
</form>`);
}

function todoItem(todo, csrfToken) {
  const title = escapeHtml(todo.title);
  return `<li${todo.completed ? ' class="completed"' : ''}>
  <form action="/${todo.id}" method="post">${csrfField(csrfToken)}<input type="hidden" name="completed" value="${todo.completed ? '' : 'on'}"><button type="submit" aria-label="${todo.completed ? 'Mark as not done' : 'Mark as done'}: ${title}">${todo.completed ? '☑' : '☐'}</button> ${title}</form>
  <form action="/${todo.id}/delete" method="post">${csrfField(csrfToken)}<button type="submit" aria-label="Delete: ${title}">×</button></form>
</li>`;
}

function index({ user, todos, csrfToken }) {
  const left = todos.filter((t) => !t.completed).length;
  return layout('todos', `<h1>todos</h1>
<p>Signed in as ${escapeHtml(user.username)}.</p>
<form action="/logout" method="post">${csrfField(csrfToken)}<button type="submit">Sign out</button></form>
<form action="/" method="post">
  ${csrfField(csrfToken)}
  <p><label for="new-todo">What needs to be done?</label> <input id="new-todo" name="title" type="text" required></p>
  <p><button type="submit">Add</button></p>
</form>
<ul id="todo-list">
${todos.map((todo) => todoItem(todo, csrfToken)).join('\n')}
</ul>
<p>${left} ${left === 1 ? 'item' : 'items'} left</p>`);
}

module.exports = { home, login, signup, index };
