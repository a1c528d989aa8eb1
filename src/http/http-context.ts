import type { CoreContext } from '../core/context.js';
import type { PageRenderers } from '../pages/types.js';

/** The core context plus what only the HTTP layer needs. */
export interface HttpContext<User = any> extends CoreContext<User> {
  readonly pages: PageRenderers;
}
