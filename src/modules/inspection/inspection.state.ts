import type { StateMachine } from '../../common/state-machine';
import type { InspectionStatus } from './inspection.entity';

/**
 * SCHEDULED → IN_PROGRESS → SUBMITTED → CLOSED, or CANCELLED before submission. The command
 * centre schedules a visit; a team that files a visit nobody scheduled (offline, fileInspection)
 * creates it IN_PROGRESS. CLOSED is set by the server when every finding of a submitted
 * inspection is VERIFIED or WITHDRAWN (at once when it has none), in the request of whoever
 * settled the last one. A submitted inspection never changes otherwise: a correction is a new one.
 */
export const INSPECTION_MACHINE: StateMachine<InspectionStatus> = {
  name: 'inspection',
  entity: 'Inspection',
  actionPrefix: 'inspection',
  initial: { SCHEDULED: 'inspection:schedule', IN_PROGRESS: 'inspection:file' },
  moves: {
    SCHEDULED: { IN_PROGRESS: 'inspection:file', CANCELLED: 'inspection:schedule' },
    IN_PROGRESS: { SUBMITTED: 'inspection:file', CANCELLED: 'inspection:schedule' },
    SUBMITTED: { CLOSED: 'inspection:close' },
    CLOSED: {},
    CANCELLED: {},
  },
};
