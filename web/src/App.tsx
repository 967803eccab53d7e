import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Route, Switch, useLocation } from 'wouter';
import { useOnline, useOutbox, useSession } from './hooks';
import { sessionStore } from './offline/session';
import { SignIn } from './SignIn';
import { OutboxScreen, OutboxItemScreen } from './OutboxScreen';
import { TodayScreen } from './roles/inspector/TodayScreen';
import { InspectScreen } from './roles/inspector/InspectScreen';
import { FollowUpScreen } from './roles/inspector/FollowUpScreen';
import { StaffScreen } from './roles/staff/StaffScreen';
import { MySiteScreen } from './roles/manager/MySiteScreen';
import { FindingScreen } from './roles/manager/FindingScreen';
import { StaffAdminScreen } from './roles/manager/StaffAdminScreen';
import { NoticeScreen } from './roles/notice/NoticeScreen';
import { NoticesScreen } from './roles/notice/NoticesScreen';

/** The console (COMMAND, REVIEWER, ADMIN), loaded only for them: the field app's first load stays small. */
const ConsoleApp = lazy(() => import('./console/ConsoleApp'));
const CONSOLE_ROLES = new Set(['COMMAND', 'REVIEWER', 'ADMIN']);

function Header() {
  const { t, i18n } = useTranslation();
  const online = useOnline();
  const items = useOutbox();
  const { session } = useSession();
  const waiting = items?.filter((i) => i.username === session?.account.username && (i.state === 'waiting' || i.state === 'sending')).length ?? 0;
  const refused = items?.filter((i) => i.username === session?.account.username && i.state === 'refused').length ?? 0;
  const other = i18n.language === 'en' ? 'zh-CN' : 'en';
  return (
    <header className="top">
      <Link href="/" className="brand">
        {t('app.short')}
      </Link>
      <div className="top-status">
        {!online && (
          <span className="badge offline" role="status">
            {t('app.offline')}
          </span>
        )}
        {session && !CONSOLE_ROLES.has(session.account.role) && (
          <Link href="/outbox" className="badge outbox-count" aria-label={t('outbox.countLabel', { count: waiting })} data-testid="outbox-count">
            ⇅ {waiting}
            {refused > 0 && <span className="refused-dot"> !{refused}</span>}
          </Link>
        )}
        <button type="button" className="chip" lang={other} onClick={() => void i18n.changeLanguage(other)}>
          {t('app.switchLanguage')}
        </button>
      </div>
    </header>
  );
}

function RoleHome() {
  const { t } = useTranslation();
  const { session } = useSession();
  switch (session?.account.role) {
    case 'INSPECTOR':
      return <TodayScreen />;
    case 'FACILITY_MANAGER':
      return <MySiteScreen />;
    case 'FACILITY_STAFF':
      return <StaffScreen />;
    default:
      return (
        <main className="screen">
          <h1>{t('app.otherRole.title')}</h1>
          <p>{t('app.otherRole.body')}</p>
          <a href="/graphiql">GraphiQL</a>
        </main>
      );
  }
}

export function App() {
  const { t } = useTranslation();
  const { loaded, session, expired } = useSession();
  const [, navigate] = useLocation();
  if (!loaded) return null;
  return (
    <>
      <a href="#main" className="skip">
        {t('app.skip')}
      </a>
      <Header />
      <div id="main">
        {!session || expired ? (
          <SignIn />
        ) : CONSOLE_ROLES.has(session.account.role) ? (
          <Suspense fallback={<p className="screen">{t('common.loading')}</p>}>
            <ConsoleApp />
          </Suspense>
        ) : (
          <Switch>
            <Route path="/" component={RoleHome} />
            <Route path="/inspect/:siteId">{(p) => <InspectScreen siteId={p.siteId} />}</Route>
            <Route path="/follow-up" component={FollowUpScreen} />
            <Route path="/outbox" component={OutboxScreen} />
            <Route path="/outbox/:id">{(p) => <OutboxItemScreen id={p.id} />}</Route>
            <Route path="/findings/:id">{(p) => <FindingScreen findingId={p.id} />}</Route>
            <Route path="/staff" component={StaffAdminScreen} />
            <Route path="/notices" component={NoticesScreen} />
            <Route path="/notices/:id">{(p) => <NoticeScreen inspectionId={p.id} />}</Route>
            <Route path="/record" component={StaffScreen} />
            <Route>
              <main className="screen">
                <h1>{t('app.notFound')}</h1>
                <Link href="/">{t('app.home')}</Link>
              </main>
            </Route>
          </Switch>
        )}
      </div>
      {session && !expired && (
        <footer className="bottom">
          <span>{session.account.displayName}</span>
          <button
            type="button"
            className="link"
            onClick={() => {
              void sessionStore.signOut();
              navigate('/');
            }}
          >
            {t('app.signOut')}
          </button>
        </footer>
      )}
    </>
  );
}
