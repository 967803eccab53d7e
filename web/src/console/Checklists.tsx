import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ConsoleChecklistVersionDocument,
  ConsoleDraftVersionDocument,
  ConsolePublishVersionDocument,
  ConsoleTemplatesDocument,
  ConsoleUpdateDraftDocument,
  type AnswerType,
  type ChecklistItemInput,
  type ConsoleChecklistVersionQuery,
  type Severity,
} from './graphql/__generated__/graphql';
import { Section } from '../ui/components';
import { ConsoleError } from './ConsoleError';
import { call, codeOf, useQuery } from './data';

type Version = NonNullable<ConsoleChecklistVersionQuery['checklistVersion']>;
type Item = Version['items'][number];
const SEVERITIES: Severity[] = ['CRITICAL', 'MAJOR', 'MINOR'];
const ANSWER_TYPES: AnswerType[] = ['YES_NO', 'NUMBER', 'CHOICE', 'TEXT'];

const toInput = (i: Item): ChecklistItemInput => ({
  code: i.code,
  category: i.category,
  promptZh: i.promptZh,
  promptEn: i.promptEn,
  severity: i.severity,
  answerType: i.answerType,
  min: i.min,
  max: i.max,
  unit: i.unit,
  choices: i.choices.map(({ value, labelZh, labelEn, compliant }) => ({ value, labelZh, labelEn, compliant })),
  evidenceRequired: i.evidenceRequired,
  weight: i.weight,
  siteKinds: i.siteKinds,
});

/**
 * Checklist templates: each template's versions; a draft is edited item by item (kind, weight,
 * severity — CRITICAL fails the inspection —, evidence, bilingual prompts, section and order),
 * previewed as an inspector sees it, and published, which freezes it. Two versions can be compared.
 */
export function Checklists() {
  const { t } = useTranslation();
  const templates = useQuery(ConsoleTemplatesDocument, {}, 'templates');
  const [tplId, setTplId] = useState<string>('');
  const [versionId, setVersionId] = useState<string>('');
  const [error, setError] = useState<{ code: string; field?: string } | null>(null);
  const tpl = templates.data?.checklistTemplates.find((x) => x.id === tplId) ?? templates.data?.checklistTemplates[0];
  useEffect(() => {
    if (tpl && !versionId) setVersionId(tpl.draft?.id ?? tpl.latestPublishedVersion?.id ?? tpl.versions[0]?.id ?? '');
  }, [tpl, versionId]);
  async function newDraft() {
    if (!tpl) return;
    setError(null);
    try {
      const r = await call(ConsoleDraftVersionDocument, { input: { idempotencyKey: crypto.randomUUID(), templateId: tpl.id } });
      templates.reload();
      setVersionId(r.draftChecklistVersion.id);
    } catch (e) {
      setError(codeOf(e));
    }
  }
  return (
    <main className="console-main">
      <h1>{t('console.checklist.title')}</h1>
      <ConsoleError error={templates.error} />
      <div className="filters">
        <label>
          {t('console.checklist.chooseTemplate')}
          <select
            value={tpl?.id ?? ''}
            onChange={(e) => {
              setTplId(e.target.value);
              setVersionId('');
            }}
          >
            {templates.data?.checklistTemplates.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name} ({x.siteKinds.map((k) => t(`siteKind.${k}`)).join('、')})
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('console.checklist.version')}
          <select value={versionId} onChange={(e) => setVersionId(e.target.value)}>
            {tpl?.versions.map((v) => (
              <option key={v.id} value={v.id}>
                v{v.number} · {t(`console.checklist.status.${v.status}`)}
              </option>
            ))}
          </select>
        </label>
        {tpl && !tpl.draft && (
          <button type="button" className="button primary" onClick={() => void newDraft()}>
            {t('console.checklist.newDraft')}
          </button>
        )}
      </div>
      <ConsoleError error={error} />
      {versionId && (
        <VersionEditor
          key={versionId}
          id={versionId}
          onPublished={() => {
            templates.reload();
          }}
        />
      )}
      {tpl && tpl.versions.length > 1 && <Diff key={tpl.versions.map((v) => v.id + v.status).join()} versions={tpl.versions} />}
    </main>
  );
}

