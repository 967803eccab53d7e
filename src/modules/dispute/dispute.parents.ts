import type { Connection } from '../../common/pagination';
import type { Dispute } from './dispute.entity';

/** Rows the resolvers of the dispute module's GraphQL types receive where that is not simply an entity (codegen mappers, scripts/codegen.ts). Types only. */
export type DisputeConnection = Connection<Dispute>;

/** Dispute statistics carry the raising team's / the reviewer's id; the resolvers load the record. */
interface DisputeRate {
  resolved: number;
  overturned: number;
  overturnRate: number;
  medianHoursToResolve: number | null;
}
export type TeamDisputeRateRow = DisputeRate & { teamId: string };
export type ReviewerDisputeRateRow = DisputeRate & { reviewerId: string };
