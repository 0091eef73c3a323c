/**
 * A slice of conversations in columns, the snapshot's bulk (snapshot.ts, format 5). A start
 * spends most of its time making the state's objects again, so the columns are laid out
 * for reading (docs/benchmarks.md, "Cold start"):
 *
 * - times and counts in one Float64Array per field (null as NaN): no number is decoded one
 *   by one;
 * - the fields whose values repeat (channel, queue, status, agent …) as indexes into the
 *   slice's list of distinct values, which `ColumnReader` interns across slices: every
 *   conversation of a queue holds the same string, as the ones `evolve` makes do, and the
 *   projections' maps compare them by identity;
 * - the sessions of all the slice's conversations in columns of their own, the same way;
 * - the other fields as they are, an empty one read back as the state's shared empty value
 *   (model.ts `NO_SKILLS` …);
 * - each conversation made by one object literal in `evolve`'s field order, so that it has
 *   the shape of the conversations created while serving.
 *
 * `COLUMNS` and `SESSION_COLUMNS` must name every field of `Conversation` and `Session`
 * (the compiler checks it), and `conversationAt` and `sessionsOf` must read each (their
 * literals are typed).
 */
import {
  type Conversation,
  NO_LOAD,
  NO_MONITORS,
  NO_SENTIMENT,
  NO_SESSIONS,
  NO_SKILLS,
  type Session,
} from '../domain/model.js';

type ColumnKind = 'number' | 'repeated' | 'plain' | 'sessions';

const COLUMNS = {
  id: 'plain',
  channel: 'repeated',
  direction: 'repeated',
  queueId: 'repeated',
  subject: 'plain',
  customer: 'plain',
  requiredSkills: 'plain',
  status: 'repeated',
  activeAgentId: 'repeated',
  createdAt: 'number',
  closedAt: 'number',
  closeReason: 'repeated',
  queueSince: 'number',
  firstAcceptedAt: 'number',
  sessions: 'sessions',
  holdSince: 'number',
  holdMs: 'number',
  wrapUpSince: 'number',
  recentSentiment: 'plain',
  sentiment: 'repeated',
  monitoredBy: 'plain',
  version: 'number',
  lastEventAt: 'number',
  lastMessageAt: 'number',
  load: 'plain',
} as const satisfies Record<keyof Conversation, ColumnKind>;

/** The sessions of a slice's conversations, one after another, in columns of their own. */
const SESSION_COLUMNS = {
  agentId: 'repeated',
  queueId: 'repeated',
  assignedAt: 'number',
  acceptedAt: 'number',
  endedAt: 'number',
  endReason: 'repeated',
  acceptedOnAssign: 'repeated',
} as const satisfies Record<keyof Session, ColumnKind>;

type FieldsOf<Spec, K extends ColumnKind> = { [F in keyof Spec]: Spec[F] extends K ? F : never }[keyof Spec];
const fieldsOf = <Spec extends Record<string, ColumnKind>, K extends ColumnKind>(spec: Spec, kind: K) =>
  (Object.keys(spec) as (keyof Spec)[]).filter((field): field is FieldsOf<Spec, K> => (spec[field] as ColumnKind) === kind);

type NumberField = FieldsOf<typeof COLUMNS, 'number'>;
type RepeatedField = FieldsOf<typeof COLUMNS, 'repeated'>;
type PlainField = FieldsOf<typeof COLUMNS, 'plain'>;
type SessionNumberField = FieldsOf<typeof SESSION_COLUMNS, 'number'>;
type SessionRepeatedField = FieldsOf<typeof SESSION_COLUMNS, 'repeated'>;

const NUMBER_FIELDS = fieldsOf(COLUMNS, 'number');
const REPEATED_FIELDS = fieldsOf(COLUMNS, 'repeated');
const PLAIN_FIELDS = fieldsOf(COLUMNS, 'plain');
const SESSION_NUMBER_FIELDS = fieldsOf(SESSION_COLUMNS, 'number');
const SESSION_REPEATED_FIELDS = fieldsOf(SESSION_COLUMNS, 'repeated');

