import type { CoreContext } from '../core/context.js';
import type { Request } from 'express';
import type { PageRenderers } from '../pages/types.js';

/** The core context plus what only the HTTP layer needs. */
export interface HttpContext<User = any> extends CoreContext<User> {
  readonly pages: PageRenderers;
  /** Whether a request comes from a network trusted for this user (see network-skip.ts). */
  readonly fromTrustedNetwork: (user: unknown, req: Request) => Promise<boolean>;
}
