/** A finding's statuses (no TypeORM here: SQL builders and the unit tier import it). */
export const FINDING_STATUSES = ['OPEN', 'RECTIFICATION_SUBMITTED', 'VERIFIED', 'DISPUTED', 'WITHDRAWN'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];
/**
 * Statuses in which a finding is settled: never overdue, nothing left to do. The one definition,
 * for TypeScript and (through `settledSql`) for SQL.
 */
export const SETTLED_STATUSES: readonly FindingStatus[] = Object.freeze(['VERIFIED', 'WITHDRAWN'] as const);
const SETTLED_LIST = SETTLED_STATUSES.map((s) => `'${s}'`).join(',');
/** SQL: `<col> IN ('VERIFIED','WITHDRAWN')`, or with `open` true `<col> NOT IN (…)` (the finding still needs something). */
export const settledSql = (col: string, open = false) => `${col} ${open ? 'NOT IN' : 'IN'} (${SETTLED_LIST})`;
