/** A progress bar on stderr (a line per tenth when stderr is not a terminal). */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr): (done: number, total: number) => void {
  const started = performance.now();
  let lastDecile = -1;
  return (done, total) => {
    const f = total ? done / total : 1;
    const secs = (performance.now() - started) / 1000;
    const rate = secs > 0 ? done / secs : 0;
    const eta = rate > 0 ? (total - done) / rate : 0;
    const text = `${label} ${(f * 100).toFixed(0).padStart(3)}% ${done.toLocaleString('en')}/${total.toLocaleString('en')} · ${Math.round(rate).toLocaleString('en')}/s · ETA ${eta.toFixed(0)} s`;
    if (stream.isTTY) {
      const width = 30;
      const fill = Math.round(f * width);
      stream.write(`\r[${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${text}${done >= total ? '\n' : ''}`);
    } else if (Math.floor(f * 10) > lastDecile) {
      lastDecile = Math.floor(f * 10);
      stream.write(`${text}\n`);
    }
  };
}