function VersionEditor({ id, onPublished }: { id: string; onPublished: () => void }) {
  const { t } = useTranslation();
  const q = useQuery(ConsoleChecklistVersionDocument, { id }, id);
  const v = q.data?.checklistVersion;
  const [items, setItems] = useState<Item[] | null>(null);
  const [tab, setTab] = useState<'edit' | 'preview'>('edit');
  const [state, setState] = useState<{ busy: boolean; error: { code: string; field?: string } | null; saved: boolean }>({ busy: false, error: null, saved: false });
  useEffect(() => {
    if (v) setItems(v.items);
  }, [v]);
  if (!v || !items) return <p>{q.loading ? t('common.loading') : ''}</p>;
  const draft = v.status === 'DRAFT';
  const dirty = JSON.stringify(items) !== JSON.stringify(v.items);
  const set = (i: number, patch: Partial<Item>) => setItems(items.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  const move = (i: number, d: -1 | 1) => {
    const next = [...items];
    [next[i], next[i + d]] = [next[i + d], next[i]];
    setItems(next);
  };
  async function act(fn: () => Promise<unknown>) {
    setState({ busy: true, error: null, saved: false });
    try {
      await fn();
      setState({ busy: false, error: null, saved: true });
    } catch (e) {
      setState({ busy: false, error: codeOf(e), saved: false });
    }
  }
  const save = () => act(() => call(ConsoleUpdateDraftDocument, { input: { versionId: v.id, items: items.map(toInput) } }).then(q.reload));
  const publish = () =>
    act(async () => {
      if (dirty) await call(ConsoleUpdateDraftDocument, { input: { versionId: v.id, items: items.map(toInput) } });
      await call(ConsolePublishVersionDocument, { input: { versionId: v.id } });
      q.reload();
      onPublished();
    });
  const addItem = () =>
    setItems([
      ...items,
      { id: `new-${items.length}`, code: '', position: items.length + 1, category: items[items.length - 1]?.category ?? '', promptZh: '', promptEn: '', severity: 'MINOR', answerType: 'YES_NO', min: null, max: null, unit: null, evidenceRequired: false, weight: 1, siteKinds: [], choices: [] },
    ]);
  return (
    <Section title={t('console.checklist.versionTitle', { n: v.number, status: t(`console.checklist.status.${v.status}`) })}>
      <div className="actions" role="tablist" aria-label={t('console.checklist.view')}>
        <button type="button" role="tab" aria-selected={tab === 'edit'} className={`chip-tab ${tab === 'edit' ? 'on' : ''}`} onClick={() => setTab('edit')}>
          {draft ? t('console.checklist.edit') : t('console.checklist.items')}
        </button>
        <button type="button" role="tab" aria-selected={tab === 'preview'} className={`chip-tab ${tab === 'preview' ? 'on' : ''}`} onClick={() => setTab('preview')}>
          {t('console.checklist.preview')}
        </button>
      </div>
      {!draft && <p className="note">{t('console.checklist.frozen')}</p>}
      {tab === 'preview' ? (
        <Preview items={items} />
      ) : (
        <table className="table editor" data-testid="checklist-items">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t('console.checklist.code')}</th>
              <th scope="col">{t('console.checklist.section')}</th>
              <th scope="col">{t('console.checklist.promptZh')}</th>
              <th scope="col">{t('console.checklist.promptEn')}</th>
              <th scope="col">{t('console.checklist.answerType')}</th>
              <th scope="col">{t('console.col.severity')}</th>
              <th scope="col">{t('console.checklist.weight')}</th>
              <th scope="col">{t('console.checklist.evidence')}</th>
              {draft && <th scope="col">{t('console.checklist.order')}</th>}
            </tr>
          </thead>
          <tbody>
            {items.map((it, i) => (
              <tr key={it.id}>
                <td>{i + 1}</td>
                <td>
                  <input aria-label={`${t('console.checklist.code')} ${i + 1}`} disabled={!draft} value={it.code} onChange={(e) => set(i, { code: e.target.value })} />
                </td>
                <td>
                  <input aria-label={`${t('console.checklist.section')} ${i + 1}`} disabled={!draft} value={it.category} onChange={(e) => set(i, { category: e.target.value })} />
                </td>
                <td>
                  <textarea aria-label={`${t('console.checklist.promptZh')} ${i + 1}`} disabled={!draft} rows={2} value={it.promptZh} onChange={(e) => set(i, { promptZh: e.target.value })} />
                </td>
                <td>
                  <textarea aria-label={`${t('console.checklist.promptEn')} ${i + 1}`} disabled={!draft} rows={2} value={it.promptEn} onChange={(e) => set(i, { promptEn: e.target.value })} />
                </td>
                <td>
                  <select aria-label={`${t('console.checklist.answerType')} ${i + 1}`} disabled={!draft} value={it.answerType} onChange={(e) => set(i, { answerType: e.target.value as AnswerType })}>
                    {ANSWER_TYPES.map((a) => (
                      <option key={a} value={a}>
                        {t(`console.checklist.answer.${a}`)}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <select aria-label={`${t('console.col.severity')} ${i + 1}`} disabled={!draft} value={it.severity} onChange={(e) => set(i, { severity: e.target.value as Severity })}>
                    {SEVERITIES.map((s) => (
                      <option key={s} value={s}>
                        {t(`severity.${s}`)}
                        {s === 'CRITICAL' ? ` (${t('console.checklist.critical')})` : ''}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <input aria-label={`${t('console.checklist.weight')} ${i + 1}`} disabled={!draft} type="number" min={0} className="narrow-input" value={it.weight} onChange={(e) => set(i, { weight: Number(e.target.value) })} />
                </td>
                <td>
                  <input aria-label={`${t('console.checklist.evidence')} ${i + 1}`} disabled={!draft} type="checkbox" checked={it.evidenceRequired} onChange={(e) => set(i, { evidenceRequired: e.target.checked })} />
                </td>
                {draft && (
                  <td className="nowrap">
                    <button type="button" className="link" aria-label={t('console.checklist.up', { n: i + 1 })} disabled={i === 0} onClick={() => move(i, -1)}>
                      ↑
                    </button>
                    <button type="button" className="link" aria-label={t('console.checklist.down', { n: i + 1 })} disabled={i === items.length - 1} onClick={() => move(i, 1)}>
                      ↓
                    </button>
                    <button type="button" className="link" aria-label={t('console.checklist.remove', { n: i + 1 })} onClick={() => setItems(items.filter((_, j) => j !== i))}>
                      ✕
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ConsoleError error={state.error} />
      {state.saved && <p role="status">{t('console.admin.saved')}</p>}
      {draft && (
        <div className="actions">
          <button type="button" className="button secondary" onClick={addItem}>
            {t('console.checklist.addItem')}
          </button>
          <button type="button" className="button secondary" disabled={state.busy || !dirty} onClick={() => void save()}>
            {t('console.checklist.saveDraft')}
          </button>
          <button type="button" className="button primary" disabled={state.busy} onClick={() => void publish()}>
            {t('console.checklist.publish')}
          </button>
        </div>
      )}
    </Section>
  );
}

/** The form as an inspector sees it: by section, each item with its answer controls (not sent anywhere). */
function Preview({ items }: { items: Item[] }) {
  const { t, i18n } = useTranslation();
  const sections = [...new Set(items.map((i) => i.category))];
  return (
    <div className="preview" data-testid="checklist-preview">
      {sections.map((s) => (
        <section key={s} aria-label={s}>
          <h3>{s}</h3>
          <ol className="items">
            {items
              .filter((i) => i.category === s)
              .map((i) => (
                <li key={i.id} className="card">
                  <span className="prompt">{i18n.language === 'en' ? i.promptEn : i.promptZh}</span>
                  <div className="tags">
                    <span className={`badge sev-${i.severity}`}>{t(`severity.${i.severity}`)}</span>
                    {i.evidenceRequired && <span className="badge">{t('console.checklist.evidence')}</span>}
                    <span className="badge">
                      {t('console.checklist.weight')} {i.weight}
                    </span>
                  </div>
                  <div className="choices" aria-hidden="true">
                    {i.answerType === 'YES_NO' && ['inspect.pass', 'inspect.fail', 'inspect.na'].map((k) => <span key={k} className="choice">{t(k, { defaultValue: k })}</span>)}
                    {i.answerType === 'CHOICE' && i.choices.map((c) => <span key={c.value} className="choice">{i18n.language === 'en' ? c.labelEn : c.labelZh}</span>)}
                    {i.answerType === 'NUMBER' && <span className="choice">{`${i.min ?? ''} – ${i.max ?? ''} ${i.unit ?? ''}`}</span>}
                    {i.answerType === 'TEXT' && <span className="choice">…</span>}
                  </div>
                </li>
              ))}
          </ol>
        </section>
      ))}
    </div>
  );
}

/** The difference between two versions, item by item (by code). */
function Diff({ versions }: { versions: { id: string; number: number }[] }) {
  const { t } = useTranslation();
  const sorted = [...versions].sort((a, b) => a.number - b.number);
  const [a, setA] = useState(sorted[sorted.length - 2].id);
  const [b, setB] = useState(sorted[sorted.length - 1].id);
  const va = useQuery(ConsoleChecklistVersionDocument, { id: a }, a);
  const vb = useQuery(ConsoleChecklistVersionDocument, { id: b }, b);
  const ia = va.data?.checklistVersion?.items ?? [];
  const ib = vb.data?.checklistVersion?.items ?? [];
  const byCode = (l: Item[]) => new Map(l.map((i) => [i.code, i]));
  const ma = byCode(ia);
  const mb = byCode(ib);
  const added = ib.filter((i) => !ma.has(i.code));
  const removed = ia.filter((i) => !mb.has(i.code));
  const strip = ({ id: _i, position: _p, ...rest }: Item) => JSON.stringify(rest);
  const changed = ib.filter((i) => ma.has(i.code) && strip(ma.get(i.code)!) !== strip(i));
  return (
    <Section title={t('console.checklist.diff')}>
      <div className="filters">
        {([
          [a, setA, 'console.checklist.from'],
          [b, setB, 'console.checklist.to'],
        ] as const).map(([val, setter, label]) => (
          <label key={label}>
            {t(label)}
            <select value={val} onChange={(e) => setter(e.target.value)}>
              {sorted.map((v) => (
                <option key={v.id} value={v.id}>
                  v{v.number}
                </option>
              ))}
            </select>
          </label>
        ))}
      </div>
      <ul className="plain diff">
        {added.map((i) => (
          <li key={`a${i.code}`} className="ok">
            + {i.code} {i.promptZh}
          </li>
        ))}
        {removed.map((i) => (
          <li key={`r${i.code}`} className="warn">
            − {i.code} {i.promptZh}
          </li>
        ))}
        {changed.map((i) => (
          <li key={`c${i.code}`}>
            ~ {i.code} {i.promptZh}
          </li>
        ))}
        {!added.length && !removed.length && !changed.length && <li>{t('console.checklist.same')}</li>}
      </ul>
    </Section>
  );
}
