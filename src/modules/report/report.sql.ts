/*
 * The report's SQL, one statement per section, every aggregate computed in PostgreSQL; the
 * parameters, the as-of rule and the district forms are described in report-sql.shared.ts.
 * One file per section:
 *   report-sql.inspections.ts   inspections (and the day-set form)
 *   report-sql.findings.ts      findings raised, rectification due, overdue
 *   report-disputes.ts          disputes
 *   report-sql.disinfection.ts  disinfection compliance (lapses, day sets, the entry-by-entry walk)
 *   report-sql.checkpoints.ts   checkpoint tallies
 *   report-sql.verification.ts  verification records
 *   report-sql.supplies.ts      supplies delivered
 *   report-sql.operations.ts    field operations
 *   report-sql.late.ts          later decisions (lateArrivals)
 */

export * from './report-sql.shared';
export * from './report-sql.inspections';
export * from './report-sql.findings';
export * from './report-sql.disinfection';
export * from './report-sql.checkpoints';
export * from './report-sql.verification';
export * from './report-sql.supplies';
export * from './report-sql.operations';
export * from './report-sql.late';
