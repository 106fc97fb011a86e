// Minimal RFC-4180 reader: the training export is a plain CSV with quoted
// multi-line citizen messages, so a dependency would be overkill.

/** Parse CSV text into rows of raw fields. Tolerates BOM, CRLF/LF/CR and a missing final newline. */
export function parseCsvRows(input: string): string[][] {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let inQuotes = false;
  // Tracks whether the current row has any content, so a trailing newline does not yield an empty row.
  let rowStarted = false;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text[i];
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          inQuotes = false;
        }
      } else {
        field += c;
      }
      continue;
    }
    if (c === '"') {
      inQuotes = true;
      rowStarted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
      rowStarted = true;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      if (rowStarted || field !== '') {
        row.push(field);
        rows.push(row);
      }
      row = [];
      field = '';
      rowStarted = false;
    } else {
      field += c;
      rowStarted = true;
    }
  }
  if (inQuotes) throw new Error('CSV: unterminated quoted field');
  if (rowStarted || field !== '') {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Parse CSV text whose first row is a header; missing trailing fields become ''. */
export function parseCsv(input: string): Record<string, string>[] {
  const rows = parseCsvRows(input);
  if (rows.length === 0) return [];
  const header = rows[0].map((h) => h.trim());
  const out: Record<string, string>[] = [];
  for (let r = 1; r < rows.length; r++) {
    const cells = rows[r];
    const obj: Record<string, string> = {};
    for (let c = 0; c < header.length; c++) obj[header[c]] = cells[c] ?? '';
    out.push(obj);
  }
  return out;
}
