import { describe, expect, it } from 'vitest';
import { parseCsv, parseCsvRows } from './csv.ts';

describe('parseCsvRows', () => {
  it('handles quoted commas, embedded newlines and doubled quotes', () => {
    const rows = parseCsvRows('a,b,c\n1,"x, y","line1\nline2"\n2,"say ""hi""",\n');
    expect(rows).toEqual([
      ['a', 'b', 'c'],
      ['1', 'x, y', 'line1\nline2'],
      ['2', 'say "hi"', ''],
    ]);
  });

  it('strips a BOM and tolerates CRLF, lone CR and a missing final newline', () => {
    expect(parseCsvRows('\ufeffh1,h2\r\nA,B\rC,D')).toEqual([
      ['h1', 'h2'],
      ['A', 'B'],
      ['C', 'D'],
    ]);
  });

  it('keeps CRLF inside quotes verbatim and empty quoted fields', () => {
    expect(parseCsvRows('"a\r\nb",""\r\n')).toEqual([['a\r\nb', '']]);
  });

  it('skips blank lines but keeps rows of empty fields', () => {
    expect(parseCsvRows('a,b\n\n,\n')).toEqual([['a', 'b'], ['', '']]);
  });

  it('rejects an unterminated quote', () => {
    expect(() => parseCsvRows('a,"oops\n')).toThrow(/unterminated/);
  });
});

describe('parseCsv', () => {
  it('maps rows to objects by header and fills missing trailing cells', () => {
    const csv = '\ufeffid,label,title,text\n1,城乡建设,标题,"正文，含逗号"\n2,教育文体\n';
    expect(parseCsv(csv)).toEqual([
      { id: '1', label: '城乡建设', title: '标题', text: '正文，含逗号' },
      { id: '2', label: '教育文体', title: '', text: '' },
    ]);
  });

  it('returns no rows for empty input', () => {
    expect(parseCsv('')).toEqual([]);
  });
});