type Repeated = string | boolean | null;

/** A slice as the snapshot stores it (msgpack). */
export interface ConversationColumns {
  count: number;
  /** The distinct values of the repeated fields (sessions' too); their columns index into it. */
  values: Repeated[];
  repeated: Record<RepeatedField, number[]>;
  /** The bytes of a Float64Array per field, null as NaN. */
  numbers: Record<NumberField, Uint8Array>;
  plain: Record<PlainField, unknown[]>;
  /** How many sessions each conversation has; the sessions' columns follow. */
  sessionCounts: number[];
  sessionRepeated: Record<SessionRepeatedField, number[]>;
  sessionNumbers: Record<SessionNumberField, Uint8Array>;
}

/** The distinct repeated values of a slice being written. */
class Distinct {
  readonly values: Repeated[] = [];
  private readonly indexes = new Map<Repeated, number>();

  column<R>(rows: readonly R[], field: keyof R): number[] {
    return rows.map((row) => {
      const value = row[field] as Repeated;
      let index = this.indexes.get(value);
      if (index === undefined) this.indexes.set(value, (index = this.values.push(value) - 1));
      return index;
    });
  }
}

function numberColumn<R>(rows: readonly R[], field: keyof R): Uint8Array {
  const column = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) column[i] = (rows[i]![field] as number | null) ?? Number.NaN;
  return new Uint8Array(column.buffer);
}

/** One column per field. */
function byField<F extends PropertyKey, T>(fields: readonly F[], column: (field: F) => T): Record<F, T> {
  const columns = {} as Record<F, T>;
  for (const field of fields) columns[field] = column(field);
  return columns;
}

export function toColumns(conversations: readonly Conversation[]): ConversationColumns {
  const distinct = new Distinct();
  const sessions = conversations.flatMap((conversation) => conversation.sessions);
  return {
    count: conversations.length,
    values: distinct.values,
    repeated: byField(REPEATED_FIELDS, (field) => distinct.column(conversations, field)),
    numbers: byField(NUMBER_FIELDS, (field) => numberColumn(conversations, field)),
    plain: byField(PLAIN_FIELDS, (field) => conversations.map((conversation) => conversation[field])),
    sessionCounts: conversations.map((conversation) => conversation.sessions.length),
    sessionRepeated: byField(SESSION_REPEATED_FIELDS, (field) => distinct.column(sessions, field)),
    sessionNumbers: byField(SESSION_NUMBER_FIELDS, (field) => numberColumn(sessions, field)),
  };
}

/** A copy with 8-byte alignment (the decoded bytes may start anywhere in their buffer). */
function float64s(bytes: Uint8Array): Float64Array {
  const column = new Float64Array(bytes.byteLength / 8);
  new Uint8Array(column.buffer).set(bytes);
  return column;
}

/** Reads the slices of one snapshot, interning their repeated values across slices. */
export class ColumnReader {
  private readonly interned = new Map<Repeated, Repeated>();

  /** The slice's conversations. */
  conversations(slice: ConversationColumns): Conversation[] {
    const values = slice.values.map((value) => {
      let same = this.interned.get(value);
      if (same === undefined) this.interned.set(value, (same = typeof value === 'string' ? internalized(value) : value));
      return same;
    });
    const valuesAt = (indexes: number[]) => indexes.map((index) => values[index]!);
    const sessions = sessionsOf(
      byField(SESSION_REPEATED_FIELDS, (field) => valuesAt(slice.sessionRepeated[field])),
      byField(SESSION_NUMBER_FIELDS, (field) => float64s(slice.sessionNumbers[field])),
    );
    const repeated = byField(REPEATED_FIELDS, (field) => valuesAt(slice.repeated[field]));
    const numbers = byField(NUMBER_FIELDS, (field) => float64s(slice.numbers[field]));
    const conversations: Conversation[] = new Array(slice.count);
    let next = 0;
    for (let i = 0; i < slice.count; i++) {
      const count = slice.sessionCounts[i]!;
      const own = count === 0 ? NO_SESSIONS : sessions.slice(next, next + count);
      next += count;
      conversations[i] = conversationAt(repeated, numbers, slice.plain, own, i);
    }
    return conversations;
  }
}

