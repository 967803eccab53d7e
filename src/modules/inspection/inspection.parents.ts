import type { Connection } from '../../common/pagination';
import type { Inspection, InspectionAnswer } from './inspection.entity';

/** Rows the resolvers of the inspection module's GraphQL types receive where that is not simply an entity (codegen mappers, scripts/codegen.ts). Types only. */
export type InspectionConnection = Connection<Inspection>;

/** An answer carries its inspection's checklist version so `item` can find its checklist item. */
export type InspectionAnswerRow = InspectionAnswer & { versionId: string };
