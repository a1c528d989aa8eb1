/** What a test reads back about a user, from the enrolment store behind a store's default. */
import type { Enrolment, TwoStepStore } from '../../src/index.ts';

export async function enrolmentOf(store: TwoStepStore, userId: string): Promise<Enrolment | null> {
  return (await store.defaultEnrolments!().read(userId))?.enrolment ?? null;
}

export async function recoveryCodesLeft(store: TwoStepStore, userId: string): Promise<number> {
  return (await store.defaultEnrolments!().read(userId))?.recoveryCodesLeft ?? 0;
}
