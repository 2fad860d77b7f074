// How numbers and times read in the console. Durations only: money is shown as the decimal strings the API sends.
const oneDecimal = new Intl.NumberFormat('en', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** Milliseconds as seconds with one decimal, e.g. 1234 -> "1.2". */
export function seconds(value: number): string {
  return oneDecimal.format(value / 1000);
}

export function ms(value: number | null | undefined): string {
  if (value === null || value === undefined) return '–';
  if (value < 1000) return `${value} ms`;
  if (value < 120_000) return `${seconds(value)} s`;
  if (value < 7_200_000) return `${Math.round(value / 60_000)} min`;
  return `${oneDecimal.format(value / 3_600_000)} h`;
}

export function count(value: number): string {
  return value.toLocaleString('en');
}

export function when(value: string | number | null): string {
  if (value === null) return '–';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : date.toLocaleString('en-GB');
}
