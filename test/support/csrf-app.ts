/**
 * An existing app with its own CSRF middleware — csurf, csrf-csrf (double submit) or lusca,
 * configured the way each one's README shows for an app with HTML forms — and twostep added
 * with the README's lines, the middleware mounted before or after `app.use(twoStep)`.
 * Real Express, express-session and Passport (passport-local). The app's own sign-in page
 * puts its own token in `_csrf`, as such apps do; nothing in the app knows about twostep's.
 */
import { createRequire } from 'node:module';
import cookieParser from 'cookie-parser';
import { doubleCsrf } from 'csrf-csrf';
import express, { type Request, type RequestHandler, type Response } from 'express';
import session from 'express-session';
import { createTwoStep, memoryStore, type TwoStep, type TwoStepOptions } from '../../src/index.js';
import { makeTestPassport, makeUsers, manualClock, TEST_SECRET, type TestUser } from './test-app.js';

export type CsrfLibrary = 'csurf' | 'csrf-csrf' | 'lusca';
export type CsrfOrder = 'before' | 'after';
export const CSRF_LIBRARIES: readonly CsrfLibrary[] = ['csurf', 'csrf-csrf', 'lusca'];

// csurf and lusca ship no types; each is a factory of a plain middleware.
const require = createRequire(import.meta.url);
const csurf = require('csurf') as () => RequestHandler;
const lusca = require('lusca') as { csrf(options?: { key?: string; header?: string }): RequestHandler };

/**
 * The library's middleware and what it asks of the session. csrf-csrf binds its token to the
 * session id, so (as its README says) the session must be saved before sign-in; csurf and
 * lusca keep their secret in the session, which saves it.
 */
function appCsrf(library: CsrfLibrary, renamed: AppCsrfNames | undefined): { middleware: RequestHandler; saveUninitialized: boolean } {
  switch (library) {
    case 'csurf':
      return { middleware: csurf(), saveUninitialized: false };
    case 'lusca':
      return { middleware: lusca.csrf(renamed ? { key: renamed.field, header: renamed.header } : {}), saveUninitialized: false };
    case 'csrf-csrf': {
      const { doubleCsrfProtection } = doubleCsrf({
        getSecret: () => 'the-apps-csrf-secret',
        getSessionIdentifier: (req) => req.session.id,
        // Plain http in tests: no __Host- prefix, no Secure flag.
        cookieName: 'app.x-csrf-token',
        cookieOptions: { secure: false, sameSite: 'lax' },
        // Forms send `_csrf`, scripts the X-CSRF-Token header.
        getCsrfTokenFromRequest: (req) => {
          const fromForm = (req.body as Record<string, unknown> | undefined)?._csrf;
          return typeof fromForm === 'string' ? fromForm : req.get('x-csrf-token');
        },
      });
      return { middleware: doubleCsrfProtection, saveUninitialized: true };
    }
  }
}

/** Where the app's middleware reads its token, when the app renamed them. */
export interface AppCsrfNames {
  field: string;
  header: string;
}

export interface CsrfAppOptions {
  library: CsrfLibrary;
  order: CsrfOrder;
  /** lusca only: its `key` (the form field) and `header`, renamed. @default lusca's _csrf / x-csrf-token */
  renamed?: AppCsrfNames;
  extra?: Partial<TwoStepOptions<TestUser>>;
  /** @default manualClock() */
  clock?: ReturnType<typeof manualClock>;
}

/** The app's own two pages, whole enough for the browser test's accessibility check. */
function appPage(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><main><h1>${title}</h1>${body}</main></body></html>`;
}

export function makeCsrfApp({ library, order, renamed, extra = {}, clock = manualClock() }: CsrfAppOptions): { app: express.Express; twoStep: TwoStep; clock: ReturnType<typeof manualClock> } {
  const users = makeUsers();
  const passport = makeTestPassport(users);
  const twoStep = createTwoStep<TestUser>({
    secret: TEST_SECRET,
    store: memoryStore(),
    now: clock.now,
    issuer: 'Clinic',
    users: { id: (u) => u.id, label: (u) => u.username },
    loginPath: ['/login', '/login/password'],
    ...extra,
  });
  const csrf = appCsrf(library, renamed);
  const field = renamed?.field ?? '_csrf';

  const app = express();
  app.use(session({ secret: 'session-secret', resave: false, saveUninitialized: csrf.saveUninitialized }));
  app.use(express.urlencoded({ extended: false }), express.json(), cookieParser());
  if (order === 'before') app.use(csrf.middleware);
  app.use(passport.initialize());
  app.use(passport.session());
  app.use(twoStep);
  if (order === 'after') app.use(csrf.middleware);

  const token = (req: Request) => (req as Request & { csrfToken(): string }).csrfToken();
  app.get('/login', (req: Request, res: Response) => {
    res.send(appPage('Sign in', `<form method="post" action="/login/password"><input type="hidden" name="${field}" value="${token(req)}">
<label>Username <input name="username"></label><label>Password <input name="password" type="password"></label><button>Sign in</button></form>`));
  });
  app.post('/login/password', passport.authenticate('local', { failureRedirect: '/login' }), twoStep.challenge(), (_req: Request, res: Response) => res.redirect('/'));
  app.get('/', (req: Request, res: Response) => {
    if (!req.isAuthenticated()) return res.redirect('/login');
    res.send(appPage('Home', `<p>Welcome ${(req.user as TestUser).username}</p>
<form method="post" action="/logout"><input type="hidden" name="${field}" value="${token(req)}"><button>Sign out</button></form>`));
  });
  app.post('/logout', (req: Request, res: Response, next) => req.logout((error) => (error ? next(error) : res.redirect('/login'))));
  return { app, twoStep, clock };
}
