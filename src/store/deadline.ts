/**
 * The store-deadline guard every backend call goes through (Redis for the counters,
 * enrolments and revocations; PostgreSQL for enrolments): an answer in time, or
 * `StoreUnavailableError` — for a refused connection, an error reply or silence alike — so
 * that every caller fails closed with `503 unavailable` and none waits past the deadline.
 */
import { StoreUnavailableError } from '../errors.js';

/** Races `operation` against `timeoutMs`; `backend` names the one that did not answer ("Redis", "PostgreSQL"). */
export function withinDeadline<T>(backend: string, timeoutMs: number, operation: () => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new StoreUnavailableError(new Error(`${backend} did not answer within ${timeoutMs} ms`)));
    }, timeoutMs);
    Promise.resolve()
      .then(operation)
      .then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error instanceof StoreUnavailableError ? error : new StoreUnavailableError(error));
        },
      );
  });
}
