/**
 * The comparison rules of the shared scenarios (test/fixtures/scenarios/README.md), as the
 * project's own code: exact scalars, timestamps as instants, means within 0.01, ratios
 * within 1e-6, null only equal to null, rows matched by id, extra fields allowed.
 */
const TIME_KEYS = new Set(['at', 'from', 'to', 'createdAt']);
const RATIO_KEYS = new Set(['abandonedRate', 'transferRate', 'load', 'serviceLevel']);
/** A 3-decimal figure derived from a mean (the queues report's staffing). */
const MEAN_KEYS = new Set(['offeredErlangs']);
/** Lists of rows whose order is compared too (SPEC §8: queues by priority, then id). */
const ORDERED_ROW_KEYS = new Set(['queues']);
const MEAN_TOLERANCE = 0.01;
const RATIO_TOLERANCE = 1e-6;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Kind = 'mean' | 'ratio' | 'time' | 'exact';

function ignorePattern(path: string): RegExp {
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\*/g, '[^.\\[\\]]*');
  return new RegExp(`^${escaped}(?:$|[.\\[])`);
}

function kindOf(path: string, key: string): Kind {
  if (key.startsWith('average') || MEAN_KEYS.has(key)) return 'mean';
  if (RATIO_KEYS.has(key) || `.${path}`.includes('.serviceLevel.')) return 'ratio';
  if (TIME_KEYS.has(key)) return 'time';
  return 'exact';
}

function scalarMatches(expected: Json, actual: Json | undefined, kind: Kind): boolean {
  if (expected === null) return actual === null;
  if (typeof expected === 'boolean') return actual === expected;
  if (typeof expected === 'number') {
    if (typeof actual !== 'number') return false;
    if (kind === 'mean') return Math.abs(actual - expected) <= MEAN_TOLERANCE + 1e-9;
    if (kind === 'ratio') return Math.abs(actual - expected) <= RATIO_TOLERANCE;
    return actual === expected;
  }
  if (typeof expected === 'string' && kind === 'time') {
    return typeof actual === 'string' && Date.parse(actual) === Date.parse(expected);
  }
  return actual === expected;
}

const isRow = (value: Json): value is { [key: string]: Json } =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && 'id' in value;

/** Differences between an expected report and the product's, as `path: message` lines. */
export function compareReport(expected: Json, actual: Json, ignore: readonly string[] = []): string[] {
  const patterns = ignore.map(ignorePattern);
  const isIgnored = (path: string) => patterns.some((pattern) => pattern.test(path));
  const diffs: string[] = [];
  const show = (value: Json | undefined) => JSON.stringify(value)?.slice(0, 80);

  const walk = (exp: Json, act: Json | undefined, path: string, key: string): void => {
    if (path && isIgnored(path)) return;
    if (typeof exp === 'object' && exp !== null && !Array.isArray(exp)) {
      if (typeof act !== 'object' || act === null || Array.isArray(act)) {
        diffs.push(`${path}: expected an object, got ${show(act)}`);
        return;
      }
      // An alert's value is compared as the figure it names (a mean, a ratio, a count).
      const figure = typeof exp.figure === 'string' ? exp.figure : null;
      for (const [field, value] of Object.entries(exp)) {
        const fieldPath = path ? `${path}.${field}` : field;
        if (isIgnored(fieldPath)) continue;
        if (!(field in act)) diffs.push(`${fieldPath}: missing field`);
        else walk(value, act[field], fieldPath, figure !== null && field === 'value' ? figure : field);
      }
      return;
    }
    if (Array.isArray(exp) && exp.every(isRow)) {
      if (!Array.isArray(act)) {
        diffs.push(`${path}: expected a list of rows, got ${show(act)}`);
        return;
      }
      const rows = new Map<Json, Json>();
      for (const row of act) {
        if (!isRow(row)) diffs.push(`${path}: row without id`);
        else if (rows.has(row.id)) diffs.push(`${path}: row ${String(row.id)} appears twice`);
        else rows.set(row.id, row);
      }
      const wanted = new Set<Json>();
      for (const row of exp as { [key: string]: Json }[]) {
        const rowPath = `${path}[${String(row.id)}]`;
        wanted.add(row.id);
        if (!rows.has(row.id)) diffs.push(`${rowPath}: missing row`);
        else walk(row, rows.get(row.id), rowPath, key);
      }
      for (const id of rows.keys()) if (!wanted.has(id)) diffs.push(`${path}[${String(id)}]: unexpected row`);
      const order = [...rows.keys()];
      const expectedOrder = (exp as { [key: string]: Json }[]).map((row) => row.id);
      if (ORDERED_ROW_KEYS.has(key) && order.length === wanted.size && order.some((id, i) => id !== expectedOrder[i])) {
        diffs.push(`${path}: rows out of order: expected ${show(expectedOrder)}, got ${show(order)}`);
      }
      return;
    }
    if (Array.isArray(exp)) {
      if (!Array.isArray(act) || act.length !== exp.length) {
        diffs.push(`${path}: expected ${show(exp)}, got ${show(act)}`);
        return;
      }
      exp.forEach((item, index) => walk(item, act[index], `${path}[${index}]`, key));
      return;
    }
    if (!scalarMatches(exp, act, kindOf(path, key))) diffs.push(`${path}: expected ${show(exp)}, got ${show(act)}`);
  };

  walk(expected, actual, '', '');
  return diffs;
}

const NEGATIVE = new Set(['very-negative', 'negative', 'slightly-negative']);
const POSITIVE = new Set(['very-positive', 'positive', 'slightly-positive']);

/** The sentiment-direction check of the scenarios README ("Sentiment"). */
export function compareSentiment(
  expectedRows: { id: string }[],
  actualRows: { id: string; sentiment?: string }[],
  sidecar: Record<string, [string, string, string | null]>,
  at: number,
): string[] {
  const actual = new Map(actualRows.map((row) => [row.id, row]));
  const diffs: string[] = [];
  for (const { id } of expectedRows) {
    const row = actual.get(id);
    if (!row) {
      // A report that drops a conversation must not pass the sentiment check by omission.
      diffs.push(`conversations[${id}]: missing row`);
      continue;
    }
    const label = sidecar[id];
    const first = label?.[2] ? Date.parse(label[2]) : null;
    let wanted: Set<string> | null = null;
    if (first === null || first > at) wanted = new Set(['neutral']);
    else if (label![0] === 'very-negative') wanted = NEGATIVE;
    else if (label![0] === 'very-positive') wanted = POSITIVE;
    if (wanted && !wanted.has(row.sentiment ?? '<missing>')) {
      diffs.push(`conversations[${id}].sentiment: expected one of ${[...wanted].join('/')} (${label?.join(', ')}), got ${row.sentiment}`);
    }
  }
  return diffs;
}
