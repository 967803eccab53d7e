import type { StateMachine } from '../../common/state-machine';
import type { FindingStatus, RectificationStatus } from './finding.entity';

/**
 * A finding is raised OPEN by an inspector. OPEN → RECTIFICATION_SUBMITTED (the site's manager)
 * → VERIFIED (an inspector of the issuing team); a rejected rectification returns it to OPEN.
 * The site's manager disputes it (→ DISPUTED); the reviewer's decision sends it back where it was
 * or WITHDRAWN, and so does the manager withdrawing the dispute (back where it was only).
 */
export const FINDING_MACHINE: StateMachine<FindingStatus> = {
  name: 'finding',
  entity: 'Finding',
  actionPrefix: 'finding',
  initial: { OPEN: 'finding:raise' },
  moves: {
    OPEN: { RECTIFICATION_SUBMITTED: 'finding:rectify', DISPUTED: 'dispute:lodge' },
    RECTIFICATION_SUBMITTED: { VERIFIED: 'finding:verify', OPEN: 'finding:verify', DISPUTED: 'dispute:lodge' },
    DISPUTED: { OPEN: ['dispute:resolve', 'dispute:lodge'], RECTIFICATION_SUBMITTED: ['dispute:resolve', 'dispute:lodge'], WITHDRAWN: 'dispute:resolve' },
    VERIFIED: {},
    WITHDRAWN: {},
  },
};

/**
 * A rectification is submitted by the site's manager and reviewed once, by an inspector of the
 * issuing team: ACCEPTED (the finding is VERIFIED) or REJECTED with a reason (it is OPEN again).
 */
export const RECTIFICATION_MACHINE: StateMachine<RectificationStatus> = {
  name: 'rectification',
  entity: 'Rectification',
  actionPrefix: 'rectification',
  initial: { SUBMITTED: 'finding:rectify' },
  moves: {
    SUBMITTED: { ACCEPTED: 'finding:verify', REJECTED: 'finding:verify' },
    ACCEPTED: {},
    REJECTED: {},
  },
};
