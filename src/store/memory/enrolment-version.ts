/**
 * The enrolment-version mirror in memory, and the reset that forgets what expires about a
 * user (the mirror stays, so a snapshot from before the reset is still stale after it).
 */
import type { CountersStore } from '../types.js';
import { emptyUser } from './user-state.js';
import type { UserTable } from './user-table.js';

type VersionMethods = Pick<CountersStore, 'noteEnrolmentVersion' | 'resetUser'>;

export function memoryEnrolmentVersion(users: UserTable): VersionMethods {
  return {
    noteEnrolmentVersion: async (userId, version) => {
      const user = users.writable(userId);
      if (version > user.enrolmentVersion) user.enrolmentVersion = version;
    },

    resetUser: async (userId) => {
      const enrolmentVersion = users.peek(userId)?.enrolmentVersion ?? 0;
      users.replace(userId, { ...emptyUser(), enrolmentVersion });
    },
  };
}
