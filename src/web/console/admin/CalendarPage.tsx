import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../shared/api.ts';
import { Card, ErrorBox, Field, Loading, Notice } from '../../shared/components.tsx';
import { useI18n } from '../../shared/i18n.ts';
import { queryClient, useApi } from '../../shared/query.tsx';

type Day = { date: string; working: boolean; name: string | null; kind: string };

/** 工作日历: the holidays and make-up working days of a year, the ones working-day limits count by. */
export function CalendarPage() {
  const { t } = useI18n();
  const [year, setYear] = useState(() => Number(new Date().toISOString().slice(0, 4)));
  const cal = useApi<{ year: number; hasData: boolean; days: Day[] }>(['calendar', year], `/api/calendar/${year}`);
  const [form, setForm] = useState({ date: '', kind: 'holiday', name: '' });
  const save = useMutation(
    {
      mutationFn: (body: typeof form) => api('/api/calendar/days', { method: 'PUT', body }),
      onSuccess: () => queryClient.invalidateQueries({ queryKey: ['calendar'] }),
    },
    queryClient,
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(form);
  };
  const special = (cal.data?.days ?? []).filter((d) => d.kind === 'holiday' || d.kind === 'makeup');

  return (
    <div className="admin-page" data-testid="calendar-page">
      <Card title={t('admin.calendarEdit')}>
        <form className="form" onSubmit={submit} aria-label={t('admin.calendarEdit')}>
          <div className="row">
            <Field label={t('admin.date')} required>
              <input type="date" required value={form.date} onChange={(e) => setForm({ ...form, date: e.target.value })} data-testid="cal-date" />
            </Field>
            <Field label={t('admin.dayKind')} required>
              <select value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value })} data-testid="cal-kind">
                <option value="holiday">{t('admin.kind.holiday')}</option>
                <option value="workday">{t('admin.kind.workday')}</option>
                <option value="normal">{t('admin.kind.normal')}</option>
              </select>
            </Field>
            <Field label={t('admin.dayName')}>
              <input value={form.name} maxLength={50} onChange={(e) => setForm({ ...form, name: e.target.value })} data-testid="cal-name" />
            </Field>
          </div>
          <ErrorBox error={save.error} />
          {save.isSuccess && <Notice>{t('admin.saved')}</Notice>}
          <div className="buttons">
            <button type="submit" className="primary" disabled={save.isPending} data-testid="cal-save">
              {t('admin.save')}
            </button>
          </div>
        </form>
      </Card>
      <Card
        title={t('admin.calendarYear', { year })}
        actions={
          <div className="buttons">
            <button type="button" onClick={() => setYear(year - 1)} aria-label={t('admin.prevYear')}>
              ←
            </button>
            <button type="button" onClick={() => setYear(year + 1)} aria-label={t('admin.nextYear')}>
              →
            </button>
          </div>
        }
      >
        {!cal.data ? (
          <Loading />
        ) : (
          <>
            {!cal.data.hasData && <p className="warn-box">{t('admin.noYearData')}</p>}
            <ul className="cal-days" data-testid="cal-days">
              {special.map((d) => (
                <li key={d.date} data-testid="cal-day" data-date={d.date}>
                  {d.date} {d.name ?? ''} <span className={`badge ${d.working ? 'cal-makeup' : 'cal-holiday'}`}>{t(d.working ? 'admin.kind.workday' : 'admin.kind.holiday')}</span>
                </li>
              ))}
            </ul>
          </>
        )}
      </Card>
    </div>
  );
}
