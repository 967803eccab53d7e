import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { ConsoleAssignDisputeDocument, ConsoleCommentOnDisputeDocument, ConsoleDisputeDocument, ConsoleInspectionDocument, ConsoleResolveDisputeDocument, ConsoleReviewersDocument, type DisputeOutcome, type Severity } from './graphql/__generated__/graphql';
import { useSession } from '../hooks';
import { AuthImage } from '../ui/AuthImage';
import { ErrorNote, Section } from '../ui/components';
import { ConsoleError } from './ConsoleError';
import { fmtDateTime } from '../ui/format';
import { call, useQuery, useSubmit } from './data';

/** One inspection: site, team, checklist version, score and outcome, answers, findings. */
export function InspectionDetail({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const q = useQuery(ConsoleInspectionDocument, { id }, id);
  const i = q.data?.inspection;
  if (q.error) return <main className="console-main"><ErrorNote code={q.error.code} /></main>;
  if (!i) return <main className="console-main">{q.loading ? t('common.loading') : t('app.notFound')}</main>;
  return (
    <main className="console-main">
      <h1>{t('console.inspection.title', { site: i.site.name })}</h1>
      <dl className="facts">
        <dt>{t('console.col.team')}</dt>
        <dd>{i.team.name} ({i.team.agencies.map((a) => a.name).join('、')})</dd>
        <dt>{t('console.inspection.checklist')}</dt>
        <dd>{i.checklistVersion.template.name} · v{i.checklistVersion.number}</dd>
        <dt>{t('console.col.submittedAt')}</dt>
        <dd>{fmtDateTime(i.submittedAt)}</dd>
        <dt>{t('console.col.outcome')}</dt>
        <dd className={`outcome-${i.outcome}`}>
          {i.outcome ? t(`outcome.${i.outcome}`) : t(`console.inspStatus.${i.status}`)}
          {i.adjustedOutcome && ` → ${t(`outcome.${i.adjustedOutcome}`)} (${t('console.inspection.afterDisputes')})`}
        </dd>
        <dt>{t('console.col.score')}</dt>
        <dd>{i.score ?? '—'} {i.passMark != null && `/ ${t('console.inspection.passMark', { n: i.passMark })}`}</dd>
      </dl>
      <Section title={t('console.inspection.findings')}>
        {i.findings.length === 0 && <p>{t('console.drill.none')}</p>}
        <ul className="cards">
          {i.findings.map((f) => (
            <li key={f.id} id={`finding-${f.id}`} className={`card ${f.overdue ? 'overdue' : ''}`}>
              <h3 className="card-title">{f.title}</h3>
              <p className="meta">
                <span className={`badge sev-${f.severity}`}>{t(`severity.${f.severity}`)}</span> {t(`findingStatus.${f.status}`)} · {t('finding.deadline', { time: fmtDateTime(f.deadline) })}
                {f.overdue && <strong className="warn"> · {t('finding.overdue')}</strong>}
              </p>
              {f.description && <p>{f.description}</p>}
            </li>
          ))}
        </ul>
      </Section>
      <Section title={t('console.inspection.answers')}>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('console.col.item')}</th>
              <th scope="col">{t('console.col.answer')}</th>
              <th scope="col">{t('console.col.result')}</th>
            </tr>
          </thead>
          <tbody>
            {i.answers.map((a) => (
              <tr key={a.itemCode} className={a.passed === false ? 'warn' : ''}>
                <td>{(i18n.language === 'en' ? a.item?.promptEn : a.item?.promptZh) ?? a.itemCode}</td>
                <td>{a.notApplicable ? 'N/A' : a.yes != null ? (a.yes ? t('console.yes') : t('console.no')) : (a.number ?? a.choice ?? a.text ?? '—')}</td>
                <td>{a.passed == null ? '—' : a.passed ? t('console.passed') : t('console.failed')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
    </main>
  );
}

/** A dispute's case: the finding, its evidence, the inspection, the site's side, the timeline; assignment and resolution. */
export function DisputeCase({ id }: { id: string }) {
  const { t } = useTranslation();
  const { session } = useSession();
  const q = useQuery(ConsoleDisputeDocument, { id }, id);
  const d = q.data?.dispute;
  if (q.error) return <main className="console-main"><ErrorNote code={q.error.code} /></main>;
  if (!d) return <main className="console-main">{q.loading ? t('common.loading') : t('app.notFound')}</main>;
  const open = d.status === 'LODGED' || d.status === 'UNDER_REVIEW';
  const role = session?.account.role;
  return (
    <main className="console-main">
      <p>
        <Link href="/">← {t('console.back')}</Link>
      </p>
      <h1>{t('console.dispute.title', { site: d.site.name })}</h1>
      <p className="meta">
        <span className="badge" data-testid="dispute-status">{t(`disputeStatus.${d.status}`)}</span> · {t('console.dispute.lodged', { time: fmtDateTime(d.lodgedAt), who: d.lodgedBy?.displayName ?? '—' })}
        {d.resolutionDueAt && ` · ${t('console.dispute.due', { time: fmtDateTime(d.resolutionDueAt) })}`}
        {d.overdue && <strong className="warn"> · {t('console.dispute.overdue')}</strong>}
      </p>
      <div className="two-col">
        <div>
          {d.finding && (
            <Section title={t('console.dispute.finding')}>
              <p>
                <strong>{d.finding.title}</strong> <span className={`badge sev-${d.finding.severity}`}>{t(`severity.${d.finding.severity}`)}</span>
              </p>
              <p className="meta">
                {t(`findingStatus.${d.finding.status}`)} · {t('finding.deadline', { time: fmtDateTime(d.finding.deadline) })} · {d.finding.team.name}
                {d.deadlinePaused && ` · ${t('console.dispute.paused')}`}
              </p>
              {d.finding.description && <p>{d.finding.description}</p>}
              <Evidence items={d.finding.evidence} />
              <p>
                <Link href={`/console/inspections/${d.finding.inspection.id}`}>
                  {t('console.dispute.inspection', { time: fmtDateTime(d.finding.inspection.submittedAt), outcome: d.finding.inspection.outcome ? t(`outcome.${d.finding.inspection.outcome}`) : '—' })}
                </Link>
              </p>
              {d.finding.rectifications.length > 0 && (
                <ul>
                  {d.finding.rectifications.map((r, i) => (
                    <li key={i}>
                      {fmtDateTime(r.submittedAt)}：{r.description}（{r.status}）
                    </li>
                  ))}
                </ul>
              )}
            </Section>
          )}
          <Section title={t('console.dispute.siteSide')}>
            <blockquote className="quote">{d.reason}</blockquote>
            <Evidence items={d.evidence} />
          </Section>
          {d.outcome && (
            <Section title={t('console.dispute.decision')}>
              <p data-testid="dispute-outcome">
                <strong>{t(`disputeOutcome.${d.outcome}`)}</strong> · {fmtDateTime(d.resolvedAt)}
              </p>
              <p>{d.rationale}</p>
            </Section>
          )}
        </div>
        <div>
          {open && (role === 'COMMAND' || role === 'REVIEWER') && <AssignForm dispute={d} onDone={q.reload} />}
          {open && role === 'REVIEWER' && <ResolveForm dispute={d} onDone={q.reload} />}
          {open && (role === 'COMMAND' || (role === 'REVIEWER' && d.reviewer?.id === session?.account.id)) && <CommentForm disputeId={d.id} onDone={q.reload} />}
          <Section title={t('console.dispute.timeline')}>
            <ol className="timeline">
              {d.timeline.map((e) => (
                <li key={e.id}>
                  <span className="meta">{fmtDateTime(e.at)}</span> {t(`console.disputeEvent.${e.kind}`, { defaultValue: e.action })} · {e.actorUsername ?? '—'}
                  {e.text && <div className="quote">{e.text}</div>}
                </li>
              ))}
            </ol>
          </Section>
        </div>
      </div>
    </main>
  );
}

/** A comment on an open dispute (commentOnDispute): the command centre, or the assigned reviewer; it joins the timeline. */
function CommentForm({ disputeId, onDone }: { disputeId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const { error, busy, run } = useSubmit(() => {
    setText('');
    onDone();
  });
  const submit = (e: FormEvent) => void run(e, () => call(ConsoleCommentOnDisputeDocument, { input: { id: disputeId, text: text.trim() } }));
  return (
    <Section title={t('console.dispute.comment')}>
      <form className="form" onSubmit={submit}>
        <label>
          {t('console.dispute.commentText')}
          <textarea required rows={3} maxLength={4000} value={text} onChange={(e) => setText(e.target.value)} />
        </label>
        <button type="submit" className="button secondary" disabled={busy || !text.trim()}>
          {t('console.dispute.addComment')}
        </button>
        <ConsoleError error={error} />
      </form>
    </Section>
  );
}

function Evidence({ items }: { items: { id: string; contentType: string; url: string }[] }) {
  const { t } = useTranslation();
  if (!items.length) return null;
  return (
    <ul className="thumbs">
      {items.map((e, i) => (
        <li key={e.id}>{e.contentType.startsWith('image/') ? <AuthImage url={e.url} alt={t('common.photoN', { n: i + 1 })} /> : <span>PDF</span>}</li>
      ))}
    </ul>
  );
}

type Dispute = NonNullable<import('./graphql/__generated__/graphql').ConsoleDisputeQuery['dispute']>;

export function AssignForm({ dispute, onDone, compact = false }: { dispute: { id: string; version: number; reviewer?: { id: string } | null }; onDone: () => void; compact?: boolean }) {
  const { t } = useTranslation();
  const reviewers = useQuery(ConsoleReviewersDocument, {}, 'reviewers');
  const [who, setWho] = useState(dispute.reviewer?.id ?? '');
  const { error, busy, run } = useSubmit(onDone);
  const submit = (e: FormEvent) => void run(e, () => call(ConsoleAssignDisputeDocument, { input: { id: dispute.id, version: dispute.version, reviewerId: who } }));
  const form = (
    <form className={compact ? 'inline-form' : 'form'} onSubmit={submit}>
      <label>
        <span className={compact ? 'visually-hidden' : undefined}>{t('console.dispute.reviewer')}</span>
        <select required value={who} onChange={(e) => setWho(e.target.value)}>
          <option value="">{t('console.choose')}</option>
          {(reviewers.data?.accounts ?? []).filter((a) => a.active).map((a) => (
            <option key={a.id} value={a.id}>
              {a.displayName}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="button secondary" disabled={busy || !who}>
        {t('console.dispute.assign')}
      </button>
      <ConsoleError error={error} />
    </form>
  );
  return compact ? form : <Section title={t('console.dispute.assignment')}>{form}</Section>;
}

function ResolveForm({ dispute, onDone }: { dispute: Dispute; onDone: () => void }) {
  const { t } = useTranslation();
  const [outcome, setOutcome] = useState<DisputeOutcome | ''>('');
  const [rationale, setRationale] = useState('');
  const [severity, setSeverity] = useState<Severity | ''>('');
  const [deadline, setDeadline] = useState('');
  const { error, busy, run } = useSubmit(onDone);
  const submit = (e: FormEvent) =>
    void run(e, () =>
      call(ConsoleResolveDisputeDocument, {
        input: {
          id: dispute.id,
          version: dispute.version,
          outcome: outcome as DisputeOutcome,
          rationale: rationale.trim(),
          ...(outcome === 'AMENDED' && severity ? { newSeverity: severity } : {}),
          ...(outcome === 'AMENDED' && deadline ? { newDeadline: new Date(`${deadline}+08:00`).toISOString() } : {}),
        },
      }),
    );
  return (
    <Section title={t('console.dispute.resolve')}>
      <form className="form" onSubmit={submit}>
        <fieldset>
          <legend>{t('console.dispute.outcome')}</legend>
          <div className="choices">
            {(['UPHELD', 'OVERTURNED', 'AMENDED'] as const).map((o) => (
              <label key={o} className={`choice ${outcome === o ? 'checked' : ''}`}>
                <input type="radio" name="outcome" value={o} checked={outcome === o} onChange={() => setOutcome(o)} required />
                {t(`disputeOutcome.${o}`)}
              </label>
            ))}
          </div>
        </fieldset>
        {outcome === 'AMENDED' && (
          <div className="two">
            <label>
              {t('console.dispute.newSeverity')}
              <select value={severity} onChange={(e) => setSeverity(e.target.value as Severity)}>
                <option value="">—</option>
                {(['CRITICAL', 'MAJOR', 'MINOR'] as const).map((s) => (
                  <option key={s} value={s}>
                    {t(`severity.${s}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('console.dispute.newDeadline')}
              <input type="datetime-local" value={deadline} onChange={(e) => setDeadline(e.target.value)} />
            </label>
          </div>
        )}
        <label>
          {t('console.dispute.rationale')}
          <textarea required rows={4} value={rationale} onChange={(e) => setRationale(e.target.value)} />
        </label>
        <ConsoleError error={error} />
        <button type="submit" className="button primary" disabled={busy || !outcome}>
          {t('console.dispute.submitDecision')}
        </button>
      </form>
    </Section>
  );
}
