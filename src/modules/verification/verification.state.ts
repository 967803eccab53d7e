import type { StateMachine } from '../../common/state-machine';
import type { VerificationStatus } from './verification.entity';

/**
 * 区域协查: a record is imported RECEIVED (or ROUTED, when the import names the unit of a record
 * that needs verification), routed to a unit (re-routing is allowed until work starts), verified
 * in the field, and answered with a result. An answer is final.
 */
export const VERIFICATION_MACHINE: StateMachine<VerificationStatus> = {
  name: 'verification task',
  entity: 'VerificationRecord',
  auditType: 'VerificationTask',
  actionPrefix: 'verification',
  initial: { RECEIVED: 'verification:import', ROUTED: 'verification:import' },
  moves: {
    RECEIVED: { ROUTED: 'verification:route' },
    ROUTED: { ROUTED: 'verification:route', VERIFYING: 'verification:verify' },
    VERIFYING: { ANSWERED: 'verification:answer' },
    ANSWERED: {},
  },
};
