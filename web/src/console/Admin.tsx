import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ConsoleAdminDocument,
  ConsoleBindManagerDocument,
  ConsoleCreateAccountDocument,
  ConsoleCreateAgencyDocument,
  ConsoleCreateTeamDocument,
  ConsoleProfilesDocument,
  ConsoleSetAccountActiveDocument,
  ConsoleUpdateProfileDocument,
  type AgencyKind,
  type ConsoleProfilesQuery,
  type Role,
} from './graphql/__generated__/graphql';
import { Section } from '../ui/components';
import { useSession } from '../hooks';
import { ConsoleError } from './ConsoleError';
import { call, useQuery, useSubmit } from './data';

const ROLES: Role[] = ['ADMIN', 'COMMAND', 'INSPECTOR', 'FACILITY_MANAGER', 'REVIEWER'];
const AGENCY_KINDS: AgencyKind[] = ['POLICE', 'MARKET_REGULATION', 'HEALTH', 'TRANSPORT', 'TOWNSHIP', 'OTHER'];

function Form({ label, onSubmit, busy, error, done, children, submit }: { label: string; onSubmit: (e: FormEvent) => void; busy: boolean; error: { code: string; field?: string } | null; done: boolean; children: ReactNode; submit: string }) {
  const { t } = useTranslation();
  return (
    <form className="filters" aria-label={label} onSubmit={onSubmit}>
      {children}
      <button type="submit" className="button primary" disabled={busy}>
        {submit}
      </button>
      {done && <p role="status">{t('console.admin.saved')}</p>}
      <div className="full">
        <ConsoleError error={error} />
      </div>
    </form>
  );
}

