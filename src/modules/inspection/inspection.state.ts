import type { TransitionTable } from '../../common/state-machine';
import type { InspectionStatus } from './inspection.entity';

/**
 * SCHEDULED → IN_PROGRESS → SUBMITTED → CLOSED, or CANCELLED before submission. CLOSED is set
 * by the server when every finding of a submitted inspection is VERIFIED or WITHDRAWN (at once
 * when it has none). A submitted inspection never changes otherwise: a correction is a new one.
 */
export const INSPECTION_TRANSITIONS: TransitionTable<InspectionStatus> = {
  SCHEDULED: { IN_PROGRESS: 'inspection:file', CANCELLED: 'inspection:schedule' },
  IN_PROGRESS: { SUBMITTED: 'inspection:file', CANCELLED: 'inspection:schedule' },
  SUBMITTED: { CLOSED: 'inspection:close' },
  CLOSED: {},
  CANCELLED: {},
};
