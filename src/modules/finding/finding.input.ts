import { z } from 'zod';
import { evidenceIds } from '../../common/validation';
import { SEVERITIES } from '../checklist/checklist.entity';

/** A finding raised by hand: on a filed inspection (raiseFinding) or in fileInspection's `findings`. */
export const adHocFindingInput = z.object({
  title: z.string().trim().min(1).max(500),
  description: z.string().trim().max(4000).nullish(),
  severity: z.enum(SEVERITIES),
  legalBasis: z.string().trim().max(1000).nullish(),
  evidenceIds,
});
