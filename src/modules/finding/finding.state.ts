import type { TransitionTable } from '../../common/state-machine';
import type { FindingStatus } from './finding.entity';

/**
 * OPEN → RECTIFICATION_SUBMITTED → VERIFIED; a rejected rectification returns it to OPEN.
 * The dispute moves (DISPUTED, WITHDRAWN) are declared here for the disputes workflow; no
 * mutation of this module makes them.
 */
export const FINDING_TRANSITIONS: TransitionTable<FindingStatus> = {
  OPEN: { RECTIFICATION_SUBMITTED: 'finding:rectify', DISPUTED: 'dispute:lodge' },
  RECTIFICATION_SUBMITTED: { VERIFIED: 'finding:verify', OPEN: 'finding:verify', DISPUTED: 'dispute:lodge' },
  DISPUTED: { OPEN: 'dispute:resolve', RECTIFICATION_SUBMITTED: 'dispute:resolve', WITHDRAWN: 'dispute:resolve' },
  VERIFIED: {},
  WITHDRAWN: {},
};
