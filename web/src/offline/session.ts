import { getSession, putSession, type Session } from './db';

export interface SessionState {
  loaded: boolean;
  session: Session | null;
  /** The token ran out or the server refused it: sign in again (the outbox is kept). */
  expired: boolean;
}

let state: SessionState = { loaded: false, session: null, expired: false };
const listeners = new Set<() => void>();
const set = (s: Partial<SessionState>) => {
  state = { ...state, ...s };
  for (const l of listeners) l();
};

export const sessionStore = {
  get: () => state,
  subscribe(l: () => void) {
    listeners.add(l);
    return () => void listeners.delete(l);
  },
  async load() {
    const session = await getSession();
    set({ loaded: true, session, expired: !!session && new Date(session.expiresAt) <= new Date() });
  },
  async signIn(session: Session) {
    await putSession(session);
    set({ session, expired: false });
  },
  expire() {
    set({ expired: true });
  },
  async signOut() {
    await putSession(null);
    set({ session: null, expired: false });
  },
};
