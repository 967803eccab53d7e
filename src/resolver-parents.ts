/**
 * Rows the resolvers of some GraphQL types receive, where that is not simply an entity: the
 * codegen mappers (scripts/codegen.ts) point here. Types only.
 */
import type { Connection } from './common/pagination';
import type { AuditEvent } from './modules/audit/audit-event.entity';
import type { TallyTotals } from './modules/checkpoint/checkpoint-query.service';
import type { CheckpointTally } from './modules/checkpoint/checkpoint-tally.entity';
import type { EntryRow } from './modules/disinfection/disinfection.read';
import type { Dispute } from './modules/dispute/dispute.entity';
import type { Finding } from './modules/finding/finding.entity';
import type { Inspection, InspectionAnswer } from './modules/inspection/inspection.entity';
import type { Site } from './modules/site/site.entity';
import type { SupplyItem } from './modules/supply/supply.entity';
import type { ScopedItem } from './modules/supply/supply.service';
import type { VerificationRecord } from './modules/verification/verification.entity';

/** Connections as `toConnection` builds them (a lazy `totalCount`); some add lazy totals. */
export type AuditEventConnection = Connection<AuditEvent>;
export type DisinfectionEntryConnection = Connection<EntryRow>;
export type SiteConnection = Connection<Site>;
export type InspectionConnection = Connection<Inspection>;
export type FindingConnection = Connection<Finding>;
export type DisputeConnection = Connection<Dispute>;
export type CheckpointTallyConnection = Connection<CheckpointTally> & { totals: () => Promise<TallyTotals> };
export type VerificationTaskConnection = Connection<VerificationRecord> & { totals: () => Promise<Record<string, number>> };

/** Totals as the verification list's lazy `totals` computes them (keyed by the GraphQL field names). */
export type VerificationTotalsRow = Record<string, number>;

/** Dispute statistics carry the raising team's / the reviewer's id; the resolvers load the record. */
interface DisputeRate {
  resolved: number;
  overturned: number;
  overturnRate: number;
  medianHoursToResolve: number | null;
}
export type TeamDisputeRateRow = DisputeRate & { teamId: string };
export type ReviewerDisputeRateRow = DisputeRate & { reviewerId: string };

/** An answer carries its inspection's checklist version so `item` can find its checklist item. */
export type InspectionAnswerRow = InspectionAnswer & { versionId: string };

/** A supply item, with the sites its delivery figures cover when it came from a filtered list. */
export type SupplyItemRow = SupplyItem | ScopedItem;
