import type { TransitionTable } from '../../common/state-machine';
import type { VerificationStatus } from './verification.entity';

/**
 * 区域协查: a task is received, routed to a unit (re-routing is allowed until work starts),
 * verified in the field, and answered with a result. An answer is final.
 */
export const VERIFICATION_TRANSITIONS: TransitionTable<VerificationStatus> = {
  RECEIVED: { ROUTED: 'verification:route' },
  ROUTED: { ROUTED: 'verification:route', VERIFYING: 'verification:verify' },
  VERIFYING: { ANSWERED: 'verification:answer' },
  ANSWERED: {},
};
