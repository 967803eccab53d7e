import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ConsoleRouteTaskDocument, ConsoleVerificationBoardDocument, type BoardTaskFragment, type ConsoleVerificationBoardQuery } from './graphql/__generated__/graphql';
import { Section } from '../ui/components';
import { fmtDateTime } from '../ui/format';
import { ConsoleError } from './ConsoleError';
import { call, useQuery, useSubmit, type Loaded } from './data';

const COLUMNS = ['received', 'routed', 'verifying', 'answered'] as const;
const STATUS = { received: 'RECEIVED', routed: 'ROUTED', verifying: 'VERIFYING', answered: 'ANSWERED' } as const;

/** The board's data; the live panel reloads it on every feed event. */
export const useVerificationBoard = () => useQuery(ConsoleVerificationBoardDocument, {}, 'verification-board');

/**
 * The verification-task board (区域协查): the tasks by status, newest first, and for the command
 * centre a form on each task not yet being verified to route it (again) to a unit, an agency,
 * through routeVerificationTask with the version it saw (a stale version is CONFLICT, shown).
 */
export function VerificationBoard({ board, mayRoute }: { board: Loaded<ConsoleVerificationBoardQuery>; mayRoute: boolean }) {
  const { t } = useTranslation();
  const d = board.data;
  return (
    <Section title={t('console.board.title')}>
      <ConsoleError error={board.error} />
      <div className="board" data-testid="verification-board">
        {COLUMNS.map((c) => (
          <section key={c} className="board-col" aria-label={t(`console.vstatus.${STATUS[c]}`)} data-testid={`board-${STATUS[c]}`}>
            <h3>
              {t(`console.vstatus.${STATUS[c]}`)}（{d?.[c].totalCount ?? '…'}）
            </h3>
            {d?.[c].nodes.map((task) => (
              <div key={task.id} className={`board-card ${task.overdue ? 'overdue' : ''}`} data-testid="board-card">
                <strong>{task.externalRef}</strong> · {task.personName}
                <div className="meta">{task.reason}</div>
                <div className="meta">
                  {task.routedUnit ? `${t('console.col.unit')}：${task.routedUnit.name}` : t('console.board.unrouted')}
                  {task.deadline && ` · ${t('console.col.deadline')}：${fmtDateTime(task.deadline)}`}
                  {task.overdue && ` · ${t('console.board.overdue')}`}
                  {task.result && ` · ${t(`console.vresult.${task.result}`)}`}
                </div>
                {mayRoute && (task.status === 'RECEIVED' || task.status === 'ROUTED') && <RouteForm task={task} agencies={d.agencies} onDone={board.reload} />}
              </div>
            ))}
          </section>
        ))}
      </div>
    </Section>
  );
}

function RouteForm({ task, agencies, onDone }: { task: BoardTaskFragment; agencies: { id: string; name: string }[]; onDone: () => void }) {
  const { t } = useTranslation();
  const [unit, setUnit] = useState(task.routedUnit?.id ?? '');
  const { error, busy, run } = useSubmit(onDone);
  const submit = (e: FormEvent) => void run(e, () => call(ConsoleRouteTaskDocument, { input: { id: task.id, version: task.version, unitId: unit } }));
  return (
    <form className="inline-form" onSubmit={submit}>
      <label>
        <span className="visually-hidden">{t('console.board.unitFor', { ref: task.externalRef })}</span>
        <select required value={unit} onChange={(e) => setUnit(e.target.value)}>
          <option value="">{t('console.choose')}</option>
          {agencies.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="button secondary" disabled={busy || !unit || unit === task.routedUnit?.id}>
        {task.routedUnit ? t('console.board.reroute') : t('console.board.route')}
      </button>
      <ConsoleError error={error} />
    </form>
  );
}
