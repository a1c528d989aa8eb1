/** The demo clinic's people. Passwords are in the clear only because this is a demo. */
export interface DemoUser {
  id: string;
  username: string;
  name: string;
  password: string;
  role: 'staff' | 'parent';
  email: string;
  /** E.164; prefilled when the user adds text-message codes. */
  phone?: string;
}

export const demoUsers: DemoUser[] = [
  { id: '1', username: 'nora', name: 'Nora Vet', password: 'nora-password', role: 'staff', email: 'nora@clinic.example', phone: '+447911123456' },
  { id: '2', username: 'paul', name: 'Paul Parent', password: 'paul-password', role: 'parent', email: 'paul@family.example' },
];

export function findByUsername(username: string): DemoUser | undefined {
  return demoUsers.find((u) => u.username === username);
}

export function findById(id: string): DemoUser | undefined {
  return demoUsers.find((u) => u.id === id);
}
