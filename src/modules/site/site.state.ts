import type { StateMachine } from '../../common/state-machine';
import type { SiteStatus } from './site.entity';

/** A site is registered ACTIVE; ACTIVE ⇄ CLOSED are the command centre's (and the admin's) call. */
export const SITE_MACHINE: StateMachine<SiteStatus> = {
  name: 'site',
  entity: 'Site',
  actionPrefix: 'site',
  initial: { ACTIVE: 'site:create' },
  moves: {
    ACTIVE: { CLOSED: 'site:close' },
    CLOSED: { ACTIVE: 'site:close' },
  },
};
