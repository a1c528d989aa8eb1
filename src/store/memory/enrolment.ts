/**
 * Enrolment records in memory: the record (kept as a private copy), the generation that
 * moves with every write, and the reset that forgets a user (and moves the generation too).
 */
import type { TwoStepStore } from '../types.js';
import { emptyUser } from './user-state.js';
import type { UserTable } from './user-table.js';

type EnrolmentMethods = Pick<TwoStepStore, 'getEnrolment' | 'putEnrolment' | 'getGeneration' | 'resetUser'>;

export function memoryEnrolment(users: UserTable): EnrolmentMethods {
  return {
    getEnrolment: async (userId) => {
      const enrolment = users.peek(userId)?.enrolment;
      return enrolment === undefined ? null : structuredClone(enrolment);
    },

    putEnrolment: async (userId, enrolment) => {
      const copy = structuredClone(enrolment);
      const user = users.writable(userId);
      user.enrolment = copy;
      user.generation += 1;
    },

    getGeneration: async (userId) => users.peek(userId)?.generation ?? 0,

    resetUser: async (userId) => {
      const generation = (users.peek(userId)?.generation ?? 0) + 1;
      users.replace(userId, { ...emptyUser(), generation });
    },
  };
}
