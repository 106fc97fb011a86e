import type { ReactNode } from 'react';
import { STAGE_LABELS, STATUS_LABELS, URGENCY_LABELS } from '../../shared/labels.ts';
import { ApiError } from './api.ts';
import { formatDateTime, isPast } from './format.ts';
import { setLocale, useI18n } from './i18n.ts';
import { describeIssue } from './validation-text.ts';
import type { Due } from './types.ts';

export function LangToggle() {
  const { locale } = useI18n();
  return (
    <div className="lang-toggle" role="group" aria-label="Language / 语言">
      <button type="button" aria-pressed={locale === 'zh-CN'} onClick={() => setLocale('zh-CN')} data-testid="lang-zh">
        中文
      </button>
      <button type="button" aria-pressed={locale === 'en'} onClick={() => setLocale('en')} data-testid="lang-en">
        English
      </button>
    </div>
  );
}

type Issue = { path?: string; message?: string; code?: string };

/** Shows the server's message (already in the user's language) and, for validation, each field's problem. */
export function ErrorBox({ error }: { error: unknown }) {
  const { t, locale } = useI18n();
  if (!error) return null;
  const issues = error instanceof ApiError && Array.isArray(error.details.issues) ? (error.details.issues as Issue[]) : [];
  // The validator's own text names request paths in English; people get their field's name instead.
  const lines = [...new Set(issues.map((i) => describeIssue(i, locale)))];
  const message = lines.length ? lines[0] : error instanceof Error ? error.message : String(error);
  return (
    <div className="error-box" role="alert" data-testid="error">
      <strong>{t('error.title')}</strong> {message}
      {lines.length > 1 && (
        <ul>
          {lines.slice(1).map((l) => (
            <li key={l}>{l}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <div className="notice" role="status" data-testid="notice">
      {children}
    </div>
  );
}

export function Loading() {
  const { t } = useI18n();
  return <div className="loading" aria-busy="true">{t('common.loading')}</div>;
}

/** A labelled form control; the label text is the control's accessible name. */
export function Field({ label, hint, children, required }: { label: string; hint?: string; children: ReactNode; required?: boolean }) {
  return (
    <label className="field">
      <span className="field-label">
        {label}
        {required && <span className="req" aria-hidden="true"> *</span>}
      </span>
      {children}
      {hint && <span className="field-hint">{hint}</span>}
    </label>
  );
}

export function StatusBadge({ status }: { status: string }) {
  const { L } = useI18n();
  return (
    <span className={`badge status-${status}`} data-testid="status" data-status={status}>
      {L(STATUS_LABELS, status)}
    </span>
  );
}

export function UrgencyBadge({ urgency }: { urgency: string }) {
  const { L } = useI18n();
  return <span className={`badge urgency-${urgency}`}>{L(URGENCY_LABELS, urgency)}</span>;
}

export function OverdueBadge() {
  const { t } = useI18n();
  return (
    <span className="badge overdue" data-testid="overdue-badge">
      {t('common.overdue')}
    </span>
  );
}

/** The deadline of the stage the order is in, flagged when the sweep marked it or the time has passed. */
export function DueCell({ due, overdueStages }: { due: Due; overdueStages: string[] }) {
  const { L, locale } = useI18n();
  const late = (due && (overdueStages.includes(due.stage) || isPast(due.at))) || (!due && overdueStages.length > 0);
  return (
    <span className="due-cell">
      {due ? (
        <>
          <span className="muted">{L(STAGE_LABELS, due.stage)}</span> {formatDateTime(due.at, locale)}
        </>
      ) : (
        '—'
      )}
      {late && <> <OverdueBadge /></>}
    </span>
  );
}

export function Card({ title, children, actions, testid }: { title?: ReactNode; children: ReactNode; actions?: ReactNode; testid?: string }) {
  return (
    <section className="card" data-testid={testid}>
      {(title || actions) && (
        <header className="card-head">
          {title && <h2>{title}</h2>}
          {actions}
        </header>
      )}
      {children}
    </section>
  );
}

/** A definition list of label/value pairs; empty values show a dash. */
export function KV({ items }: { items: [string, ReactNode, string?][] }) {
  return (
    <dl className="kv">
      {items.map(([k, v, testid]) => (
        <div key={k} className="kv-row">
          <dt>{k}</dt>
          <dd data-testid={testid}>{v === null || v === undefined || v === '' ? '—' : v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A select over one of the shared label tables, shown in the user's language. */
export function LabelSelect({
  table,
  value,
  onChange,
  testid,
  disabled = false,
}: {
  table: Record<string, { zh: string; en: string }>;
  value: string;
  onChange: (value: string) => void;
  testid: string;
  disabled?: boolean;
}) {
  const { L } = useI18n();
  return (
    <select value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)} data-testid={testid}>
      {Object.keys(table).map((v) => (
        <option key={v} value={v}>
          {L(table, v)}
        </option>
      ))}
    </select>
  );
}

/** The top-bar brand every staff app shows: the 哨 mark and the app's title. */
export function Brand({ title }: { title: string }) {
  return (
    <div className="brand">
      <span className="logo" aria-hidden="true">哨</span>
      <span>{title}</span>
    </div>
  );
}

/** Submit and cancel at the foot of an action form. */
export function FormButtons({ busy, onCancel }: { busy: boolean; onCancel: () => void }) {
  const { t } = useI18n();
  return (
    <div className="buttons">
      <button type="submit" className="primary" disabled={busy} data-testid="action-submit">
        {busy ? t('common.submitting') : t('action.submit')}
      </button>
      <button type="button" onClick={onCancel} data-testid="action-cancel">
        {t('common.cancel')}
      </button>
    </div>
  );
}
