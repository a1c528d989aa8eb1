// The todo list of the signed-in user.
const express = require('express');
const db = require('../db');
const views = require('../views');

function requireUser(req, res, next) {
  if (!req.user) return res.redirect('/login');
  next();
}

const router = express.Router();

// `/:id(\\d+)` in Passport's example is a PathError on Express 5: a plain `/:id` whose
// parameter skips the route unless it is a number does the same on both lines.
router.param('id', (req, res, next, id) => (/^\d{1,9}$/.test(id) ? next() : next('route')));

router.get('/', (req, res, next) => {
  if (!req.user) return res.send(views.home());
  db.pool.query('SELECT id, title, completed FROM todos WHERE owner_id = $1 ORDER BY id', [req.user.id])
    .then(({ rows }) => res.send(views.index({ user: req.user, todos: rows, csrfToken: res.locals.csrfToken })))
    .catch(next);
});

router.post('/', requireUser, (req, res, next) => {
  const title = typeof req.body.title === 'string' ? req.body.title.trim() : '';
  if (title === '') return res.redirect('/');
  db.pool.query('INSERT INTO todos (owner_id, title) VALUES ($1, $2)', [req.user.id, title])
    .then(() => res.redirect('/'), next);
});

router.post('/:id', requireUser, (req, res, next) => {
  const id = Number(req.params.id);
  db.pool.query('UPDATE todos SET completed = $1 WHERE id = $2 AND owner_id = $3', [req.body.completed === 'on', id, req.user.id])
    .then(() => res.redirect('/'), next);
});

router.post('/:id/delete', requireUser, (req, res, next) => {
  const id = Number(req.params.id);
  db.pool.query('DELETE FROM todos WHERE id = $1 AND owner_id = $2', [id, req.user.id])
    .then(() => res.redirect('/'), next);
});

module.exports = router;
