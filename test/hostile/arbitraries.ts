/**
 * fast-check generators of the hostile suite: plausible events of a small site (so that
 * lifecycles, duplicates and out-of-order times interact), and mutations that break them in
 * every way a client can: wrong types on every field, `Object.prototype` names in every
 * string position, deep nesting, huge strings and arrays, invalid dates, long ids,
 * duplicate ids with other payloads, non-objects.
 */
import fc from 'fast-check';
import { at } from '../server/helpers.ts';

/** Every own property name of `Object.prototype`: `toString`, `__proto__`, `constructor`, … */
export const PROTOTYPE_NAMES: readonly string[] = Object.getOwnPropertyNames(Object.prototype);

const CONVERSATIONS = ['c1', 'c2', 'c3', 'c4', 'c5'];
const QUEUES = ['q-a', 'q-b'];
const AGENTS = ['a1', 'a2', 'b1'];

/** A small id space, so that ids repeat across batches with other payloads. */
const eventId = fc.nat({ max: 400 }).map((n) => `e${n}`);
/** T0 … T0 + 5 min: never in the server's future, in any order. */
const when = fc.nat({ max: 300 }).map((s) => at(s));
const conversationId = fc.constantFrom(...CONVERSATIONS);
const agentId = fc.constantFrom(...AGENTS);

type Event = Record<string, unknown>;

export const validishEvent: fc.Arbitrary<Event> = fc
  .tuple(eventId, when, conversationId, agentId, fc.constantFrom(...QUEUES))
  .chain(([id, at, conversationId, agentId, queueId]) => {
    const base = { id, at, conversationId };
    return fc.oneof(
      fc.constantFrom('chat', 'voice', 'sms', 'email').map((channel) => ({ ...base, type: 'conversation.created', channel, queueId, subject: 'Help' })),
      fc.constant({ ...base, type: 'conversation.assigned', agentId, by: 'routing' }),
      fc.constant({ ...base, type: 'conversation.accepted', agentId }),
      fc.constant({ ...base, type: 'conversation.rejected', agentId }),
      fc.constantFrom('held', 'unheld', 'parked', 'resumed', 'wrapup', 'closed').map((kind) => ({ ...base, type: `conversation.${kind}` })),
      fc.constantFrom('customer', 'agent').map((from) => ({ ...base, type: 'conversation.message', from, text: 'This is terrible, I am furious' })),
      fc.constant({ ...base, type: 'conversation.transferred', toQueueId: queueId }),
      fc.constant({ ...base, type: 'supervisor.monitor', supervisorId: 'admin', mode: 'start' }),
      fc.constantFrom('available', 'away', 'busy').map((presence) => ({ id, at, type: 'agent.presence', agentId, presence })),
    );
  });

/** A value of the wrong type (or the right type with a hostile content) for any field. */
export const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(...PROTOTYPE_NAMES),
  fc.string({ maxLength: 20 }),
  fc.constant(''),
  fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 5 })), { maxLength: 4 }),
  fc.dictionary(fc.constantFrom(...PROTOTYPE_NAMES, 'a', 'id'), fc.integer(), { maxKeys: 3 }),
);

export const invalidDate = fc.constantFrom(
  '2026-02-30T10:00:00Z',
  '2026-02-29T10:00:00Z', // 2026 is no leap year
  '2026-13-01T00:00:00Z',
  '2026-03-02T24:30:00Z',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '2026-03-02T09:00:00', // no zone
  '2998-01-01T00:00:00Z', // far in the future
  'toString',
  '',
);

/**
 * A value nested `depth` deep. `JSON.stringify` of Node 20 overflows its stack near 5,000
 * levels, so it stays a marker in the generated event and `toJsonText` writes it out.
 */
export class Deep {
  constructor(
    readonly depth: number,
    readonly asArray: boolean,
  ) {}

  text(): string {
    return this.asArray ? '['.repeat(this.depth) + '"leaf"' + ']'.repeat(this.depth) : '{"x":'.repeat(this.depth) + '"leaf"' + '}'.repeat(this.depth);
  }
}

/** JSON text of a generated body, with every `Deep` written out in full. */
export function toJsonText(value: unknown): string {
  const deep: Deep[] = [];
  const text = JSON.stringify(value, (_key, v: unknown) => (v instanceof Deep ? `\u0000deep${deep.push(v) - 1}\u0000` : v));
  return text.replace(/"\\u0000deep(\d+)\\u0000"/g, (_match, i: string) => deep[Number(i)]!.text());
}

type Mutation = (event: Event) => fc.Arbitrary<unknown>;

const keysOf = (event: Event) => fc.constantFrom(...Object.keys(event));
const stringKeysOf = (event: Event) => {
  const keys = Object.keys(event).filter((key) => typeof event[key] === 'string');
  return fc.constantFrom(...keys);
};

const MUTATIONS: Mutation[] = [
  // wrong type on any field
  (event) => fc.tuple(keysOf(event), wrongValue).map(([key, value]) => ({ ...event, [key]: value })),
  // an Object.prototype name in any string position
  (event) => fc.tuple(stringKeysOf(event), fc.constantFrom(...PROTOTYPE_NAMES)).map(([key, name]) => ({ ...event, [key]: name })),
  // a required field missing
  (event) => keysOf(event).map((key) => Object.fromEntries(Object.entries(event).filter(([k]) => k !== key))),
  // deep nesting in an extra field or in a known one
  (event) =>
    fc.tuple(fc.constantFrom(33, 40, 200, 5_000), fc.boolean(), fc.constantFrom('extra', 'customer', 'subject', 'text')).map(([depth, asArray, key]) => ({
      ...event,
      [key]: new Deep(depth, asArray),
    })),
  // huge strings and arrays
  (event) =>
    fc.tuple(fc.constantFrom(33 * 1024, 70 * 1024), fc.constantFrom('text', 'subject', 'name', 'extra', 'conversationId', 'id')).map(([size, key]) => ({
      ...event,
      [key]: 'x'.repeat(size),
    })),
  (event) => fc.constantFrom(1_000, 20_000).map((n) => ({ ...event, queueIds: Array.from({ length: n }, (_, i) => `q${i}`), extra: Array.from({ length: n }, (_, i) => i) })),
  // ids just over the limit, in every id position
  (event) => fc.constantFrom('id', 'conversationId', 'agentId', 'queueId').map((key) => ({ ...event, [key]: 'i'.repeat(201) })),
  // dates that do not exist or make no sense
  (event) => invalidDate.map((value) => ({ ...event, at: value })),
  // not an object at all
  () => fc.oneof(fc.integer(), fc.string({ maxLength: 10 }), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }), fc.constant(true)),
  // unknown types, among them the names of Object.prototype
  (event) => fc.oneof(fc.constantFrom(...PROTOTYPE_NAMES), fc.string({ maxLength: 12 })).map((type) => ({ ...event, type })),
];

export const hostileEvent: fc.Arbitrary<unknown> = validishEvent.chain((event) => fc.constantFrom(...MUTATIONS).chain((mutate) => mutate(event)));

/** A batch mixing plausible and hostile events. */
export const mixedBatch: fc.Arbitrary<unknown[]> = fc.array(fc.oneof({ weight: 3, arbitrary: validishEvent }, { weight: 2, arbitrary: hostileEvent }), {
  minLength: 1,
  maxLength: 8,
});
