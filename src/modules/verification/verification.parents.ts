import type { Connection } from '../../common/pagination';
import type { VerificationRecord } from './verification.entity';

/** Rows the resolvers of the verification module's GraphQL types receive where that is not simply an entity (codegen mappers, scripts/codegen.ts). Types only. */
/** A connection as `toConnection` builds it (a lazy `totalCount`), with lazy totals. */
export type VerificationTaskConnection = Connection<VerificationRecord> & { totals: () => Promise<Record<string, number>> };

/** Totals as the verification list's lazy `totals` computes them (keyed by the GraphQL field names). */
export type VerificationTotalsRow = Record<string, number>;
