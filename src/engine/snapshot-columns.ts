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
 * - the other fields as they are, an empty one read back as the state's shared empty value
 *   (model.ts `NO_SESSIONS` …);
 * - each conversation made by one object literal in `evolve`'s field order, so that it has
 *   the shape of the conversations created while serving.
 *
 * `COLUMNS` must name every field of `Conversation` (the compiler checks it), and
 * `ColumnReader.conversation` must read each.
 */
import {
  type Conversation,
  NO_LOAD,
  NO_MONITORS,
  NO_SENTIMENT,
  NO_SESSIONS,
  NO_SKILLS,
} from '../domain/model.js';

type ColumnKind = 'number' | 'repeated' | 'plain';

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
  sessions: 'plain',
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

type Field = keyof typeof COLUMNS;
type FieldsOf<K extends ColumnKind> = { [F in Field]: (typeof COLUMNS)[F] extends K ? F : never }[Field];
type NumberField = FieldsOf<'number'>;
type RepeatedField = FieldsOf<'repeated'>;
type PlainField = FieldsOf<'plain'>;

const FIELDS = Object.keys(COLUMNS) as Field[];
const NUMBER_FIELDS = FIELDS.filter((field): field is NumberField => COLUMNS[field] === 'number');
const REPEATED_FIELDS = FIELDS.filter((field): field is RepeatedField => COLUMNS[field] === 'repeated');
const PLAIN_FIELDS = FIELDS.filter((field): field is PlainField => COLUMNS[field] === 'plain');

/** A slice as the snapshot stores it (msgpack). */
export interface ConversationColumns {
  count: number;
  /** The distinct values of the repeated fields; their columns index into it. */
  values: (string | null)[];
  repeated: Record<RepeatedField, number[]>;
  /** The bytes of a Float64Array per field. */
  numbers: Record<NumberField, Uint8Array>;
  plain: Record<PlainField, unknown[]>;
}

export function toColumns(conversations: readonly Conversation[]): ConversationColumns {
  const count = conversations.length;
  const values: (string | null)[] = [];
  const indexOf = new Map<string | null, number>();
  const repeated = {} as Record<RepeatedField, number[]>;
  for (const field of REPEATED_FIELDS) {
    repeated[field] = conversations.map((conversation) => {
      const value = conversation[field];
      let index = indexOf.get(value);
      if (index === undefined) indexOf.set(value, (index = values.push(value) - 1));
      return index;
    });
  }
  const numbers = {} as Record<NumberField, Uint8Array>;
  for (const field of NUMBER_FIELDS) {
    const column = new Float64Array(count);
    for (let i = 0; i < count; i++) column[i] = conversations[i]![field] ?? Number.NaN;
    numbers[field] = new Uint8Array(column.buffer);
  }
  const plain = {} as Record<PlainField, unknown[]>;
  for (const field of PLAIN_FIELDS) plain[field] = conversations.map((conversation) => conversation[field]);
  return { count, values, repeated, numbers, plain };
}

/** A copy with 8-byte alignment (the decoded bytes may start anywhere in their buffer). */
function float64s(bytes: Uint8Array): Float64Array {
  const column = new Float64Array(bytes.byteLength / 8);
  new Uint8Array(column.buffer).set(bytes);
  return column;
}

/** Reads the slices of one snapshot, interning their repeated values across slices. */
export class ColumnReader {
  private readonly interned = new Map<string | null, string | null>();

  /** The slice's conversations. */
  conversations(slice: ConversationColumns): Conversation[] {
    const values = slice.values.map((value) => {
      let same = this.interned.get(value);
      if (same === undefined) this.interned.set(value, (same = value));
      return same;
    });
    const repeated = {} as Record<RepeatedField, (string | null)[]>;
    for (const field of REPEATED_FIELDS) repeated[field] = slice.repeated[field].map((index) => values[index]!);
    const numbers = {} as Record<NumberField, Float64Array>;
    for (const field of NUMBER_FIELDS) numbers[field] = float64s(slice.numbers[field]);
    const conversations: Conversation[] = new Array(slice.count);
    for (let i = 0; i < slice.count; i++) conversations[i] = conversationAt(repeated, numbers, slice.plain, i);
    return conversations;
  }
}

const orNull = (value: number): number | null => (Number.isNaN(value) ? null : value);
const orEmpty = <T>(list: T[], empty: T[]): T[] => (list.length === 0 ? empty : list);

/** One conversation, in `evolve`'s field order (lifecycle.ts `conversation.created`). */
function conversationAt(
  repeated: Record<RepeatedField, (string | null)[]>,
  numbers: Record<NumberField, Float64Array>,
  plain: Record<PlainField, unknown[]>,
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
    activeAgentId: repeated.activeAgentId[i] ?? null,
    createdAt: numbers.createdAt[i]!,
    closedAt: orNull(numbers.closedAt[i]!),
    closeReason: repeated.closeReason[i] as Conversation['closeReason'],
    queueSince: numbers.queueSince[i]!,
    firstAcceptedAt: orNull(numbers.firstAcceptedAt[i]!),
    sessions: orEmpty(plain.sessions[i] as Conversation['sessions'], NO_SESSIONS),
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
