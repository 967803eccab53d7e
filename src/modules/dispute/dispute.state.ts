import type { StateMachine } from '../../common/state-machine';
import type { DisputeStatus } from './dispute.entity';

/**
 * A finding's dispute is lodged (LODGED) by the site's facility manager → UNDER_REVIEW when
 * assigned (and UNDER_REVIEW → UNDER_REVIEW when handed to another reviewer) → RESOLVED by the
 * assigned reviewer, or WITHDRAWN by the manager while still open. A conflict at a site, recorded
 * once mediated, is created RESOLVED by whoever may record one.
 */
export const DISPUTE_MACHINE: StateMachine<DisputeStatus> = {
  name: 'dispute',
  entity: 'Dispute',
  actionPrefix: 'dispute',
  initial: { LODGED: 'dispute:lodge', RESOLVED: 'dispute:record' },
  moves: {
    LODGED: { UNDER_REVIEW: 'dispute:assign', WITHDRAWN: 'dispute:lodge' },
    UNDER_REVIEW: { UNDER_REVIEW: 'dispute:assign', RESOLVED: 'dispute:resolve', WITHDRAWN: 'dispute:lodge' },
    RESOLVED: {},
    WITHDRAWN: {},
  },
};
