// Durations in the reports, to a fixed number of decimals: rounded once, by Math.round on a scaled value
// (never Number(x.toFixed(n)), which rounds the binary value's decimal string).
export function roundSeconds(seconds: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(seconds * scale) / scale;
}
