import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../../shared/api.ts';
import { Card, ErrorBox, Loading } from '../../shared/components.tsx';
import { useI18n, type MsgKey } from '../../shared/i18n.ts';
import { hasRole } from '../../shared/session.tsx';
import type { Me } from '../../shared/types.ts';
import type { PolicyVersion, PolicyRules } from '../../../server/modules/evaluation/evaluation-policy.ts';
import type { RejudgeJob } from '../../../server/modules/evaluation/rejudge-jobs.ts';
import { useLoad } from '../reference/ref-common.tsx';
import { currentMonth } from './ev-common.tsx';

const KINDS = ['district', 'street', 'department', 'enterprise'] as const;

/** The evaluation policy: every version per unit kind with its periods, and a form to publish the next one. */
export function PoliciesPage({ me }: { me: Me }) {
  const { t } = useI18n();
  const list = useLoad(() => api<{ items: PolicyVersion[] }>('/api/evaluation/policies').then((r) => r.items), 'all');
  const [kind, setKind] = useState<(typeof KINDS)[number]>('street');
  const versions = list.data?.filter((p) => p.unitKind === kind) ?? [];
  const latest = versions[versions.length - 1];
  return (
    <div data-testid="policies-page">
      <h1>{t('ev.policies')}</h1>
      <div className="ev-toolbar">
        <select value={kind} onChange={(e) => setKind(e.target.value as (typeof KINDS)[number])} aria-label={t('ev.kind')} data-testid="policy-kind">
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`ev.kind.${k}` as MsgKey)}
            </option>
          ))}
        </select>
      </div>
      <ErrorBox error={list.error} />
      {!list.data && !list.error && <Loading />}
      <div className="table-wrap">
        <table className="table compact" data-testid="policy-table">
          <thead>
            <tr>
              <th>{t('ev.version')}</th>
              <th>{t('ev.validity')}</th>
              <th>{t('ev.weights')}</th>
              <th>{t('ev.credit')}</th>
              <th>{t('ev.startDay')}</th>
              <th>{t('ev.minVolume')}</th>
              <th>{t('ev.coShare')}</th>
              <th>{t('ev.whistleWeight')}</th>
              <th>{t('ev.reopenRule')}</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((p) => (
              <tr key={p.id}>
                <td>v{p.version}</td>
                <td>
                  {p.validFrom} – {p.validTo ?? t('ev.onwards')}
                </td>
                <td>
                  {p.rules.weights.response} / {p.rules.weights.resolution} / {p.rules.weights.satisfaction}
                </td>
                <td>{p.rules.basicallySatisfiedCredit}</td>
                <td>{p.rules.periodStartDay}</td>
                <td>{p.rules.minimumVolume}</td>
                <td>{p.rules.coHandlerShare}</td>
                <td>{Math.round(p.rules.whistleWeight * 1000) / 1000}</td>
                <td>{t(`ev.reopen.${p.rules.counting.reopenRule}` as MsgKey)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {latest && hasRole(me, 'admin', 'hotline_supervisor') && <NewVersion key={`${kind}-${latest.id}`} kind={kind} base={latest.rules} onSaved={list.reload} />}
    </div>
  );
}

function NewVersion({ kind, base, onSaved }: { kind: string; base: PolicyRules; onSaved: () => Promise<void> }) {
  const { t } = useI18n();
  const [r, setR] = useState<PolicyRules>(base);
  const [validFrom, setValidFrom] = useState(currentMonth());
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const n = (label: MsgKey, value: number, set: (v: number) => void, step = 0.01, testid?: string) => (
    <label>
      {t(label)}
      <input type="number" step={step} value={value} onChange={(e) => set(Number(e.target.value))} data-testid={testid} />
    </label>
  );
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await api('/api/evaluation/policies', { body: { unitKind: kind, validFrom, rules: r, note: note || undefined } });
      setSaved(true);
      setError(null);
      await onSaved();
    } catch (err) {
      setError(err);
    }
  };
  const w = r.weights;
  return (
    <Card title={t('ev.newVersion')} testid="policy-form">
      <ErrorBox error={error} />
      {saved && <p className="notice">{t('ev.versionSaved')}</p>}
      {saved && <RejudgeProgress />}
      <form onSubmit={submit} className="ev-form">
        <label>
          {t('ev.validFrom')}
          <input type="month" value={validFrom} onChange={(e) => setValidFrom(e.target.value)} required data-testid="policy-from" />
        </label>
        {n('ev.responseRate', w.response, (v) => setR({ ...r, weights: { ...w, response: v } }), 0.05, 'policy-w1')}
        {n('ev.resolutionRate', w.resolution, (v) => setR({ ...r, weights: { ...w, resolution: v } }), 0.05, 'policy-w2')}
        {n('ev.satisfactionRate', w.satisfaction, (v) => setR({ ...r, weights: { ...w, satisfaction: v } }), 0.05, 'policy-w3')}
        {n('ev.credit', r.basicallySatisfiedCredit, (v) => setR({ ...r, basicallySatisfiedCredit: v }))}
        {n('ev.startDay', r.periodStartDay, (v) => setR({ ...r, periodStartDay: v }), 1)}
        {n('ev.minVolume', r.minimumVolume, (v) => setR({ ...r, minimumVolume: v }), 1)}
        {n('ev.coShare', r.coHandlerShare, (v) => setR({ ...r, coHandlerShare: v }))}
        {n('ev.whistleWeight', r.whistleWeight, (v) => setR({ ...r, whistleWeight: v }))}
        {n('ev.bottomCount', r.lagging.bottomCount, (v) => setR({ ...r, lagging: { ...r.lagging, bottomCount: v } }), 1)}
        {n('ev.appealDays', r.appealWindowDays, (v) => setR({ ...r, appealWindowDays: v }), 1)}
        <label>
          {t('ev.reopenRule')}
          <select value={r.counting.reopenRule} onChange={(e) => setR({ ...r, counting: { ...r.counting, reopenRule: e.target.value as PolicyRules['counting']['reopenRule'] } })}>
            <option value="last_valid_in_period">{t('ev.reopen.last_valid_in_period')}</option>
            <option value="every_valid_callback">{t('ev.reopen.every_valid_callback')}</option>
          </select>
        </label>
        <label>
          {t('ev.note')}
          <input value={note} onChange={(e) => setNote(e.target.value)} />
        </label>
        <p className="small muted">{t('ev.startDayHint')}</p>
        <button type="submit" className="primary" data-testid="policy-save">
          {t('ev.newVersion')}
        </button>
      </form>
    </Card>
  );
}

/** While a policy edit's re-judging runs in the background, its progress, polled every two seconds. */
function RejudgeProgress() {
  const { t } = useI18n();
  const [job, setJob] = useState<RejudgeJob | null>(null);
  useEffect(() => {
    let stop = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      const r = await api<{ job: RejudgeJob | null }>('/api/evaluation/rejudge-jobs/latest').catch(() => null);
      if (stop) return;
      setJob(r?.job ?? null);
      if (r?.job?.status === 'running') timer = setTimeout(poll, 2000);
    };
    void poll();
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, []);
  if (!job || job.status !== 'running') return null;
  return (
    <p role="status" data-testid="rejudge-progress">
      {t('ev.rejudging', { done: job.done, total: job.total })}
    </p>
  );
}
