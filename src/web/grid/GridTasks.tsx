import { useState, type FormEvent } from 'react';
import { api } from '../shared/api.ts';
import { readAttachments } from '../shared/attachments.ts';
import { Card, ErrorBox, Field, Loading, Notice, StatusBadge } from '../shared/components.tsx';
import { formatDateTime } from '../shared/format.ts';
import { useI18n } from '../shared/i18n.ts';
import { PhotoInput } from '../shared/photo-input.tsx';
import { queryClient, useApi } from '../shared/query.tsx';
import { currentPosition } from './send-report.ts';

type Task = { id: number; code: string; title: string; status: string; version: number; address: string | null; receivedAt: string; feedbackText: string | null };
type Tasks = { gridId: number; verify: Task[]; patrol: Task[] };

/** 核查 on site: fixed or not, a note, photos and the position, recorded on the order. */
function VerifyForm({ task, onDone }: { task: Task; onDone: (code: string) => void }) {
  const { t, locale } = useI18n();
  const [outcome, setOutcome] = useState<'confirmed' | 'not_fixed'>('confirmed');
  const [note, setNote] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const pos = await currentPosition(2000);
      await api(`/api/work-orders/${task.id}/verify`, {
        body: { version: task.version, outcome, ...(note.trim() ? { note: note.trim() } : {}), ...(pos ?? {}), attachments: await readAttachments(files, locale) },
      });
      onDone(task.code);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="form" onSubmit={submit} aria-label={`${t('grid.verify')} ${task.code}`} data-testid="verify-form">
      <fieldset className="choice">
        <legend>{t('grid.outcome')}</legend>
        {(['confirmed', 'not_fixed'] as const).map((o) => (
          <label key={o} className="check">
            <input type="radio" name={`outcome-${task.id}`} checked={outcome === o} onChange={() => setOutcome(o)} data-testid={`verify-${o}`} />
            <span>{o === 'confirmed' ? t('grid.confirmed') : t('grid.notFixed')}</span>
          </label>
        ))}
      </fieldset>
      <Field label={t('grid.verifyNote')}>
        <textarea rows={2} maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} data-testid="verify-note" />
      </Field>
      <PhotoInput label={t('grid.photos')} files={files} onChange={setFiles} accept="image/*" camera testid="verify-files" />
      <ErrorBox error={error} />
      <button type="submit" className="primary block" disabled={busy} data-testid="verify-submit">
        {t('grid.verifySubmit')}
      </button>
    </form>
  );
}

function TaskItem({ task, children }: { task: Task; children?: React.ReactNode }) {
  const { locale } = useI18n();
  return (
    <li data-testid="grid-task" data-code={task.code}>
      <div>
        <span className="code">{task.code}</span> {task.title}
      </div>
      <div className="meta">
        <StatusBadge status={task.status} /> <span className="muted small">{formatDateTime(task.receivedAt, locale)}</span>
      </div>
      {task.address && <div className="muted small">{task.address}</div>}
      {children}
    </li>
  );
}

/** The member's work: orders waiting for their check on site, and what is open in their grid. */
export function GridTasks() {
  const { t } = useI18n();
  const q = useApi<Tasks>(['grid', 'tasks'], '/api/grid/tasks', { staleTime: 0 });
  const tasks = q.data ?? null;
  const error = q.error;
  const [open, setOpen] = useState<number | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const load = () => void queryClient.invalidateQueries({ queryKey: ['grid', 'tasks'] });

  return (
    <>
      {done && (
        <Notice>
          <span data-testid="grid-verified">{t('grid.verified', { code: done })}</span>
        </Notice>
      )}
      <ErrorBox error={error} />
      {/* without network the query waits rather than fails: say so instead of spinning */}
      {!tasks && !error && (q.fetchStatus === 'paused' ? <p className="empty">{t('grid.offline')}</p> : <Loading />)}
      {tasks && (
        <>
          <Card title={t('grid.verifyTasks')} testid="grid-verify-tasks">
            {tasks.verify.length === 0 && <p className="empty">{t('grid.noTasks')}</p>}
            <ul className="request-list">
              {tasks.verify.map((task) => (
                <TaskItem key={task.id} task={task}>
                  {task.feedbackText && <p className="small">{t('grid.verifyFeedback', { text: task.feedbackText })}</p>}
                  {open === task.id ? (
                    <VerifyForm
                      task={task}
                      onDone={(code) => {
                        setOpen(null);
                        setDone(code);
                        load();
                      }}
                    />
                  ) : (
                    <button type="button" className="primary" onClick={() => setOpen(task.id)} data-testid="verify-open">
                      {t('grid.verify')}
                    </button>
                  )}
                </TaskItem>
              ))}
            </ul>
          </Card>
          <Card title={t('grid.patrol')} testid="grid-patrol">
            {tasks.patrol.length === 0 && <p className="empty">{t('grid.noTasks')}</p>}
            <ul className="request-list">
              {tasks.patrol.map((task) => (
                <TaskItem key={task.id} task={task} />
              ))}
            </ul>
          </Card>
        </>
      )}
    </>
  );
}
