/** The demo clinics' people. Passwords are in the clear only because this is a demo. */
export interface DemoUser {
  id: string;
  username: string;
  name: string;
  password: string;
  /** Roles in every organisation the user belongs to; the strictest decides. */
  roles: Array<'staff' | 'parent' | 'admin'>;
  /** The practice whose office network may skip the second factor. */
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
];

/**
 * Each practice's office network. Hillside's includes this machine's loopback addresses, so
 * signing in as hana from the browser on this machine shows the network skip at work.
 */
export const officeNetworks: Record<DemoUser['organisation'], string[]> = {
  riverside: ['10.20.0.0/16'],
  hillside: ['192.168.40.0/24', '127.0.0.0/8', '::1/128'],
};

export function findByUsername(username: string): DemoUser | undefined {
  return demoUsers.find((u) => u.username === username);
}

export function findById(id: string): DemoUser | undefined {
  return demoUsers.find((u) => u.id === id);
}
