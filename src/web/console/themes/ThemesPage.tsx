import { useEffect, useState } from 'react';
import { api } from '../../shared/api.ts';
import { Card, ErrorBox, Field, Loading } from '../../shared/components.tsx';
import { useI18n } from '../../shared/i18n.ts';
import { Link, navigate } from '../../shared/router.ts';
import { hasRole } from '../../shared/session.tsx';
import type { Me } from '../../shared/types.ts';
import type { Unit } from '../../shared/types.ts';
import type { TopicCandidate } from '../../../server/modules/themes/topic-queries.ts';
import type { ThemeSummary } from '../../../server/modules/themes/theme-queries.ts';

type Topics = { orders: number; sampleEvery: number; topics: TopicCandidate[] };
const DAYS = 7;

export function useUnits(kind: string): Unit[] {
  const [units, setUnits] = useState<Unit[]>([]);
  useEffect(() => {
    api<{ items: Unit[] }>(`/api/units?kind=${kind}`).then((r) => setUnits(r.items), () => setUnits([]));
  }, [kind]);
  return units;
}

function CreateFromCluster({ topic, onCancel }: { topic: TopicCandidate; onCancel: () => void }) {
  const { t } = useI18n();
  const units = useUnits('department,street,district');
  const [title, setTitle] = useState(topic.topTerms.slice(0, 3).join('、'));
  const [problem, setProblem] = useState(topic.topTerms.slice(0, 2).join('') || topic.key);
  const [lead, setLead] = useState('');
  const [error, setError] = useState<unknown>(null);
  const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
  const submit = async () => {
    try {
      const r = await api<{ id: number }>('/api/monthly-themes', {
        body: {
          title, month, leadUnitId: Number(lead),
          problems: [{ title: problem, terms: topic.topTerms.slice(0, 2), streetIds: topic.streets.map((s) => s.id) }],
          source: { topTerms: topic.topTerms, counts: topic.counts, orderIds: topic.orderIds },
        },
      });
      navigate(`/console/themes/${r.id}`);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <form className="stack" data-testid="theme-create-form" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <ErrorBox error={error} />
      <Field label={t('th.title')} required><input value={title} onChange={(e) => setTitle(e.target.value)} required data-testid="theme-title" /></Field>
      <Field label={t('th.problem')} required><input value={problem} onChange={(e) => setProblem(e.target.value)} required data-testid="theme-problem" /></Field>
      <Field label={t('th.lead')} required>
        <select value={lead} onChange={(e) => setLead(e.target.value)} required data-testid="theme-lead">
          <option value="">—</option>
          {units.map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
        </select>
      </Field>
      <div className="row">
        <button type="submit" className="primary" data-testid="theme-create">{t('th.create')}</button>
        <button type="button" onClick={onCancel}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}

export function ThemesPage({ me }: { me: Me }) {
  const { t, locale } = useI18n();
  const [topics, setTopics] = useState<Topics | null>(null);
  const [themes, setThemes] = useState<ThemeSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [picked, setPicked] = useState<string | null>(null);
  const mayCreate = hasRole(me, 'district_supervisor', 'hotline_supervisor');
  useEffect(() => {
    api<{ items: ThemeSummary[] }>('/api/monthly-themes').then((r) => setThemes(r.items), setError);
    api<Topics>(`/api/topics?days=${DAYS}&windows=5`).then(setTopics, setError);
  }, []);
  return (
    <div className="stack" data-testid="themes-page">
      <ErrorBox error={error} />
      <Card title={t('th.list')} testid="themes-list">
        {!themes ? <Loading /> : !themes.length ? <p>{t('th.none')}</p> : (
          <div className="table-box"><table>
            <thead><tr><th>{t('th.title')}</th><th>{t('th.month')}</th><th>{t('th.lead')}</th><th>{t('th.openTasks')}</th><th>{t('common.status')}</th></tr></thead>
            <tbody>{themes.map((x) => (
              <tr key={x.id}>
                <td><Link to={`/console/themes/${x.id}`}>{x.title}</Link></td><td>{x.month}</td><td>{x.leadUnitName}</td>
                <td>{x.openTasks}{x.overdueTasks ? ` (${t('th.overdue')} ${x.overdueTasks})` : ''}</td><td>{t(`th.status.${x.status}` as 'th.status.active')}</td>
              </tr>
            ))}</tbody>
          </table></div>
        )}
      </Card>
      <Card title={t('th.candidates')} testid="topic-candidates">
        {!topics ? <Loading /> : (
          <>
            <p className="muted">{t('th.candidatesHint', { days: DAYS, n: topics.orders })}{topics.sampleEvery > 1 ? ` ${t('th.sampled', { n: topics.sampleEvery })}` : ''}</p>
            {!topics.topics.length && <p>{t('th.noCandidates')}</p>}
            {topics.topics.map((c) => (
              <article key={c.key} className="card" data-testid="topic-candidate">
                <h3>{c.emerging && <span className="badge overdue">{t('th.emerging')}</span>} {c.topTerms.slice(0, 5).join(' · ')}</h3>
                <p>{t('th.weekly')}: {c.counts.join(' → ')} · ×{c.growth}</p>
                <p>{t('th.places')}: {c.streets.map((s) => `${s.name} ${s.count}`).join('、') || '—'}</p>
                <ul>{c.examples.slice(0, 3).map((o) => <li key={o.id}><Link to={`/console/orders/${o.id}`}>{o.code}</Link> {o.title} <span className="muted">{new Date(o.receivedAt).toLocaleDateString(locale, { timeZone: 'Asia/Shanghai' })}</span></li>)}</ul>
                {mayCreate && picked !== c.key && <button type="button" onClick={() => setPicked(c.key)} data-testid="topic-propose">{t('th.propose')}</button>}
                {picked === c.key && <CreateFromCluster topic={c} onCancel={() => setPicked(null)} />}
              </article>
            ))}
          </>
        )}
      </Card>
    </div>
  );
}
