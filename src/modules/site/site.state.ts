import type { TransitionTable } from '../../common/state-machine';
import type { SiteStatus } from './site.entity';

/** ACTIVE ⇄ CLOSED; both moves are the command centre's (and the admin's) call. */
export const SITE_TRANSITIONS: TransitionTable<SiteStatus> = {
  ACTIVE: { CLOSED: 'site:close' },
  CLOSED: { ACTIVE: 'site:close' },
};
