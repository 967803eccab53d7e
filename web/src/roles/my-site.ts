import { useSyncExternalStore } from 'react';
import { useRead } from '../offline/reads';
import { sessionStore } from '../offline/session';
import { fetchMySites } from './site-data';

/**
 * The site a manager (or staff member) works on now. A manager bound to several sites picks one on
 * *My site*; the choice is kept on the device per account, and every site screen follows it. With
 * no choice (or one no longer bound) it is the first of the account's sites.
 */
const listeners = new Set<() => void>();
const keyFor = () => `epi-site:${sessionStore.get().session?.account.username ?? ''}`;
const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => void listeners.delete(l);
};

export function chooseSite(id: string) {
  localStorage.setItem(keyFor(), id);
  for (const l of listeners) l();
}

export function useMySite() {
  const sites = useRead('mySites', fetchMySites);
  const chosen = useSyncExternalStore(subscribe, () => localStorage.getItem(keyFor()));
  const site = sites.data?.find((s) => s.id === chosen) ?? sites.data?.[0];
  return { sites, site };
}
