// Signing in (passport-local on the users table), signing out and signing up.
const express = require('express');
const passport = require('passport');
const LocalStrategy = require('passport-local');
const db = require('../db');
const views = require('../views');

passport.use(new LocalStrategy((username, password, cb) => {
  db.findByUsername(username).then(async (user) => {
    if (!user || !(await db.checkPassword(user.id, password))) return cb(null, false, { message: 'Incorrect username or password.' });
    return cb(null, user);
  }).catch(cb);
}));

// The session keeps the user's id and name, as in Passport's example.
passport.serializeUser((user, cb) => process.nextTick(() => cb(null, { id: user.id, username: user.username })));
passport.deserializeUser((user, cb) => process.nextTick(() => cb(null, user)));

const router = express.Router();

router.get('/login', (req, res) => {
  res.send(views.login({ csrfToken: res.locals.csrfToken, messages: res.locals.messages }));
});

router.post('/login/password', passport.authenticate('local', {
  successReturnToOrRedirect: '/',
  failureRedirect: '/login',
  failureMessage: true,
}));

router.post('/logout', (req, res, next) => {
  req.logout((error) => (error ? next(error) : res.redirect('/')));
});

router.get('/signup', (req, res) => {
  res.send(views.signup({ csrfToken: res.locals.csrfToken, messages: res.locals.messages }));
});

router.post('/signup', (req, res, next) => {
  const { username, password } = req.body;
  if (typeof username !== 'string' || typeof password !== 'string' || username === '' || password.length < 8) {
    req.session.messages = ['Choose a username and a password of at least 8 characters.'];
    return res.redirect('/signup');
  }
  db.findByUsername(username).then(async (taken) => {
    if (taken) {
      req.session.messages = ['That username is taken.'];
      return res.redirect('/signup');
    }
    const user = await db.createUser(username, password);
    req.login(user, (error) => (error ? next(error) : res.redirect('/')));
  }).catch(next);
});

module.exports = router;
