/**
 * A conversation's status in words: open / active awaiting acceptance / active / waiting /
 * wrap-up (issue #10 item 2), from a row's status and acceptance or from the server's
 * status text (`describeStatus`: "active (awaiting acceptance)").
 */
import i18next, { type TFunction } from 'i18next';

export function statusKey(status: string, accepted: boolean): string {
  if (status === 'active') return accepted ? 'status.active' : 'status.awaiting';
  return `status.${status}`;
}

/** The server's status text (a 409's `status`, an action's `statusText`) in the console's language. */
export function statusTextLabel(t: TFunction, text: string | undefined): string {
  if (text === undefined) return '';
  if (text === 'active (awaiting acceptance)') return t('status.awaiting');
  if (text === 'active (in conversation)') return t('status.active');
  return t(`status.${text}`, { defaultValue: text });
}

/** The same, inside a sentence ("… is now closed"). */
export function statusInSentence(t: TFunction, text: string | undefined): string {
  return statusTextLabel(t, text).toLocaleLowerCase(i18next.language);
}
