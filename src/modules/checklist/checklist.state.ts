import type { TransitionTable } from '../../common/state-machine';
import type { ChecklistVersionStatus } from './checklist.entity';

/** A draft is published once; a published version never moves again (the database agrees). */
export const CHECKLIST_VERSION_TRANSITIONS: TransitionTable<ChecklistVersionStatus> = {
  DRAFT: { PUBLISHED: 'checklist:manage' },
  PUBLISHED: {},
};
