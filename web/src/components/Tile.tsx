/**
 * One figure of a KPI grid: its label, its value as formatted text, an optional line below;
 * `level` colours it by a queue threshold it crossed (SPEC §6 "Thresholds and alerts").
 */
export function Tile({
  name,
  label,
  value,
  sub,
  isEmphasis,
  level,
}: {
  name: string;
  label: string;
  value: string;
  sub?: string;
  isEmphasis?: boolean;
  level?: 'warn' | 'alert' | null;
}) {
  return (
    <div className={isEmphasis ? 'tile emphasis' : 'tile'} data-testid={`kpi-${name}`} data-level={level ?? undefined}>
      <div className="label">{label}</div>
      <div className="value">{value}</div>
      {sub && <div className="sub">{sub}</div>}
    </div>
  );
}
