/** Share of documents whose cluster's most common label is their own label. */
export function purity(clusters: ArrayLike<number>, labels: readonly string[]): number {
  const byCluster = new Map<number, Map<string, number>>();
  for (let i = 0; i < labels.length; i++) {
    const m = byCluster.get(clusters[i]) ?? new Map<string, number>();
    m.set(labels[i], (m.get(labels[i]) ?? 0) + 1);
    byCluster.set(clusters[i], m);
  }
  let hit = 0;
  for (const m of byCluster.values()) hit += Math.max(...m.values());
  return labels.length ? hit / labels.length : 0;
}

/** Normalised mutual information (arithmetic mean of the entropies): unlike purity, it does not reward many small clusters. */
export function nmi(clusters: ArrayLike<number>, labels: readonly string[]): number {
  const n = labels.length;
  const joint = new Map<string, number>();
  const cs = new Map<number, number>();
  const ls = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const key = `${clusters[i]}\u0000${labels[i]}`;
    joint.set(key, (joint.get(key) ?? 0) + 1);
    cs.set(clusters[i], (cs.get(clusters[i]) ?? 0) + 1);
    ls.set(labels[i], (ls.get(labels[i]) ?? 0) + 1);
  }
  let mi = 0;
  for (const [key, nij] of joint) {
    const [c, l] = key.split('\u0000');
    mi += (nij / n) * Math.log((n * nij) / (cs.get(Number(c))! * ls.get(l)!));
  }
  const h = (m: Map<unknown, number>) => -[...m.values()].reduce((s, x) => s + (x / n) * Math.log(x / n), 0);
  const denom = (h(cs) + h(ls)) / 2;
  return denom > 0 ? mi / denom : 1;
}
