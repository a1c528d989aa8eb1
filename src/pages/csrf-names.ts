/**
 * The names CSRF tokens travel under, in forms and in the page script's requests.
 *
 * twostep's own token has names of its own: csurf, lusca, csrf-csrf, csrf-sync and tiny-csrf
 * all read `_csrf` and `X-CSRF-Token` by default, so an app that already runs one of them in
 * front of twostep would otherwise find twostep's token where it expects its own and refuse
 * every 2FA form. The app's token, when its middleware offers one (`req.csrfToken()`), rides
 * along under those common names, so that middleware lets the request through to twostep.
 */
export const CSRF_FIELD = '_twostep_csrf';
export const CSRF_HEADER = 'X-TwoStep-CSRF';
export const APP_CSRF_FIELD = '_csrf';
export const APP_CSRF_HEADER = 'X-CSRF-Token';
