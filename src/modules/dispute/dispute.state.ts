import type { TransitionTable } from '../../common/state-machine';
import type { DisputeStatus } from './dispute.entity';

/**
 * LODGED → UNDER_REVIEW (assigned) → RESOLVED (by the assigned reviewer), or WITHDRAWN by the
 * site's facility manager while still open. A site conflict is recorded already RESOLVED.
 */
export const DISPUTE_TRANSITIONS: TransitionTable<DisputeStatus> = {
  LODGED: { UNDER_REVIEW: 'dispute:assign', WITHDRAWN: 'dispute:lodge' },
  UNDER_REVIEW: { RESOLVED: 'dispute:resolve', WITHDRAWN: 'dispute:lodge' },
  RESOLVED: {},
  WITHDRAWN: {},
};
