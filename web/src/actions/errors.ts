/** A refused or failed action in plain words (issue #10 item 3): a 409 names the conversation's new status. */
import type { TFunction } from 'i18next';
import { ApiError } from '../api.ts';
import { statusInSentence } from '../components/Status.tsx';

export function actionErrorText(t: TFunction, error: unknown): string {
  if (error instanceof ApiError) {
    if (error.httpStatus === 409) return t('actions.conflict', { status: statusInSentence(t, error.conversationStatus) });
    if (error.httpStatus === 403) return t('actions.forbidden');
    if (error.httpStatus === 404) return t('actions.notFound');
  }
  return t('actions.failed', { message: error instanceof Error ? error.message : String(error) });
}
