import type { Connection } from '../../common/pagination';
import type { AuditEvent } from './audit-event.entity';

/** Rows the resolvers of the audit module's GraphQL types receive where that is not simply an entity (codegen mappers, scripts/codegen.ts). Types only. */
export type AuditEventConnection = Connection<AuditEvent>;
