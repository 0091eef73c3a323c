/**
 * The size limits of an event (docs/decisions.md "Limits of an event"): measured on the raw
 * JSON value before it is validated or applied, so that nothing that could later fail to
 * serialize, or bloat the log and the engine, ever reaches the state. The walk stops at the
 * depth limit: a 5,000-deep value is refused, not a stack overflow.
 */

/** The serialized event, UTF-8 bytes. */
export const MAX_EVENT_BYTES = 64 * 1024;
/** Objects and arrays nested inside the event object (the event itself is depth 1). */
export const MAX_EVENT_DEPTH = 32;
/** `id` and every top-level `…Id` field (conversationId, agentId, queueId, …). */
export const MAX_ID_LENGTH = 200;
/** Any string: a message's text, a subject, a name. */
export const MAX_STRING_LENGTH = 32 * 1024;

export type LimitResult = { ok: true } | { ok: false; field: string; message: string };

const isIdField = (key: string) => key === 'id' || key.endsWith('Id');

/** A refusal found while walking: where and why. */
interface Fault {
  field: string;
  reason: string;
}

/**
 * Measures a raw event: nesting depth, string lengths, id lengths, `__proto__` keys (which
 * JSON.parse keeps as own keys but object spreads and validators would silently drop or
 * turn into a prototype), then its serialized size. The walk recurses at most
 * `MAX_EVENT_DEPTH` levels and adds up an upper bound of the JSON size on the way (6 bytes
 * per character covers `\u00XX` escapes and UTF-8): only an event whose bound exceeds the
 * limit is serialized to be measured exactly, so the common event costs one walk.
 */
export function measureEvent(raw: object): LimitResult {
  const walk = { bound: 0, fault: null as Fault | null };
  walkValue(raw, '', 1, walk);
  if (walk.fault) return refuse(walk.fault.field, walk.fault.reason);
  if (walk.bound <= MAX_EVENT_BYTES) return { ok: true };
  let json: string | undefined;
  try {
    json = JSON.stringify(raw);
  } catch (error) {
    // A BigInt or a cycle: possible only for an event built in code, never for parsed JSON.
    return refuse('', `cannot be serialized: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof json !== 'string') return refuse('', 'cannot be serialized');
  // TextEncoder, not Buffer: the browser bundle imports the domain too (it runs only near the limit).
  const bytes = new TextEncoder().encode(json).length;
  if (bytes > MAX_EVENT_BYTES) return refuse('', `the event is ${bytes} bytes, at most ${MAX_EVENT_BYTES} are allowed`);
  return { ok: true };
}

const stringBound = (text: string) => 6 * text.length + 2;

function walkValue(value: unknown, path: string, depth: number, walk: { bound: number; fault: Fault | null }): void {
  if (typeof value === 'string') {
    if (value.length > MAX_STRING_LENGTH) walk.fault = { field: path, reason: `at most ${MAX_STRING_LENGTH} characters (got ${value.length})` };
    walk.bound += stringBound(value);
    return;
  }
  if (typeof value !== 'object' || value === null) {
    walk.bound += 25; // a number, a boolean or null
    return;
  }
  if (depth > MAX_EVENT_DEPTH) {
    walk.fault = { field: path, reason: `nested deeper than ${MAX_EVENT_DEPTH} levels` };
    return;
  }
  walk.bound += 2;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length && walk.fault === null; i += 1) {
      walk.bound += 1;
      walkValue(value[i], path === '' ? String(i) : `${path}.${i}`, depth + 1, walk);
    }
    return;
  }
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const child = (value as Record<string, unknown>)[key];
    const childPath = path === '' ? key : `${path}.${key}`;
    if (key === '__proto__') walk.fault = { field: childPath, reason: 'a field may not be named __proto__' };
    else if (key.length > MAX_STRING_LENGTH) walk.fault = { field: path, reason: `a field name longer than ${MAX_STRING_LENGTH} characters` };
    else if (depth === 1 && isIdField(key) && typeof child === 'string' && child.length > MAX_ID_LENGTH) {
      walk.fault = { field: childPath, reason: `at most ${MAX_ID_LENGTH} characters (got ${child.length})` };
    }
    if (walk.fault) return;
    walk.bound += stringBound(key) + 2;
    walkValue(child, childPath, depth + 1, walk);
    if (walk.fault) return;
  }
}

function refuse(field: string, reason: string): LimitResult {
  return { ok: false, field, message: field === '' ? `event: ${reason}` : `${field}: ${reason}` };
}
