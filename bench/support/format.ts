/** Small text helpers for the bench reports. */
export function formatInteger(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toString() : "n/a";
}

export function formatMs(value: number): string {
  if (!Number.isFinite(value)) return "n/a";
  return value >= 100 ? `${Math.round(value)} ms` : `${value.toFixed(1)} ms`;
}

export function printTable(title: string, rows: [label: string, value: string][]): void {
  console.log(`\n${title}`);
  console.log("-".repeat(title.length));
  for (const [label, value] of rows) console.log(`${label}: ${value}`);
}

export function dateStamp(now = new Date()): string {
  return now.toISOString().replace(/[:]/g, "-").replace(/\..+$/, "");
}
