import { Card } from '../shared/components.tsx';
import { useI18n } from '../shared/i18n.ts';
import { discard, flush, type Queued } from './outbox.ts';

/** Reports still on this phone: waiting for the network, or refused (with the reason) to fix or discard. */
export function Outbox({ items }: { items: Queued[] }) {
  const { t } = useI18n();
  if (!items.length) return null;
  return (
    <Card title={t('grid.outbox')} testid="grid-outbox">
      <ul className="request-list">
        {items.map((q) => (
          <li key={q.key} data-testid="outbox-item">
            <div>{q.title}</div>
            {q.failed && <div className="small warn-text">{t('grid.failed', { msg: q.failed })}</div>}
            {q.failed && (
              <button type="button" className="link-button" onClick={() => void discard(q.key)}>
                {t('grid.discard')}
              </button>
            )}
          </li>
        ))}
      </ul>
      <button type="button" onClick={() => void flush()} data-testid="outbox-retry">
        {t('grid.submit')}
      </button>
    </Card>
  );
}
