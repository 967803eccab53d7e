import { useEffect, useState, useSyncExternalStore } from 'react';
import { sessionStore } from './offline/session';
import { listOutbox, outboxEvents, type OutboxItem } from './offline/outbox';

export const useSession = () => useSyncExternalStore(sessionStore.subscribe, sessionStore.get);

export function useOnline(): boolean {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);
  return online;
}

/** Every outbox item, refreshed whenever one changes (in this tab or another). */
export function useOutbox(): OutboxItem[] | null {
  const v = useSyncExternalStore(outboxEvents.subscribe, outboxEvents.version);
  const [items, setItems] = useState<OutboxItem[] | null>(null);
  useEffect(() => {
    let live = true;
    void listOutbox().then((l) => live && setItems(l));
    return () => {
      live = false;
    };
  }, [v]);
  return items;
}
