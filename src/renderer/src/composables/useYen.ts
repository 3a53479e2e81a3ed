/** Whole yen as the register shows it: ¥12,345, −¥100. */
export function yen(amount: number): string {
  const value = Math.trunc(amount);
  return `${value < 0 ? '−' : ''}¥${Math.abs(value).toLocaleString('ja-JP')}`;
}
