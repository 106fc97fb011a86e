import { useMutation, type UseMutationResult } from '@tanstack/react-query';
import type { Duration } from '../../../server/modules/deadlines/calendar.ts';
import { api } from '../../shared/api.ts';
import { ErrorBox, Notice } from '../../shared/components.tsx';
import { useI18n, type MsgKey } from '../../shared/i18n.ts';
import { queryClient } from '../../shared/query.tsx';

const UNITS: Duration['unit'][] = ['minutes', 'hours', 'days', 'working_days'];

type Publish = UseMutationResult<{ version: number }, Error, unknown>;

/** Publishes a new version of a versioned table and reloads its list; `done` clears the draft. */
export function usePublishVersion(path: string, key: string[], done: () => void): Publish {
  return useMutation(
    {
      mutationFn: (body: unknown) => api<{ version: number }>(path, { body }),
      onSuccess: () => {
        done();
        return queryClient.invalidateQueries({ queryKey: key });
      },
    },
    queryClient,
  );
}

/** The end of a new-version form: the API's refusal or the version published, publish and cancel. */
export function PublishFooter({ publish, published, label, testid, onCancel }: { publish: Publish; published: (version: number) => string; label: string; testid: string; onCancel: (() => void) | null }) {
  const { t } = useI18n();
  return (
    <>
      <ErrorBox error={publish.error} />
      {publish.data && <Notice>{published(publish.data.version)}</Notice>}
      <div className="buttons">
        <button type="submit" className="primary" disabled={publish.isPending} data-testid={testid}>
          {publish.isPending ? t('common.submitting') : label}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        )}
      </div>
    </>
  );
}

/** A time limit: an amount and whether it runs in natural minutes, hours, days or working days. */
export function DurationInput({ value, onChange, label, testid }: { value: Duration; onChange: (d: Duration) => void; label: string; testid: string }) {
  const { t } = useI18n();
  return (
    <span className="duration-input">
      <input type="number" min={1} max={10000} step="any" required value={value.amount} aria-label={label} onChange={(e) => onChange({ ...value, amount: Number(e.target.value) })} data-testid={`${testid}-amount`} />
      <select value={value.unit} aria-label={`${label} ${t('admin.unit')}`} onChange={(e) => onChange({ ...value, unit: e.target.value as Duration['unit'] })} data-testid={`${testid}-unit`}>
        {UNITS.map((u) => (
          <option key={u} value={u}>
            {t(`admin.unit.${u}` as MsgKey)}
          </option>
        ))}
      </select>
    </span>
  );
}