/**
 * The same text as V8's internalized string, the form of property names and literals: a
 * decoded string is not, and every `record[status]` look-up (STATUS_CODE, STATUS_FIELD …)
 * would hash it and search the string table again. A property name is always internalized.
 */
function internalized(text: string): string {
  return Object.keys({ [text]: true })[0]!;
}

const orNull = (value: number): number | null => (Number.isNaN(value) ? null : value);
const orEmpty = <T>(list: T[], empty: T[]): T[] => (list.length === 0 ? empty : list);

/** Every session of a slice, each one literal in `evolve`'s field order (lifecycle.ts `assign`). */
function sessionsOf(repeated: Record<SessionRepeatedField, Repeated[]>, numbers: Record<SessionNumberField, Float64Array>): Session[] {
  const sessions: Session[] = new Array(numbers.assignedAt.length);
  for (let i = 0; i < sessions.length; i++) {
    sessions[i] = {
      agentId: repeated.agentId[i] as string,
      queueId: repeated.queueId[i] as string,
      assignedAt: numbers.assignedAt[i]!,
      acceptedAt: orNull(numbers.acceptedAt[i]!),
      endedAt: orNull(numbers.endedAt[i]!),
      endReason: repeated.endReason[i] as Session['endReason'],
      acceptedOnAssign: repeated.acceptedOnAssign[i] as boolean,
    };
  }
  return sessions;
}

/** One conversation, in `evolve`'s field order (lifecycle.ts `conversation.created`). */
function conversationAt(
  repeated: Record<RepeatedField, Repeated[]>,
  numbers: Record<NumberField, Float64Array>,
  plain: Record<PlainField, unknown[]>,
  sessions: Session[],
  i: number,
): Conversation {
  const requiredSkills = plain.requiredSkills[i] as Conversation['requiredSkills'];
  const load = plain.load[i] as Conversation['load'];
  return {
    id: plain.id[i] as string,
    channel: repeated.channel[i] as Conversation['channel'],
    direction: repeated.direction[i] as Conversation['direction'],
    queueId: repeated.queueId[i] as string,
    subject: plain.subject[i] as string,
    customer: plain.customer[i] as Conversation['customer'],
    requiredSkills: Object.keys(requiredSkills).length === 0 ? NO_SKILLS : requiredSkills,
    status: repeated.status[i] as Conversation['status'],
    activeAgentId: repeated.activeAgentId[i] as string | null,
    createdAt: numbers.createdAt[i]!,
    closedAt: orNull(numbers.closedAt[i]!),
    closeReason: repeated.closeReason[i] as Conversation['closeReason'],
    queueSince: numbers.queueSince[i]!,
    firstAcceptedAt: orNull(numbers.firstAcceptedAt[i]!),
    sessions,
    holdSince: orNull(numbers.holdSince[i]!),
    holdMs: numbers.holdMs[i]!,
    wrapUpSince: orNull(numbers.wrapUpSince[i]!),
    recentSentiment: orEmpty(plain.recentSentiment[i] as Conversation['recentSentiment'], NO_SENTIMENT),
    sentiment: repeated.sentiment[i] as Conversation['sentiment'],
    monitoredBy: orEmpty(plain.monitoredBy[i] as string[], NO_MONITORS),
    version: numbers.version[i]!,
    lastEventAt: numbers.lastEventAt[i]!,
    lastMessageAt: orNull(numbers.lastMessageAt[i]!),
    load: load.agentId === null && load.units === 0 ? NO_LOAD : load,
  };
}
