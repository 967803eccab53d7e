import type { StateMachine } from '../../common/state-machine';
import type { ChecklistVersionStatus } from './checklist.entity';

/** A version is drafted, then published once; a published version never moves again (the database agrees). */
export const CHECKLIST_VERSION_MACHINE: StateMachine<ChecklistVersionStatus> = {
  name: 'checklist version',
  entity: 'ChecklistVersion',
  actionPrefix: 'checklist',
  initial: { DRAFT: 'checklist:manage' },
  moves: {
    DRAFT: { PUBLISHED: 'checklist:manage' },
    PUBLISHED: {},
  },
};
