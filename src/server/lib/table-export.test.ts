import { describe, expect, it } from 'vitest';
import { csvCell, tableDownload } from './table-export.ts';

describe('table export', () => {
  it('marks text that a spreadsheet would run as a formula, and leaves numbers alone', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('@SUM(A1)')).toBe(`'@SUM(A1)`);
    expect(csvCell('+86 139')).toBe(`'+86 139`);
    expect(csvCell('-2')).toBe('-2');
    expect(csvCell(-2.5)).toBe('-2.5');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell(null)).toBe('');
  });

  it('streams a CSV with a byte-order mark, the headers and every page of rows', async () => {
    async function* rows() {
      yield [{ a: '一', b: 1 }];
      yield [{ a: '=1+1', b: -3 }];
    }
    const r = tableDownload('csv', 'x', 'sheet', [{ header: '甲 A', key: 'a' }, { header: '乙 B', key: 'b' }], rows());
    expect(r.headers.get('content-disposition')).toBe('attachment; filename="x.csv"');
    const bytes = Buffer.from(await r.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe('甲 A,乙 B\r\n一,1\r\n\'=1+1,-3\r\n');
  });
});
