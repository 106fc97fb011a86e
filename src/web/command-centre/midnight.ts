const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** How long until the next 00:00 in Asia/Shanghai (UTC+8 all year, no summer time). */
export function msToShanghaiMidnight(now: number): number {
  return DAY_MS - ((now + SHANGHAI_OFFSET_MS) % DAY_MS);
}
