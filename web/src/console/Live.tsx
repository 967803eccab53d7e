import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { createClient, type Client } from 'graphql-ws';
import { ConsoleEventsDocument, ConsoleLiveDocument, type ConsoleEventsSubscription } from './graphql/__generated__/graphql';
import { useSession } from '../hooks';
import { Section } from '../ui/components';
import { fmtDateTime } from '../ui/format';
import { ConsoleError } from './ConsoleError';
import { token, useQuery } from './data';
import { AssignForm } from './Records';
import { useVerificationBoard, VerificationBoard } from './VerificationBoard';

type HubEvent = ConsoleEventsSubscription['events'];
const CURSOR_KEY = 'epi-console-cursor';

/**
 * The live event stream over graphql-ws, resumable: the last cursor received is kept (session
 * storage), and a dropped connection subscribes again with `after: cursor`, so nothing is missed
 * and nothing shown twice. A cursor the hub no longer knows (older than retention) starts afresh.
 */
function useEvents(onEvent: () => void): { events: HubEvent[]; state: 'connecting' | 'live' | 'retrying' } {
  const [events, setEvents] = useState<HubEvent[]>([]);
  const [state, setState] = useState<'connecting' | 'live' | 'retrying'>('connecting');
  const cb = useRef(onEvent);
  cb.current = onEvent;
  useEffect(() => {
    const seen = new Set<string>();
    let stopped = false;
    let unsubscribe: (() => void) | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
    const client: Client = createClient({ url, connectionParams: () => ({ Authorization: `Bearer ${token()}` }), retryAttempts: 0, lazy: true, on: { connected: () => setState('live') } });
    const start = () => {
      if (stopped) return;
      const after = sessionStorage.getItem(CURSOR_KEY);
      unsubscribe = client.subscribe<ConsoleEventsSubscription>(
        { query: ConsoleEventsDocument.toString(), variables: { after } },
        {
          next: (msg) => {
            if (msg.errors?.length) {
              // A cursor the feed no longer knows: start from now and reload what is shown.
              if (msg.errors.some((e) => (e.extensions as { field?: string } | undefined)?.field === 'after')) sessionStorage.removeItem(CURSOR_KEY);
              return;
            }
            const e = msg.data?.events;
            if (!e || seen.has(e.id)) return;
            seen.add(e.id);
            sessionStorage.setItem(CURSOR_KEY, e.cursor);
            setEvents((l) => [e, ...l].slice(0, 100));
            cb.current();
          },
          error: () => retry(),
          complete: () => retry(),
        },
      );
    };
    const retry = () => {
      if (stopped) return;
      setState('retrying');
      timer = setTimeout(start, 3000);
    };
    start();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      unsubscribe?.();
      void client.dispose();
    };
  }, []);
  return { events, state };
}

export function LivePanel() {
  const { t } = useTranslation();
  const { session } = useSession();
  const live = useQuery(ConsoleLiveDocument, {}, 'live');
  const board = useVerificationBoard();
  const reloadSoon = useRef<ReturnType<typeof setTimeout> | null>(null);
  const { events, state } = useEvents(() => {
    if (reloadSoon.current) clearTimeout(reloadSoon.current);
    reloadSoon.current = setTimeout(() => {
      live.reload();
      board.reload();
    }, 500);
  });
  const d = live.data;
  const mayAssign = session?.account.role === 'COMMAND' || session?.account.role === 'REVIEWER';
  return (
    <main className="console-main">
      <h1>{t('console.live.title')}</h1>
      <p className="meta" role="status">
        {t(`console.live.state.${state}`)}
      </p>
      <ConsoleError error={live.error} />
      <div className="live-grid">
        <Section title={t('console.live.events')}>
          {events.length === 0 && <p className="hint">{t('console.live.noEvents')}</p>}
          {/* Scrolls once the stream is longer than the panel: focusable, so the keyboard can scroll it too. */}
          <ol className="events" data-testid="live-events" tabIndex={0} aria-label={t('console.live.events')}>
            {events.map((e) => (
              <li key={e.id} className={`event ev-${e.kind}`}>
                <span className="meta">{fmtDateTime(e.occurredAt)}</span> <strong>{t(`console.eventKind.${e.kind}`, { defaultValue: e.kind })}</strong>
                <div>{e.message}</div>
              </li>
            ))}
          </ol>
        </Section>
        <Section title={t('console.live.overdue', { count: d?.overdue.totalCount ?? 0 })}>
          <ul className="plain">
            {d?.overdue.nodes.map((f) => (
              <li key={f.id}>
                <span className={`badge sev-${f.severity}`}>{t(`severity.${f.severity}`)}</span> {f.escalated && <strong className="warn">{t('console.live.escalated')} </strong>}
                <Link href={`/console/inspections/${f.inspection.id}#finding-${f.id}`}>{f.title}</Link> · {f.site.name} · {fmtDateTime(f.deadline)}
              </li>
            ))}
          </ul>
        </Section>
        <Section title={t('console.live.breach', { count: d?.sitesInBreach.length ?? 0 })}>
          <ul className="plain">
            {d?.sitesInBreach.map((b) => (
              <li key={b.site.id}>
                <strong>{b.site.name}</strong> · {b.site.district} — {b.areas.map((a) => `${t(`area.${a.area}`, { defaultValue: a.area })} ${a.hoursSince == null ? t('console.live.never') : t('console.live.hours', { n: Math.round(a.hoursSince) })}`).join('、')}
              </li>
            ))}
          </ul>
        </Section>
        <Section title={t('console.live.queue', { count: d?.queue.totalCount ?? 0 })}>
          <table className="table" data-testid="dispute-queue">
            <thead>
              <tr>
                <th scope="col">{t('console.col.site')}</th>
                <th scope="col">{t('console.col.finding')}</th>
                <th scope="col">{t('console.col.due')}</th>
                <th scope="col">{t('console.dispute.reviewer')}</th>
              </tr>
            </thead>
            <tbody>
              {d?.queue.nodes.map((q) => (
                <tr key={q.id} className={q.overdue ? 'warn' : ''}>
                  <td>
                    <Link href={`/console/disputes/${q.id}`}>{q.site.name}</Link>
                  </td>
                  <td>{q.finding?.title ?? '—'}</td>
                  <td>{fmtDateTime(q.resolutionDueAt)}</td>
                  <td>{mayAssign ? <AssignForm compact dispute={q} onDone={live.reload} /> : (q.reviewer?.displayName ?? '—')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Section>
      </div>
      <VerificationBoard board={board} mayRoute={session?.account.role === 'COMMAND'} />
    </main>
  );
}
