// One line of RFC 4180 CSV to its fields and back. Record files hold one record per line, so a quoted
// field may hold commas and quotes ("" for one) but no line break.
import { ValueProblem } from './record-columns.ts';

/** The fields of one line; a line without quotes is a plain split (the fast path). */
export function splitCsvLine(line: string): string[] | ValueProblem {
  if (!line.includes('"')) return line.split(',');
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (line.charCodeAt(i) === 0x22) {
      let value = '';
      let from = i + 1;
      for (;;) {
        const quote = line.indexOf('"', from);
        if (quote < 0) return new ValueProblem('a quoted field is not closed (a quote inside is written "")');
        value += line.slice(from, quote);
        if (line.charCodeAt(quote + 1) === 0x22) {
          value += '"';
          from = quote + 2;
          continue;
        }
        i = quote + 1;
        break;
      }
      fields.push(value);
      if (i === line.length) return fields;
      if (line.charCodeAt(i) !== 0x2c)
        return new ValueProblem(`a quoted field is followed by "${line.charAt(i)}" instead of a comma`);
      i += 1;
    } else {
      const comma = line.indexOf(',', i);
      const end = comma < 0 ? line.length : comma;
      const value = line.slice(i, end);
      if (value.includes('"'))
        return new ValueProblem(
          'a quote inside an unquoted field: quote the whole field and double the quote',
        );
      fields.push(value);
      if (comma < 0) return fields;
      i = comma + 1;
    }
  }
}

const NEEDS_QUOTES = /[",\r\n]/;

export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function csvLine(values: readonly string[]): string {
  return values.map(csvField).join(',');
}
