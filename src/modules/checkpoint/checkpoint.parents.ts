import type { Connection } from '../../common/pagination';
import type { TallyTotals } from './checkpoint-query.service';
import type { CheckpointTally } from './checkpoint-tally.entity';

/** Rows the resolvers of the checkpoint module's GraphQL types receive where that is not simply an entity (codegen mappers, scripts/codegen.ts). Types only. */
/** A connection as `toConnection` builds it (a lazy `totalCount`), with lazy totals. */
export type CheckpointTallyConnection = Connection<CheckpointTally> & { totals: () => Promise<TallyTotals> };
