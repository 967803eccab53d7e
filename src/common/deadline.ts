import { GraphQLError, type ExecutionResult } from 'graphql';
import { AppError } from './errors';
import { requestScope, type RequestScope } from './request-context';

/**
 * The wall-clock budget of one GraphQL operation (REQUEST_TIMEOUT_MS). From the moment execution
 * starts, the request's deadline is kept in its scope: a statement the request would send after it
 * is refused before it reaches the database (src/db/data-source.ts), so a mutation past its budget
 * rolls back rather than half-finish, and its connection goes back to the pool. A query (read-only)
 * is also answered the moment the budget runs out; what it still had in flight ends at its
 * statement's end (STATEMENT_TIMEOUT_MS at the latest) and sends nothing more. A mutation is never
 * answered early: its answer must say whether it committed.
 */
export async function withDeadline(budgetMs: number, answerEarly: boolean, run: () => Promise<ExecutionResult>): Promise<ExecutionResult> {
  if (!budgetMs) return run();
  const scope = requestScope.getStore();
  if (scope) scope.deadline = Date.now() + budgetMs;
  if (!answerEarly) return run();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<ExecutionResult>((resolve) => {
    timer = setTimeout(() => resolve({ errors: [new GraphQLError(deadlineMessage(budgetMs), { extensions: { code: 'SERVICE_UNAVAILABLE', reason: 'TIMEOUT' } })] }), budgetMs);
  });
  const work = run();
  work.catch(() => undefined); // answered late or not, its failure is not unhandled
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

const deadlineMessage = (budgetMs: number) => `the operation ran past its budget of ${budgetMs} ms (REQUEST_TIMEOUT_MS) and was stopped; retry later or ask for less`;

/** Statements that end a transaction's failure are always let through. */
const CLEANUP = /^\s*(ROLLBACK|RELEASE)\b/i;

/** Called before every statement a request sends: refuses it once the request's budget is spent. */
export function refuseStatementPastDeadline(sql: string): void {
  const scope = requestScope.getStore();
  if (scope?.deadline !== undefined && Date.now() > scope.deadline && !CLEANUP.test(sql)) {
    throw new AppError('SERVICE_UNAVAILABLE', `the operation ran past its budget (REQUEST_TIMEOUT_MS) and was stopped; retry later or ask for less`, { reason: 'TIMEOUT' });
  }
}

/**
 * Runs background work started by a request (sealing the audit chain, building report day sets)
 * free of the request's deadline: its statements still count for the request.
 */
export function withoutDeadline<T>(work: () => Promise<T>): Promise<T> {
  const parent = requestScope.getStore();
  if (parent?.deadline === undefined) return work();
  const scope: RequestScope = {
    get requestId() {
      return parent.requestId;
    },
    get sqlStatements() {
      return parent.sqlStatements;
    },
    set sqlStatements(n: number) {
      parent.sqlStatements = n;
    },
  };
  return requestScope.run(scope, work);
}
