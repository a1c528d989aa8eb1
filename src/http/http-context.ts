import type { CoreContext } from '../core/context.js';
import type { Request } from 'express';
import type { PageRenderers } from '../pages/types.js';
import type { ResolvedOptions } from '../options-types.js';

/** The core context plus what only the HTTP layer needs. */
export interface HttpContext<User = any> extends CoreContext<User> {
  /** Every option, the request-shaped ones too (policy, networks, paths). */
  readonly options: ResolvedOptions<User>;
  readonly pages: PageRenderers;
  /** Whether a request comes from a network trusted for this user (see request/network-skip.ts). */
  readonly fromTrustedNetwork: (user: unknown, req: Request, organisationLists?: readonly (readonly string[])[] | null) => Promise<boolean>;
}
