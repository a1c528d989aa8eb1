/** The small checks every option goes through; each message names the option and says the fix. */
import { TwoStepConfigError } from './errors.js';

export function fail(message: string): never {
  throw new TwoStepConfigError(message);
}

export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'function') return 'a function';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

export function positiveInteger(name: string, value: unknown, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    fail(`${name} must be a whole number between 1 and ${max}, got ${show(value)}.`);
  }
  return value;
}

/**
 * A duration option of a store (`timeoutSeconds`, `sweepIntervalSeconds`): a positive, finite
 * number of seconds, fractions allowed. Answers it in milliseconds, for the timers.
 */
export function positiveSecondsToMs(owner: string, name: string, value: unknown, fallbackSeconds: number): number {
  const seconds = value ?? fallbackSeconds;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0) {
    fail(`${owner} option "${name}" must be a positive number of seconds, got ${String(seconds)}. The default is ${fallbackSeconds}.`);
  }
  return Math.round(seconds * 1000);
}

export function localPath(name: string, value: unknown, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || /[\s\\?#]/.test(value)) {
    fail(`${name} must be a path on this site starting with a single "/" (like "/2fa"), got ${show(value)}.`);
  }
  return value.length > 1 ? value.replace(/\/+$/, '') : value;
}

export function optionalFunction(name: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'function') fail(`${name} must be a function, got ${show(value)}.`);
}


export function knownKeys(name: string, value: unknown, known: string[]): Record<string, unknown> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`\`${name}\` must be an object, got ${show(value)}.`);
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) fail(`unknown option "${name}.${key}". Known: ${known.join(', ')}.`);
  }
  return value as Record<string, unknown>;
}

const SQL_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * A table name option of a PostgreSQL store: `name` or `schema.name`, each part a plain
 * identifier. Answered quoted, so case and reserved words are safe and nothing else can
 * reach the SQL text.
 */
export function quotedTableName(owner: string, option: string, value: unknown, example: string): string {
  const parts = typeof value === 'string' ? value.split('.') : [];
  if (parts.length < 1 || parts.length > 2 || !parts.every((part) => SQL_IDENTIFIER.test(part))) {
    fail(
      `${owner} option "tables.${option}" must be a table name or schema.table of letters, digits and _, ` +
        `got ${JSON.stringify(value)}. Example: '${example}'.`,
    );
  }
  return parts.map((part) => `"${part}"`).join('.');
}
