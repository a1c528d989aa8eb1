import type { Request } from 'express';
import { TwoStepError } from '../../errors.js';
import { isMethodId, parseOptionalMethodId } from '../../methods/method-id.js';

/** The parsed body as a plain object; arrays, strings and other shapes are refused. */
export function bodyOf(req: Request): Record<string, unknown> {
  const body: unknown = req.body;
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new TwoStepError('invalid_request', 'The request body must be a JSON object or a form.');
  }
  return body as Record<string, unknown>;
}

/** An optional short identifier (method ids); anything else is a 400, not a lookup. */
export function optionalId(body: Record<string, unknown>, field: string): string | undefined {
  return parseOptionalMethodId(body[field], field);
}

/** Checkbox or JSON boolean. */
export function flag(body: Record<string, unknown>, field: string): boolean {
  const value = body[field];
  if (value === undefined || value === false || value === 'false' || value === '0' || value === '') return false;
  if (value === true || value === 'true' || value === 'on' || value === '1') return true;
  throw new TwoStepError('invalid_request', `\`${field}\` must be true or false.`);
}

export function pathId(req: Request): string {
  const id = req.params.id;
  if (!isMethodId(id)) {
    throw new TwoStepError('invalid_request', 'That is not a valid method id.');
  }
  return id;
}
