import type { Connection } from '../../common/pagination';
import type { Site } from './site.entity';

/** Rows the resolvers of the site module's GraphQL types receive where that is not simply an entity (codegen mappers, scripts/codegen.ts). Types only. */
export type SiteConnection = Connection<Site>;
