/**
 * The two practices' two-step settings, as data their administrators change at run time
 * (twoStep.organisations, the Administration pages), not as code. The demo writes these once,
 * when a practice has never been configured, so a restart on PostgreSQL or Redis keeps what an
 * administrator changed since.
 */
import { isTwoStepError, type OrganisationSettings, type TwoStep } from '../src/index.js';
import type { DemoUser } from './users.js';

/** Who the first settings name as their author in the history. */
export const SEED_AUTHOR = 'seed';

export const seedSettings: Record<DemoUser['organisation'], Partial<OrganisationSettings>> = {
  // Staff and practice managers must verify; parents may.
  riverside: { enforcement: { roles: ['staff', 'admin'] }, skipNetworks: ['10.20.0.0/16'] },
  // Hillside's office network includes this machine's loopback addresses, so signing in as
  // hana from a browser on this machine shows the network skip at work.
  hillside: { enforcement: { roles: ['staff', 'admin'] }, skipNetworks: ['192.168.40.0/24', '127.0.0.0/8', '::1/128'] },
};

/** Writes each practice's first settings unless someone already configured it. */
export async function seedOrganisations(twoStep: TwoStep): Promise<void> {
  for (const [orgId, settings] of Object.entries(seedSettings)) {
    try {
      // expectedVersion 0: only an organisation nobody configured yet.
      await twoStep.organisations.update(orgId, settings, { by: SEED_AUTHOR, expectedVersion: 0 });
    } catch (error) {
      if (!isTwoStepError(error) || error.code !== 'edit_conflict') throw error;
    }
  }
}
