import { Card } from '../../shared/components.tsx';
import { formatBytes, formatDateTime } from '../../shared/format.ts';
import { useW } from './whistle-messages.ts';
import type { WhistleDetail } from './whistle-types.ts';

/** Photos taken when the whistle was blown and with each unit's action, as thumbnails that open full size. */
export function WhistlePhotos({ d }: { d: WhistleDetail }) {
  const { w, locale } = useW();
  const actionOf = (id: number | null) => d.actions.find((a) => a.id === id);
  return (
    <Card title={w('photos')} testid="whistle-photos">
      {d.photos.length === 0 ? <p className="muted">{w('noPhotos')}</p> : (
        <ul className="thumbs" data-testid="whistle-photo-list">
          {d.photos.map((p) => (
            <li key={p.id}>
              <a href={p.url} target="_blank" rel="noopener" data-testid="whistle-photo-link">
                {p.kind === 'image' ? <img src={p.url} alt={p.name} loading="lazy" data-testid="whistle-photo-thumb" /> : <span className="thumb-file" aria-hidden="true">📄</span>}
                <span className="small">{p.name}</span>
              </a>
              <span className="muted small">{actionOf(p.actionId)?.unitName ?? w('blow')} · {formatBytes(p.size)} · {formatDateTime(p.createdAt, locale)}</span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
