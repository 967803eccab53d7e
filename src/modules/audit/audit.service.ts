/**
 * Audit events are written by `src/common/audit-write.ts` (shared with the state machine, which
 * writes every status change's event); the audit module re-exports it for its own callers.
 */
export { diff, recordAudit, recordAudits, type AuditInput } from '../../common/audit-write';
