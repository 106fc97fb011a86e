import { useEffect, useMemo, useState } from 'react';
import { Field } from './components.tsx';
import { formatBytes } from './format.ts';
import { useI18n } from './i18n.ts';
import { MAX_ATTACHMENTS } from './limits.ts';
import { prepareFiles } from './photos.ts';

type Props = { label: string; files: File[]; onChange: (files: File[]) => void; testid: string; accept?: string; camera?: boolean };

/**
 * Picks photos (and other files): photos are downscaled and every file is checked the moment it is
 * picked, so nobody fills a whole form to learn at submit that a photo was too big; thumbnails
 * show what will be sent.
 */
export function PhotoInput({ label, files, onChange, testid, accept, camera }: Props) {
  const { t, locale } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const urls = useMemo(() => files.map((f) => (f.type.startsWith('image/') ? URL.createObjectURL(f) : null)), [files]);
  useEffect(() => () => urls.forEach((u) => u && URL.revokeObjectURL(u)), [urls]);

  const pick = async (input: HTMLInputElement) => {
    setBusy(true);
    setError(null);
    try {
      onChange(await prepareFiles([...(input.files ?? [])], locale));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      onChange([]);
      input.value = '';
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="photo-input">
      <Field label={label} hint={busy ? t('photo.preparing') : t('photo.hint', { max: MAX_ATTACHMENTS })}>
        <input type="file" multiple accept={accept} capture={camera ? 'environment' : undefined} onChange={(e) => void pick(e.currentTarget)} data-testid={testid} />
      </Field>
      {error && (
        <p className="error-box small" role="alert" data-testid={`${testid}-error`}>
          {error}
        </p>
      )}
      {files.length > 0 && (
        <ul className="thumbs" data-testid={`${testid}-picked`}>
          {files.map((f, i) => (
            <li key={`${f.name}-${i}`}>
              {urls[i] ? <img src={urls[i]!} alt={f.name} /> : <span className="thumb-file" aria-hidden="true">📄</span>}
              <span className="small muted" data-testid={`${testid}-size`} data-bytes={f.size}>
                {f.name} · {formatBytes(f.size)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
