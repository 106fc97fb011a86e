/**
 * Category codes are hierarchical strings ('01', '01.03', '01.03.07'): the code itself says where a
 * category sits, so rules and duty items can name a whole branch with a prefix and matching needs
 * no tree walk. Codes are never reused: a removed category is deactivated, not renumbered.
 */
export const CATEGORY_CODE = /^\d{2}(\.\d{2}){0,2}$/;

export const URGENCY_CLASSES = ['emergency', 'utilities', 'general', 'complex'] as const;
export const REQUEST_TYPES = ['inquiry', 'help', 'complaint', 'report', 'suggestion'] as const;
export type UrgencyClass = (typeof URGENCY_CLASSES)[number];
export type RequestType = (typeof REQUEST_TYPES)[number];

export function codeDepth(code: string | null | undefined): number {
  return code ? code.split('.').length : 0;
}

export function parentCode(code: string): string | null {
  const i = code.lastIndexOf('.');
  return i < 0 ? null : code.slice(0, i);
}

/** The code and each of its ancestors, most specific first: '01.03.07' → ['01.03.07', '01.03', '01']. */
export function selfAndAncestors(code: string): string[] {
  const out: string[] = [];
  for (let c: string | null = code; c; c = parentCode(c)) out.push(c);
  return out;
}

/** Whether `branch` names `code` or one of its ancestors (a rule for '01.03' covers '01.03.07'). */
export function covers(branch: string, code: string): boolean {
  return code === branch || code.startsWith(`${branch}.`);
}

/** The next free child code under a parent (or at the top level), two digits per level. */
export function nextChildCode(parent: string | null, existing: Iterable<string>): string {
  let max = 0;
  const depth = codeDepth(parent) + 1;
  for (const c of existing) {
    if (codeDepth(c) !== depth || parentCode(c) !== parent) continue;
    max = Math.max(max, Number(c.slice(c.lastIndexOf('.') + 1)));
  }
  if (max >= 99) throw new Error(`no free code under ${parent ?? 'the top level'}`);
  const seg = String(max + 1).padStart(2, '0');
  return parent ? `${parent}.${seg}` : seg;
}
