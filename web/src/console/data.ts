import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, NetworkError, request, type TypedDocument } from '../api';
import { sessionStore } from '../offline/session';

export const token = () => sessionStore.get().session?.token ?? null;

/** A refusal or failure as the error code the UI explains (errors.* in the locale files). */
export function codeOf(err: unknown): { code: string; field?: string; detail?: string } {
  if (err instanceof ApiError) {
    if (err.code === 'UNAUTHENTICATED') sessionStore.expire();
    return { code: err.code, field: err.field, detail: err.detail };
  }
  return { code: err instanceof NetworkError ? 'NETWORK' : 'INTERNAL_SERVER_ERROR' };
}

export const call = <R, V>(doc: TypedDocument<R, V>, vars: V) => request(doc, vars, token());

/** A form that sends one mutation, shows the hub's refusal, and says when it is done. */
export function useSubmit(after: () => void = () => {}) {
  const [error, setError] = useState<ReturnType<typeof codeOf> | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const run = async (e: FormEvent | null, fn: () => Promise<unknown>) => {
    e?.preventDefault();
    setBusy(true);
    setError(null);
    setDone(false);
    try {
      await fn();
      setDone(true);
      after();
    } catch (err) {
      setError(codeOf(err));
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, done, run };
}

export interface Loaded<R> {
  data: R | null;
  error: { code: string; field?: string; detail?: string } | null;
  loading: boolean;
  reload: () => void;
}

/** One online read (the console keeps no offline copy): refetched when `key` changes, or on reload(). */
export function useQuery<R, V>(doc: TypedDocument<R, V>, vars: V | null, key: string): Loaded<R> {
  const [state, setState] = useState<{ data: R | null; error: Loaded<R>['error']; loading: boolean }>({ data: null, error: null, loading: true });
  const [n, setN] = useState(0);
  const varsRef = useRef(vars);
  varsRef.current = vars;
  useEffect(() => {
    if (varsRef.current === null) return;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    call(doc, varsRef.current).then(
      (data) => live && setState({ data, error: null, loading: false }),
      (err) => live && setState({ data: null, error: codeOf(err), loading: false }),
    );
    return () => {
      live = false;
    };
  }, [doc, key, n]);
  const reload = useCallback(() => setN((x) => x + 1), []);
  return { ...state, reload };
}

/** Local calendar dates (Asia/Shanghai) as the console's period picker uses them. */
export const SHANGHAI = '+08:00';
export const todayLocal = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
export const dayStart = (d: string) => new Date(`${d}T00:00:00${SHANGHAI}`);
export const addDays = (d: string, n: number) => new Date(dayStart(d).getTime() + n * 86_400_000 + 12 * 3_600_000).toISOString().slice(0, 10);

export interface PeriodParams {
  from: string;
  to: string;
  district: string;
  asOf: string;
}

/** The dashboard's choice, kept in the address (so a drill-down and a reload keep it). */
export function readPeriod(search: string): PeriodParams {
  const q = new URLSearchParams(search);
  const today = todayLocal();
  // By default the last seven days, today included: the trend, and today's figures in its last bar.
  return { from: q.get('from') || addDays(today, -6), to: q.get('to') || today, district: q.get('district') || '', asOf: q.get('asOf') || '' };
}

export const periodQuery = (p: PeriodParams) => new URLSearchParams(Object.entries(p).filter(([, v]) => v !== '')).toString();

/** The period as the hub takes it: from the first day's local midnight to the midnight after the last day. */
export function periodVars(p: PeriodParams) {
  return {
    period: { from: dayStart(p.from).toISOString(), to: dayStart(addDays(p.to, 1)).toISOString() },
    district: p.district || null,
    asOf: p.asOf ? new Date(`${p.asOf}${SHANGHAI}`).toISOString() : null,
  };
}
