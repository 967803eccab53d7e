import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What follows one HTTP request through every await: its id (logged, written into audit events)
 * and how many SQL statements it ran (reported in the `x-sql-statements` response header outside
 * production, so tests can show that a query's statement count does not grow with its rows).
 */
export interface RequestScope {
  requestId: string;
  sqlStatements: number;
  /** Epoch ms after which the request may send no more statements (src/common/deadline.ts). */
  deadline?: number;
}

export const requestScope = new AsyncLocalStorage<RequestScope>();
