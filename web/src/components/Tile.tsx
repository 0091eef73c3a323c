/** One figure of a KPI grid: its label, its value as formatted text, an optional line below. */
export function Tile({ name, label, value, sub, isEmphasis }: { name: string; label: string; value: string; sub?: string; isEmphasis?: boolean }) {
  return (
    <div className={isEmphasis ? 'tile emphasis' : 'tile'} data-testid={`kpi-${name}`}>
      <div className="label">{label}</div>
      <div className="value">{value}</div>
      {sub && <div className="sub">{sub}</div>}
    </div>
  );
}
