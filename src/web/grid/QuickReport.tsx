import { useEffect, useState } from 'react';
import { newUuid } from '../shared/api.ts';
import { readAttachments } from '../shared/attachments.ts';
import { Card, ErrorBox } from '../shared/components.tsx';
import { useI18n } from '../shared/i18n.ts';
import { currentPosition, sendReport } from './send-report.ts';

/**
 * Three taps: a photo, the urgency, send. The position is asked for when the card opens; the
 * member's grid places the report even without one (the grid wins over the point on the server).
 */
export function QuickReport({ gridId, onQueued }: { gridId: number | null; onQueued: (waiting: number) => void }) {
  const { t, locale } = useI18n();
  const [photo, setPhoto] = useState<File | null>(null);
  const [urgency, setUrgency] = useState<'general' | 'emergency'>('general');
  const [pos, setPos] = useState<{ lon: number; lat: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    void currentPosition().then(setPos);
  }, []);

  const send = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const r = await sendReport(newUuid(), {
        channel: 'grid',
        requestType: 'report',
        urgency,
        title: t('grid.quickTitle'),
        text: t('grid.quickText'),
        location: { ...(gridId ? { gridId } : {}), ...(pos ?? {}) },
        attachments: photo ? await readAttachments([photo], locale) : [],
      });
      if (r.failed) throw new Error(r.failed);
      setPhoto(null);
      setUrgency('general');
      onQueued(r.waiting);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('grid.quick')} testid="quick-report">
      <p className="muted small">{t('grid.quickHint')}</p>
      <label className="button block">
        📷 {photo ? photo.name : t('grid.takePhoto')}
        <input
          type="file"
          accept="image/*"
          capture="environment"
          className="visually-hidden"
          onChange={(e) => setPhoto(e.currentTarget.files?.[0] ?? null)}
          data-testid="quick-photo"
        />
      </label>
      <div className="buttons" role="group" aria-label={t('grid.urgency')}>
        {(['general', 'emergency'] as const).map((u) => (
          <button key={u} type="button" aria-pressed={urgency === u} className={urgency === u ? 'primary' : undefined} onClick={() => setUrgency(u)} data-testid={`quick-urgency-${u}`}>
            {u === 'general' ? t('grid.general') : t('grid.urgent')}
          </button>
        ))}
      </div>
      <p className="muted small" data-testid="quick-gps">
        {pos ? t('grid.gps', { lon: pos.lon, lat: pos.lat }) : t('grid.noGps')}
      </p>
      <ErrorBox error={error} />
      <button type="button" className="primary block" disabled={busy} onClick={() => void send()} data-testid="quick-send">
        {busy ? t('common.submitting') : t('grid.quickSend')}
      </button>
    </Card>
  );
}
