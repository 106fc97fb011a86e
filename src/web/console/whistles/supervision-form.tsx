import { useState, type FormEvent } from 'react';
import { api } from '../../shared/api.ts';
import { Card, ErrorBox, Field } from '../../shared/components.tsx';
import type { WhistleStats } from './district-panel.tsx';
import { useW } from './whistle-messages.ts';

export type SupervisionRecord = { id: number; unitId: number; unitName: string; kind: 'reminder' | 'interview' | 'priority'; note: string; whistleId: number | null; createdAt: string; by: string | null };

type Props = { units: WhistleStats['units']; unitId: number | null; onUnit: (id: number) => void; onDone: (message: string) => void };

/** The district supervises a unit over whistles: a reminder, a priority where it is over-summoned, or an interview (约谈). */
export function SupervisionForm({ units, unitId, onUnit, onDone }: Props) {
  const { w } = useW();
  const [kind, setKind] = useState<SupervisionRecord['kind']>('reminder');
  const [note, setNote] = useState('');
  const [whistleId, setWhistleId] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const unit = unitId ?? units[0]?.unitId ?? null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api('/api/whistle-supervisions', { body: { unitId: unit, kind, note, whistleId: whistleId ? Number(whistleId) : undefined } });
      setNote('');
      setWhistleId('');
      onDone(w('recorded', { k: w(kind) }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={w('supervise')} testid="supervision-card">
      <form className="action-form" onSubmit={submit} data-testid="supervision-form">
        <Field label={w('unit')} required>
          <select value={unit ?? ''} onChange={(e) => onUnit(Number(e.target.value))} required data-testid="supervision-unit">
            {units.map((u) => <option key={u.unitId} value={u.unitId}>{u.unitName}</option>)}
          </select>
        </Field>
        <Field label={w('supervisionKind')} required>
          <select value={kind} onChange={(e) => setKind(e.target.value as SupervisionRecord['kind'])} data-testid="supervision-kind">
            {(['reminder', 'interview', 'priority'] as const).map((k) => <option key={k} value={k}>{w(k)}</option>)}
          </select>
        </Field>
        <Field label={w('supervisionNote')} required><textarea value={note} onChange={(e) => setNote(e.target.value)} required maxLength={2000} rows={3} data-testid="supervision-note" /></Field>
        <Field label={`${w('whistle')} #`}><input value={whistleId} onChange={(e) => setWhistleId(e.target.value.replace(/\D/g, ''))} inputMode="numeric" data-testid="supervision-whistle" /></Field>
        <ErrorBox error={error} />
        <button type="submit" className="primary" disabled={busy || !unit} data-testid="supervision-submit">{w('supervise')}</button>
      </form>
    </Card>
  );
}
