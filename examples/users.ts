/** The demo clinics' people. Passwords are in the clear only because this is a demo. */
export interface DemoUser {
  id: string;
  username: string;
  name: string;
  password: string;
  /** The user's roles (groups) in their practice: its settings say which roles must verify. */
  roles: Array<'staff' | 'parent' | 'admin'>;
  /** The practice the user belongs to: its administrators' settings decide the second step. */
  organisation: 'riverside' | 'hillside';
  email: string;
  /** E.164; prefilled when the user adds text-message codes. */
  phone?: string;
}

export const demoUsers: DemoUser[] = [
  { id: '1', username: 'nora', name: 'Nora Vet', password: 'nora-password', roles: ['staff'], organisation: 'riverside', email: 'nora@riverside.example', phone: '+447911123456' },
  { id: '2', username: 'paul', name: 'Paul Parent', password: 'paul-password', roles: ['parent'], organisation: 'riverside', email: 'paul@family.example' },
  { id: '3', username: 'olga', name: 'Olga Office', password: 'olga-password', roles: ['staff', 'admin'], organisation: 'riverside', email: 'olga@riverside.example' },
  { id: '4', username: 'hana', name: 'Hana Hillside', password: 'hana-password', roles: ['staff', 'parent'], organisation: 'hillside', email: 'hana@hillside.example' },
  { id: '5', username: 'hugo', name: 'Hugo Hillside', password: 'hugo-password', roles: ['staff', 'admin'], organisation: 'hillside', email: 'hugo@hillside.example' },
];

/** What twostep asks at every sign-in (`users.organisations`): the practice and the user's roles in it. */
export function organisationsOf(user: DemoUser): Array<{ id: string; roles: string[] }> {
  return [{ id: user.organisation, roles: user.roles }];
}

/**
 * Which practices a user administers, for `twoStep.adminRouter({ authorize })`: a practice
 * manager (role admin) their own practice, everybody else none.
 */
export function practicesAdministeredBy(user: DemoUser | undefined): string[] | false {
  return user?.roles.includes('admin') ? [user.organisation] : false;
}

/**
 * One page of a practice's people whose name has `query` in it, for the admin pages' list
 * (`users.list`): ordered by id, `cursor` the last id of the page before.
 */
export function listUsers({ organisation, query, cursor, limit }: { organisation?: string; query: string; cursor?: string; limit: number }): { users: Array<{ id: string; label: string }>; next: string | null } {
  const needle = query.toLocaleLowerCase();
  const matching = demoUsers
    .filter((u) => (organisation === undefined || u.organisation === organisation) && u.name.toLocaleLowerCase().includes(needle))
    .filter((u) => cursor === undefined || Number(u.id) > Number(cursor));
  const page = matching.slice(0, limit);
  return { users: page.map((u) => ({ id: u.id, label: u.name })), next: matching.length > limit ? page[page.length - 1]!.id : null };
}

export function findByUsername(username: string): DemoUser | undefined {
  return demoUsers.find((u) => u.username === username);
}

export function findById(id: string): DemoUser | undefined {
  return demoUsers.find((u) => u.id === id);
}
