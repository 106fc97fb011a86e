import { useEffect, useRef } from 'react';
import { echarts } from './echarts-setup.ts';

type Option = Parameters<ReturnType<typeof echarts.init>['setOption']>[0];

/** One chart in a box that follows its container's size (the board runs on a wall and on a laptop). */
export function EChart({ option, height, onClick, testid, label }: { option: Option; height: number; onClick?: (p: { name?: string; data?: unknown }) => void; testid?: string; label: string }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof echarts.init> | null>(null);
  const click = useRef(onClick);
  click.current = onClick;

  useEffect(() => {
    const c = echarts.init(el.current!, undefined, { renderer: 'canvas' });
    chart.current = c;
    c.on('click', (p) => click.current?.(p as { name?: string; data?: unknown }));
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current!);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={el} style={{ height, width: '100%' }} data-testid={testid} role="img" aria-label={label} />;
}
