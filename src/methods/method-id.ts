import { TwoStepError } from '../errors.js';

const METHOD_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** An optional method id from a request; anything but a short URL-safe string is a 400, never a lookup. */
export function parseOptionalMethodId(value: unknown, field: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !METHOD_ID.test(value)) {
    throw new TwoStepError('invalid_request', `\`${field}\` must be a method id from GET /status.`);
  }
  return value;
}

export function isMethodId(value: unknown): value is string {
  return typeof value === 'string' && METHOD_ID.test(value);
}