/** Accounts, agencies, joint teams and manager bindings. */
export function AdminPeople() {
  const { t } = useTranslation();
  const { session } = useSession();
  const q = useQuery(ConsoleAdminDocument, {}, 'admin');
  const d = q.data;
  const acc = useSubmit(q.reload);
  const ag = useSubmit(q.reload);
  const team = useSubmit(q.reload);
  const bind = useSubmit(q.reload);
  const toggle = useSubmit(q.reload);
  const [a, setA] = useState({ username: '', displayName: '', password: '', role: 'INSPECTOR' as Role, agencyId: '' });
  const [g, setG] = useState({ code: '', name: '', kind: 'POLICE' as AgencyKind });
  const [tm, setTm] = useState({ name: '', leaderId: '', memberIds: [] as string[] });
  const [b, setB] = useState({ siteId: '', accountId: '' });
  const inspectors = d?.accounts.filter((x) => x.role === 'INSPECTOR' && x.active) ?? [];
  return (
    <main className="console-main">
      <h1>{t('console.admin.people')}</h1>
      <ConsoleError error={q.error} />
      <Section title={t('console.admin.accounts')}>
        <table className="table" data-testid="accounts">
          <thead>
            <tr>
              <th scope="col">{t('console.admin.username')}</th>
              <th scope="col">{t('console.admin.displayName')}</th>
              <th scope="col">{t('console.admin.role')}</th>
              <th scope="col">{t('console.admin.agency')}</th>
              <th scope="col">{t('console.admin.sites')}</th>
              <th scope="col">{t('console.admin.active')}</th>
            </tr>
          </thead>
          <tbody>
            {d?.accounts.map((x) => (
              <tr key={x.id}>
                <th scope="row">{x.username}</th>
                <td>{x.displayName}</td>
                <td>{t(`console.role.${x.role}`)}</td>
                <td>{x.agency?.name ?? '—'}</td>
                <td>{x.managedSites.map((s) => s.name).join('、') || '—'}</td>
                <td>
                  {x.active ? t('console.admin.isActive') : t('console.admin.isInactive')} ·{' '}
                  <button type="button" className="link" disabled={toggle.busy || x.username === session?.account.username} onClick={() => void toggle.run(null, () => call(ConsoleSetAccountActiveDocument, { input: { accountId: x.id, active: !x.active } }))}>
                    {x.active ? t('console.admin.deactivate', { name: x.username }) : t('console.admin.reactivate', { name: x.username })}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <ConsoleError error={toggle.error} />
        <h3>{t('console.admin.newAccount')}</h3>
        <Form
          label={t('console.admin.newAccount')}
          submit={t('console.admin.create')}
          {...acc}
          onSubmit={(e) => void acc.run(e, () => call(ConsoleCreateAccountDocument, { input: { username: a.username.trim(), displayName: a.displayName.trim(), password: a.password, role: a.role, agencyId: a.agencyId || null } }))}
        >
          <label>
            {t('console.admin.username')}
            <input required value={a.username} onChange={(e) => setA({ ...a, username: e.target.value })} />
          </label>
          <label>
            {t('console.admin.displayName')}
            <input required value={a.displayName} onChange={(e) => setA({ ...a, displayName: e.target.value })} />
          </label>
          <label>
            {t('console.admin.password')}
            <input required type="password" autoComplete="new-password" minLength={8} value={a.password} onChange={(e) => setA({ ...a, password: e.target.value })} />
          </label>
          <label>
            {t('console.admin.role')}
            <select value={a.role} onChange={(e) => setA({ ...a, role: e.target.value as Role })}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`console.role.${r}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('console.admin.agency')}
            <select value={a.agencyId} onChange={(e) => setA({ ...a, agencyId: e.target.value })}>
              <option value="">—</option>
              {d?.agencies.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name}
                </option>
              ))}
            </select>
          </label>
        </Form>
      </Section>
      <Section title={t('console.admin.agencies')}>
        <ul className="plain">
          {d?.agencies.map((x) => (
            <li key={x.id}>
              <strong>{x.code}</strong> {x.name} · {t(`console.agencyKind.${x.kind}`, { defaultValue: x.kind })}
            </li>
          ))}
        </ul>
        <Form label={t('console.admin.newAgency')} submit={t('console.admin.create')} {...ag} onSubmit={(e) => void ag.run(e, () => call(ConsoleCreateAgencyDocument, { input: { code: g.code.trim(), name: g.name.trim(), kind: g.kind } }))}>
          <label>
            {t('console.admin.code')}
            <input required value={g.code} onChange={(e) => setG({ ...g, code: e.target.value })} />
          </label>
          <label>
            {t('console.admin.name')}
            <input required value={g.name} onChange={(e) => setG({ ...g, name: e.target.value })} />
          </label>
          <label>
            {t('console.admin.kind')}
            <select value={g.kind} onChange={(e) => setG({ ...g, kind: e.target.value as AgencyKind })}>
              {AGENCY_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`console.agencyKind.${k}`, { defaultValue: k })}
                </option>
              ))}
            </select>
          </label>
        </Form>
      </Section>
      <Section title={t('console.admin.teams')}>
        <ul className="cards">
          {d?.inspectionTeams.map((x) => (
            <li key={x.id} className="card">
              <strong>{x.name}</strong> {x.agencies.length > 1 && <span className="badge">{t('console.admin.joint')}</span>}
              <div className="meta">
                {x.members.map((m) => `${m.account.displayName}${m.isLeader ? `（${t('console.admin.leader')}）` : ''}${m.account.agency ? ` · ${m.account.agency.name}` : ''}`).join('；')}
              </div>
            </li>
          ))}
        </ul>
        <Form
          label={t('console.admin.newTeam')}
          submit={t('console.admin.create')}
          {...team}
          onSubmit={(e) => void team.run(e, () => call(ConsoleCreateTeamDocument, { input: { name: tm.name.trim(), leaderId: tm.leaderId, memberIds: tm.memberIds } }))}
        >
          <label>
            {t('console.admin.name')}
            <input required value={tm.name} onChange={(e) => setTm({ ...tm, name: e.target.value })} />
          </label>
          <label>
            {t('console.admin.leader')}
            <select required value={tm.leaderId} onChange={(e) => setTm({ ...tm, leaderId: e.target.value })}>
              <option value="">{t('console.choose')}</option>
              {inspectors.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.displayName}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('console.admin.members')}
            <select multiple value={tm.memberIds} onChange={(e) => setTm({ ...tm, memberIds: [...e.target.selectedOptions].map((o) => o.value) })}>
              {inspectors.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.displayName} · {x.agency?.name ?? '—'}
                </option>
              ))}
            </select>
          </label>
        </Form>
      </Section>
      <Section title={t('console.admin.bindings')}>
        <Form label={t('console.admin.bind')} submit={t('console.admin.bind')} {...bind} onSubmit={(e) => void bind.run(e, () => call(ConsoleBindManagerDocument, { input: b }))}>
          <label>
            {t('console.col.site')}
            <select required value={b.siteId} onChange={(e) => setB({ ...b, siteId: e.target.value })}>
              <option value="">{t('console.choose')}</option>
              {d?.sites.nodes.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('console.admin.manager')}
            <select required value={b.accountId} onChange={(e) => setB({ ...b, accountId: e.target.value })}>
              <option value="">{t('console.choose')}</option>
              {d?.accounts
                .filter((x) => x.role === 'FACILITY_MANAGER')
                .map((x) => (
                  <option key={x.id} value={x.id}>
                    {x.displayName}
                  </option>
                ))}
            </select>
          </label>
        </Form>
      </Section>
    </main>
  );
}

type Profile = ConsoleProfilesQuery['standardProfiles'][number];
const NUMERIC = ['passMark', 'criticalDeadlineHours', 'majorDeadlineHours', 'minorDeadlineHours', 'reinspectionIntervalDays', 'disputeLodgingWindowDays', 'disputeResolutionDays'] as const;

/** Standard profiles per site kind; the hub's refusal (detention must stay stricter) is shown as a message. */
export function Profiles() {
  const { t } = useTranslation();
  const q = useQuery(ConsoleProfilesDocument, {}, 'profiles');
  return (
    <main className="console-main">
      <h1>{t('console.admin.profiles')}</h1>
      <p className="hint">{t('console.admin.profilesHint')}</p>
      <ConsoleError error={q.error} />
      <div className="profile-grid">
        {q.data?.standardProfiles.map((p) => (
          <ProfileForm key={`${p.siteKind}:${p.version}`} p={p} onSaved={q.reload} />
        ))}
      </div>
    </main>
  );
}

function ProfileForm({ p, onSaved }: { p: Profile; onSaved: () => void }) {
  const { t } = useTranslation();
  const [v, setV] = useState<Record<string, string>>(Object.fromEntries(NUMERIC.map((k) => [k, String(p[k])])));
  const [evidence, setEvidence] = useState(p.evidenceMandatory);
  const s = useSubmit(onSaved);
  const changed = Object.fromEntries(NUMERIC.filter((k) => Number(v[k]) !== p[k]).map((k) => [k, Number(v[k])]));
  return (
    <form
      className="card form"
      aria-label={t(`siteKind.${p.siteKind}`)}
      data-testid={`profile-${p.siteKind}`}
      onSubmit={(e) => void s.run(e, () => call(ConsoleUpdateProfileDocument, { input: { siteKind: p.siteKind, version: p.version, ...changed, ...(evidence !== p.evidenceMandatory ? { evidenceMandatory: evidence } : {}) } }))}
    >
      <h2>
        {t(`siteKind.${p.siteKind}`)} <span className="meta">v{p.version}</span>
      </h2>
      <div className="two">
        {NUMERIC.map((k) => (
          <label key={k}>
            {t(`console.profile.${k}`)}
            <input type="number" min={0} required value={v[k]} onChange={(e) => setV({ ...v, [k]: e.target.value })} />
          </label>
        ))}
      </div>
      <label className="check">
        <input type="checkbox" checked={evidence} onChange={(e) => setEvidence(e.target.checked)} />
        {t('console.profile.evidenceMandatory')}
      </label>
      <ConsoleError error={s.error} />
      <button type="submit" className="button secondary" disabled={s.busy}>
        {t('console.admin.save')}
      </button>
    </form>
  );
}
