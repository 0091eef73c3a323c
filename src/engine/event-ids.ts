/**
 * Ids for the events the server writes itself (routing, supervisor actions). Time first,
 * then randomness: ids that grow with time land at the end of the store's id index, where
 * random ids (UUIDv4) would each touch another page and slow durable appends about 3×
 * (docs/store.md).
 */
import { randomBytes } from 'node:crypto';

export function timeOrderedId(prefix: string, now: number): string {
  return `${prefix}-${now.toString(16).padStart(12, '0')}-${randomBytes(8).toString('hex')}`;
}
