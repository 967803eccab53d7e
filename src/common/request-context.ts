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
  /**
   * Outside production: sets the x-sql-statements header now. The header is otherwise set as the
   * response ends; a handler that writes its body in pieces (src/read-compiler/raw-response.ts)
   * sends the headers with the first piece, so it calls this before.
   */
  stampStatements?: () => void;
}

export const requestScope = new AsyncLocalStorage<RequestScope>();
