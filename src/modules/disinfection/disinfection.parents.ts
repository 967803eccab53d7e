import type { Connection } from '../../common/pagination';
import type { EntryRow } from './disinfection.read';

/** Rows the resolvers of the disinfection module's GraphQL types receive where that is not simply an entity (codegen mappers, scripts/codegen.ts). Types only. */
export type DisinfectionEntryConnection = Connection<EntryRow>;
