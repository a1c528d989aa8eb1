// todos: an Express 4 app shaped like Passport's own example (passport-local, csurf, sessions
// in PostgreSQL through connect-pg-simple). The lines marked `// + twostep` are the ones
// added for two-step verification; remove them and the app is as it was (docs/existing-apps.md).
const express = require('express');
const session = require('express-session');
const PgSession = require('connect-pg-simple')(session);
const csrf = require('csurf');
const passport = require('passport');
const { Redis } = require('ioredis'); // + twostep
const { createTwoStep, postgresEnrolments, redisStore } = require('twostep'); // + twostep
const db = require('./db');
const authRouter = require('./routes/auth');
const todosRouter = require('./routes/todos');

const redis = new Redis(process.env.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1, autoResendUnfulfilledCommands: false }); // + twostep
const enrolments = postgresEnrolments(db.pool); // + twostep
const twoStep = createTwoStep({ // + twostep
  secret: process.env.TWOSTEP_SECRET, // + twostep
  store: redisStore(redis), // + twostep
  enrolments, // + twostep
  issuer: 'todos', // + twostep
  appName: 'todos', // + twostep
  loginPath: ['/login', '/login/password'], // + twostep
  users: { id: (user) => user.id, label: (user) => user.username, verifyPassword: (user, password) => db.checkPassword(user.id, password) }, // + twostep
}); // + twostep

const app = express();
app.use(express.urlencoded({ extended: false }));
app.use(session({
  secret: process.env.SESSION_SECRET,
  resave: false,
  saveUninitialized: false,
  store: new PgSession({ pool: db.pool, createTableIfMissing: true }),
}));
app.use(csrf());
app.use(passport.authenticate('session'));
app.use(twoStep); // + twostep
app.use((req, res, next) => {
  res.locals.messages = req.session.messages || [];
  if (req.session.messages) delete req.session.messages;
  res.locals.csrfToken = req.csrfToken();
  next();
});
app.use('/', todosRouter);
app.use('/', authRouter);

db.migrate()
  .then(() => enrolments.createSchema()) // + twostep
  .then(() => {
    const port = Number(process.env.PORT) || 3000;
    app.listen(port, () => console.log(`todos: listening on http://localhost:${port}`));
  }, (error) => {
    console.error('todos: could not prepare the database:', error.message);
    process.exit(1);
  });
