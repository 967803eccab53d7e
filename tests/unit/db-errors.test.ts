import { locatedError } from 'graphql';
import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable, isLostConnection } from '../../src/common/errors';

const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });
const wrapped = (driverError: Error) => new QueryFailedError('SELECT 1', [], driverError);

describe('database errors', () => {
  it('a terminated or dropped connection is lost (ask again) and unavailable', () => {
    for (const err of [
      wrapped(pgError('57P01', 'terminating connection due to administrator command')),
      new Error('Connection terminated unexpectedly'),
      Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
      new Error('Client has encountered a connection error and is not queryable'),
    ]) {
      expect([isLostConnection(err), isDatabaseUnavailable(err)]).toEqual([true, true]);
    }
  });

  it('a refused connection is unavailable but not lost: asking again at once would not help', () => {
    for (const err of [
      pgError('55000', 'database "x" is not currently accepting connections'),
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      pgError('57P03', 'the database system is starting up'),
    ]) {
      expect(isLostConnection(err)).toBe(false);
    }
    expect(isDatabaseUnavailable(pgError('57P03', 'the database system is starting up'))).toBe(true);
  });

  it('PostgreSQL answering with an error is neither', () => {
    const err = wrapped(pgError('23505', 'duplicate key value violates unique constraint'));
    expect([isLostConnection(err), isDatabaseUnavailable(err)]).toEqual([false, false]);
  });

  it('a socket error graphql-js did not take for an Error (another realm) is still unavailable', () => {
    // What a resolver's ECONNRESET became under jest (db-lost, a sign-in while backends were killed):
    // a GraphQLError whose originalError is graphql's NonErrorThrown holding the socket error.
    const wrapped = locatedError({ errno: -104, code: 'ECONNRESET', syscall: 'read' }, undefined);
    expect(wrapped.originalError?.name).toBe('NonErrorThrown');
    expect(isDatabaseUnavailable(wrapped)).toBe(true);
  });
});
