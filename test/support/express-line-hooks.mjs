/**
 * The resolve hook `express-line.mjs` registers (no side effects: it also runs in the
 * loader's thread): bare `express` / `passport` specifiers go to the aliased line.
 */
let aliases = {};

export function initialize(data) {
  aliases = data;
}

export function resolve(specifier, context, nextResolve) {
  return nextResolve(aliasOf(specifier, context.parentURL, aliases), context);
}

/** This project: its tests, dist and node_modules. A fresh app a test builds elsewhere keeps its own Express. */
const PROJECT = new URL('../../', import.meta.url);

/**
 * `express` and `express/…` → `express4` and `express4/…` when imported from inside this
 * project; anything else as it is. `parent` is a file URL or path, or undefined (the entry).
 */
export function aliasOf(specifier, parent, table) {
  const from = parent === undefined ? undefined : parent.startsWith('file:') ? parent : `file://${parent}`;
  if (from !== undefined && !from.startsWith(PROJECT.href)) return specifier;
  for (const [name, alias] of Object.entries(table)) {
    if (specifier === name) return alias;
    if (specifier.startsWith(`${name}/`)) return `${alias}${specifier.slice(name.length)}`;
  }
  return specifier;
}
