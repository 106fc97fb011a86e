// A missing id is waited for this long: long enough for a slow transaction to commit, short
// enough that the ids of rolled-back inserts are soon forgotten.
const HOLE_MS = 30_000;
const MAX_HOLES = 1_000;

/**
 * How far a reader of an append-only table has got. Ids are taken at insert but become visible at
 * commit, so a gap below the newest id read may still fill in: gaps are kept as holes and asked
 * for again until they fill or time out.
 */
export class IdCursor {
  last: number;
  private holes = new Map<number, number>();

  constructor(start: number) {
    this.last = start;
  }

  /** The late ids still worth asking for. */
  pending(nowMs: number): number[] {
    for (const [id, since] of this.holes) if (nowMs - since > HOLE_MS) this.holes.delete(id);
    return [...this.holes.keys()];
  }

  /** Records the ids read (ascending); returns the ones not seen before, so a filled hole is delivered once. */
  advance(ids: number[], nowMs: number): Set<number> {
    const fresh = new Set<number>();
    for (const id of ids) {
      if (id <= this.last) {
        if (this.holes.delete(id)) fresh.add(id);
        continue;
      }
      for (let gap = this.last + 1; gap < id && this.holes.size < MAX_HOLES; gap++) this.holes.set(gap, nowMs);
      this.last = id;
      fresh.add(id);
    }
    return fresh;
  }

  get holeCount(): number {
    return this.holes.size;
  }
}
