/** Whether a user must use a second factor. */
export type PolicyLevel = 'required' | 'optional' | 'exempt';

export const POLICY_LEVELS: readonly PolicyLevel[] = ['required', 'optional', 'exempt'];

const RANK: Record<PolicyLevel, number> = { exempt: 0, optional: 1, required: 2 };

export function isPolicyLevel(value: unknown): value is PolicyLevel {
  return value === 'required' || value === 'optional' || value === 'exempt';
}

/** The strictest of several levels; none at all is `fallback`. */
export function strictest(levels: Iterable<PolicyLevel>, fallback: PolicyLevel): PolicyLevel {
  let best: PolicyLevel | undefined;
  for (const level of levels) if (best === undefined || RANK[level] > RANK[best]) best = level;
  return best ?? fallback;
}

export interface StrictestPolicyOptions<User> {
  /** The level of each role, group or tenant-qualified role ("practice-1:staff"). */
  levelsByRole: Record<string, PolicyLevel>;
  /** Every role the user holds, across all organisations. */
  rolesOf(user: User): Iterable<string> | Promise<Iterable<string>>;
  /**
   * The level of a role missing from `levelsByRole`, and of a user with no roles at all.
   * Safe by default: an unmapped role (a typo, a new role) asks for 2FA rather than waiving it.
   * @default 'required'
   */
  unknownRole?: PolicyLevel;
}

/**
 * The common policy: roles map to levels and the strictest role wins — a staff member who
 * is also a parent must verify; a user required in one practice is required in all of them.
 */
export function strictestPolicy<User = any>(options: StrictestPolicyOptions<User>): (user: User) => Promise<PolicyLevel> {
  const { levelsByRole, rolesOf } = options;
  const unknownRole = options.unknownRole ?? 'required';
  if (!levelsByRole || typeof levelsByRole !== 'object') {
    throw new TypeError('twostep: strictestPolicy({ levelsByRole }) needs an object like { staff: "required", parent: "optional" }.');
  }
  for (const [role, level] of Object.entries(levelsByRole)) {
    if (!isPolicyLevel(level)) {
      throw new TypeError(`twostep: strictestPolicy levelsByRole.${role} must be "required", "optional" or "exempt", got ${JSON.stringify(level)}.`);
    }
  }
  if (typeof rolesOf !== 'function') throw new TypeError('twostep: strictestPolicy({ rolesOf }) must be a function returning the user\'s roles.');
  if (!isPolicyLevel(unknownRole)) throw new TypeError(`twostep: strictestPolicy unknownRole must be "required", "optional" or "exempt", got ${JSON.stringify(unknownRole)}.`);
  const levels = new Map(Object.entries(levelsByRole));
  return async (user) => {
    const roles = [...await rolesOf(user)];
    return strictest(roles.map((role) => levels.get(role) ?? unknownRole), unknownRole);
  };
}
