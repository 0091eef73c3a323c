/**
 * The size limits of an event (docs/decisions.md "Limits of an event"): measured on the raw
 * JSON value before it is validated or applied, so that nothing that could later fail to
 * serialize, or bloat the log and the engine, ever reaches the state. The walk is iterative:
 * a 5,000-deep value is refused, not a stack overflow.
 */

/** The serialized event, UTF-8 bytes. */
export const MAX_EVENT_BYTES = 64 * 1024;
/** Objects and arrays nested inside the event object (the event itself is depth 1). */
export const MAX_EVENT_DEPTH = 32;
/** `id` and every top-level `…Id` field (conversationId, agentId, queueId, …). */
export const MAX_ID_LENGTH = 200;
/** Any string: a message's text, a subject, a name. */
export const MAX_STRING_LENGTH = 32 * 1024;

export type LimitResult = { ok: true; bytes: number } | { ok: false; field: string; message: string };

const isIdField = (key: string) => key === 'id' || key.endsWith('Id');

/**
 * Measures a raw event: nesting depth, string lengths, id lengths, `__proto__` keys (which
 * JSON.parse keeps as own keys but object spreads and validators would silently drop or
 * turn into a prototype), then its serialized size.
 */
export function measureEvent(raw: object): LimitResult {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: raw, path: '', depth: 1 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (value.length > MAX_STRING_LENGTH) {
        return refuse(path, `at most ${MAX_STRING_LENGTH} characters (got ${value.length})`);
      }
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth > MAX_EVENT_DEPTH) return refuse(path, `nested deeper than ${MAX_EVENT_DEPTH} levels`);
    const isTop = depth === 1;
    for (const [key, child] of Object.entries(value)) {
      const childPath = path === '' ? key : `${path}.${key}`;
      if (key === '__proto__') return refuse(childPath, 'a field may not be named __proto__');
      if (key.length > MAX_STRING_LENGTH) return refuse(path, `a field name longer than ${MAX_STRING_LENGTH} characters`);
      if (isTop && isIdField(key) && typeof child === 'string' && child.length > MAX_ID_LENGTH) {
        return refuse(childPath, `at most ${MAX_ID_LENGTH} characters (got ${child.length})`);
      }
      stack.push({ value: child, path: childPath, depth: depth + 1 });
    }
  }
  let json: string;
  try {
    json = JSON.stringify(raw);
  } catch (error) {
    // A BigInt or a cycle: possible only for an event built in code, never for parsed JSON.
    return refuse('', `cannot be serialized: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof json !== 'string') return refuse('', 'cannot be serialized');
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes > MAX_EVENT_BYTES) return refuse('', `the event is ${bytes} bytes, at most ${MAX_EVENT_BYTES} are allowed`);
  return { ok: true, bytes };
}

function refuse(field: string, reason: string): LimitResult {
  return { ok: false, field, message: field === '' ? `event: ${reason}` : `${field}: ${reason}` };
}
