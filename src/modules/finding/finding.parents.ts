import type { Connection } from '../../common/pagination';
import type { Finding } from './finding.entity';

/** Rows the resolvers of the finding module's GraphQL types receive where that is not simply an entity (codegen mappers, scripts/codegen.ts). Types only. */
export type FindingConnection = Connection<Finding>;
