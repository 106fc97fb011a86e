import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { api } from '../../shared/api.ts';
import { Card, ErrorBox, Field, Loading } from '../../shared/components.tsx';
import { formatDate, formatDateTime } from '../../shared/format.ts';
import { useI18n } from '../../shared/i18n.ts';
import { Link } from '../../shared/router.ts';
import type { ThemeDetail, ThemeEffect } from '../../../server/modules/themes/theme-queries.ts';
import { useUnits } from './ThemesPage.tsx';

const WeeklyChart = lazy(() => import('./WeeklyChart.tsx'));

function EffectChart({ effect }: { effect: ThemeEffect }) {
  const { t } = useI18n();
  const series = useMemo(() => [
    { name: t('th.before'), kind: 'bar' as const, data: effect.weeks.map((w) => (w.after ? null : w.count)), color: '#8a96a3' },
    { name: t('th.after'), kind: 'bar' as const, data: effect.weeks.map((w) => (w.after ? w.count : null)), color: '#1f6feb' },
  ], [effect, t]);
  return (
    <Card title={t('th.effect')} testid="theme-effect">
      <p data-testid="theme-effect-summary">{t('th.weeklyAvg', { b: effect.beforeWeekly ?? '—', a: effect.afterWeekly ?? '—' })}</p>
      <Suspense fallback={<Loading />}>
        <WeeklyChart weeks={effect.weeks.map((w) => new Date(new Date(w.weekStart).getTime() + 8 * 3_600_000).toISOString())} series={series} label={t('th.effect')} testid="theme-effect-chart" />
      </Suspense>
    </Card>
  );
}

export function ThemePage({ id }: { id: number }) {
  const { t, locale } = useI18n();
  const [theme, setTheme] = useState<ThemeDetail | null>(null);
  const [effect, setEffect] = useState<ThemeEffect | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [form, setForm] = useState<Record<string, string>>({});
  const units = useUnits('street,department,community');
  const load = useCallback(() => {
    api<ThemeDetail>(`/api/monthly-themes/${id}`).then(setTheme, setError);
    api<ThemeEffect>(`/api/monthly-themes/${id}/effect`).then(setEffect, () => setEffect(null));
  }, [id]);
  useEffect(load, [load]);
  const set = (k: string) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));
  const act = async (action: string, body: Record<string, unknown>) => {
    setError(null);
    try {
      setTheme(await api<ThemeDetail>(`/api/monthly-themes/${id}/${action}`, { body: { version: theme!.version, ...body } }));
      setForm({});
      api<ThemeEffect>(`/api/monthly-themes/${id}/effect`).then(setEffect, () => setEffect(null));
    } catch (e) {
      setError(e);
    }
  };
  if (!theme) return error ? <ErrorBox error={error} /> : <Loading />;
  const can = (a: string) => theme.allowedActions.includes(a as never);
  return (
    <div data-testid="theme-page">
      <p><Link to="/console/themes">{t('th.back')}</Link></p>
      <ErrorBox error={error} />
      <Card title={`${theme.title}（${theme.month}）`} testid="theme-head">
        <p>{t('th.lead')}：{theme.leadUnitName} · {t('common.status')}：<strong data-testid="theme-status">{t(`th.status.${theme.status}` as 'th.status.active')}</strong></p>
        <h3>{t('th.problems')}</h3>
        <ol>{theme.problems.map((p) => <li key={p.id}>{p.title} <span className="muted">{[...p.categories, ...p.terms].join('、')}</span></li>)}</ol>
        {theme.result && <p>{t('th.result')}：{theme.result}</p>}
        {can('close') && (
          <form className="row" onSubmit={(e) => { e.preventDefault(); void act('close', { result: form.result || undefined }); }}>
            <Field label={t('th.result')}><input value={form.result ?? ''} onChange={set('result')} data-testid="theme-result" /></Field>
            <button type="submit" className="primary" data-testid="theme-close">{t('th.close')}</button>
          </form>
        )}
      </Card>
      <Card title={t('th.tasks')} testid="theme-tasks">
        <div className="table-box"><table>
          <thead><tr><th>{t('th.task')}</th><th>{t('th.owner')}</th><th>{t('th.due')}</th><th>{t('th.progress')}</th><th>{t('common.status')}</th><th /></tr></thead>
          <tbody>{theme.tasks.map((x) => (
            <tr key={x.id} data-testid="theme-task">
              <td>{x.title}</td><td>{x.ownerName}</td><td>{formatDate(x.dueAt, locale)}</td><td>{x.progress ?? '—'}</td>
              <td>{x.status === 'done' ? t('th.done') : t('th.open')}{x.overdue && <> <span className="badge overdue">{t('th.overdue')}</span></>}</td>
              <td>{x.allowedActions.includes('complete_task') && <button type="button" onClick={() => void act('complete-task', { taskId: x.id })} data-testid="task-complete">{t('th.completeTask')}</button>}</td>
            </tr>
          ))}</tbody>
        </table></div>
        {can('add_task') && (
          <form className="row" data-testid="task-form" onSubmit={(e) => { e.preventDefault(); void act('add-task', { title: form.task, ownerUnitId: Number(form.owner), dueAt: form.due }); }}>
            <Field label={t('th.task')} required><input value={form.task ?? ''} onChange={set('task')} required data-testid="task-title" /></Field>
            <Field label={t('th.owner')} required>
              <select value={form.owner ?? ''} onChange={set('owner')} required data-testid="task-owner">
                <option value="">—</option>{units.map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
              </select>
            </Field>
            <Field label={t('th.due')} required><input type="date" value={form.due ?? ''} onChange={set('due')} required data-testid="task-due" /></Field>
            <button type="submit" data-testid="task-add">{t('th.addTask')}</button>
          </form>
        )}
      </Card>
      <Card title={t('th.policies')} testid="theme-policies">
        <ul>{theme.policies.map((p) => <li key={p.id}>{p.issuedOn} {p.link ? <a href={p.link} rel="noreferrer">{p.title}</a> : p.title} {p.text && <span className="muted">{p.text}</span>}</li>)}</ul>
        {can('add_policy') && (
          <form className="row" onSubmit={(e) => { e.preventDefault(); void act('add-policy', { title: form.policy, issuedOn: form.issued, text: form.ptext ?? '', link: form.link || undefined }); }}>
            <Field label={t('th.policies')} required><input value={form.policy ?? ''} onChange={set('policy')} required data-testid="policy-title" /></Field>
            <Field label={t('th.issuedOn')} required><input type="date" value={form.issued ?? ''} onChange={set('issued')} required data-testid="policy-date" /></Field>
            <Field label={t('th.text')}><input value={form.ptext ?? ''} onChange={set('ptext')} /></Field>
            <Field label={t('th.link')}><input type="url" value={form.link ?? ''} onChange={set('link')} /></Field>
            <button type="submit" data-testid="policy-add">{t('th.addPolicy')}</button>
          </form>
        )}
      </Card>
      {effect && <EffectChart effect={effect} />}
      <Card title={t('th.events')}>
        <ol>{theme.events.map((e) => <li key={e.id}>{formatDateTime(e.at, locale)} {e.type}</li>)}</ol>
      </Card>
    </div>
  );
}
