import { useTranslation } from 'react-i18next';
import { Link, Route, Switch, useLocation } from 'wouter';
import { useSession } from '../hooks';
import { Dashboard } from './Dashboard';
import { DrillDown } from './Drill';
import { ReportDrill } from './ReportDrill';
import { DisputeCase, InspectionDetail } from './Records';
import { LivePanel } from './Live';
import { PrintReport } from './PrintReport';
import { SitesTable } from './Sites';
import { AuditTrail, ReviewerDesk } from './Reviewer';
import { AdminPeople, Profiles } from './Admin';
import { Checklists } from './Checklists';
import i18n from '../i18n';
import consoleZh from '../i18n/console.zh-CN.json';
import consoleEn from '../i18n/console.en.json';

// The console's strings come with the console's chunk (the field app's first load does not carry them).
i18n.addResourceBundle('zh-CN', 'translation', consoleZh, true, true);
i18n.addResourceBundle('en', 'translation', consoleEn, true, true);


const NAV: Record<string, [string, string][]> = {
  COMMAND: [
    ['/', 'dashboard'],
    ['/console/live', 'live'],
    ['/console/sites', 'sites'],
  ],
  REVIEWER: [
    ['/', 'disputes'],
    ['/console/audit', 'audit'],
    ['/console/dashboard', 'dashboard'],
    ['/console/sites', 'sites'],
  ],
  ADMIN: [
    ['/', 'people'],
    ['/console/checklists', 'checklists'],
    ['/console/profiles', 'profiles'],
    ['/console/audit', 'audit'],
    ['/console/dashboard', 'dashboard'],
  ],
};

function Home() {
  const { session } = useSession();
  switch (session?.account.role) {
    case 'COMMAND':
      return <Dashboard />;
    case 'REVIEWER':
      return <ReviewerDesk />;
    default:
      return <AdminPeople />;
  }
}

/** The console of the command centre, reviewers and administrators: a wide layout with a side menu by role. */
export default function ConsoleApp() {
  const { t } = useTranslation();
  const { session } = useSession();
  const [location] = useLocation();
  const nav = NAV[session?.account.role ?? ''] ?? [];
  return (
    <div className="console">
      <nav className="console-nav no-print" aria-label={t('console.nav.label')}>
        <ul>
          {nav.map(([href, key]) => (
            <li key={href}>
              <Link href={href} aria-current={location === href ? 'page' : undefined}>
                {t(`console.nav.${key}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <Switch>
        <Route path="/" component={Home} />
        <Route path="/console/dashboard" component={Dashboard} />
        <Route path="/console/list/findings">{() => <DrillDown kind="findings" />}</Route>
        <Route path="/console/list/inspections">{() => <DrillDown kind="inspections" />}</Route>
        <Route path="/console/list/disputes">{() => <ReportDrill kind="disputes" />}</Route>
        <Route path="/console/list/checkpoint">{() => <ReportDrill kind="checkpoint" />}</Route>
        <Route path="/console/list/verification">{() => <ReportDrill kind="verification" />}</Route>
        <Route path="/console/list/supplies">{() => <ReportDrill kind="supplies" />}</Route>
        <Route path="/console/inspections/:id">{(p) => <InspectionDetail id={p.id} />}</Route>
        <Route path="/console/disputes/:id">{(p) => <DisputeCase id={p.id} />}</Route>
        <Route path="/console/live" component={LivePanel} />
        <Route path="/console/print" component={PrintReport} />
        <Route path="/console/sites" component={SitesTable} />
        <Route path="/console/audit" component={AuditTrail} />
        <Route path="/console/checklists" component={Checklists} />
        <Route path="/console/profiles" component={Profiles} />
        <Route>
          <main className="console-main">
            <h1>{t('app.notFound')}</h1>
            <Link href="/">{t('app.home')}</Link>
          </main>
        </Route>
      </Switch>
    </div>
  );
}
