import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { Email, EmailDetail, MailSettings } from '../../../../src/modules/mail/mail.schemas.ts';
import { api } from '../../shared/api.ts';
import type { Page } from '../../shared/types.ts';

export type { Email, EmailDetail, MailSettings };

/** Every email query starts with this key: a retry or a settings change refreshes the log. */
export const emailQueryKey = ['email'] as const;

export const EMAILS_PAGE_SIZE = 50;

export type EmailStatus = Email['status'];

export const EMAIL_STATUSES: Record<EmailStatus, { label: string; color: string }> = {
  queued: { label: 'Queued', color: 'blue' },
  sending: { label: 'Sending', color: 'cyan' },
  sent: { label: 'Sent', color: 'green' },
  failed: { label: 'Failed', color: 'red' },
  not_delivered: { label: 'Not delivered', color: 'orange' },
};

const KINDS: Record<string, string> = {
  reminder: 'Reminder',
  sign_in_link: 'Sign-in link',
  admin_invitation: 'Admin invitation',
};
export const KIND_OPTIONS = Object.entries(KINDS).map(([value, label]) => ({ value, label }));

/** `sign_in_link` → "Sign-in link"; a kind this console does not know yet is shown in plain words. */
export const kindLabel = (kind: string) => KINDS[kind] ?? kind.replace(/_/g, ' ');

/** Only these can be sent again: the server refuses the rest (409). */
export const canRetry = (email: Email) => email.status === 'failed' || email.status === 'not_delivered';

export interface EmailListParams {
  status?: EmailStatus;
  kind?: string;
  search?: string;
  cursor?: string;
}

export function emailListParams(url: URLSearchParams): EmailListParams {
  const status = url.get('status');
  return {
    status: status && status in EMAIL_STATUSES ? (status as EmailStatus) : undefined,
    kind: url.get('kind') || undefined,
    search: url.get('search')?.trim() || undefined,
    cursor: url.get('cursor') || undefined,
  };
}

export const emailPageQuery = (params: EmailListParams) =>
  queryOptions({
    queryKey: [...emailQueryKey, 'list', params],
    queryFn: ({ signal }) =>
      api<Page<Email>>('/emails', { query: { ...params, limit: EMAILS_PAGE_SIZE }, signal }),
  });

export function useEmailPage(params: EmailListParams) {
  return useQuery({ ...emailPageQuery(params), placeholderData: keepPreviousData });
}

export const emailQuery = (emailId: string) =>
  queryOptions({
    queryKey: [...emailQueryKey, 'one', emailId],
    queryFn: ({ signal }) => api<EmailDetail>(`/emails/${emailId}`, { signal }),
  });

export const mailSettingsQuery = queryOptions({
  queryKey: [...emailQueryKey, 'settings'],
  queryFn: ({ signal }) => api<MailSettings>('/mail/settings', { signal }),
});

export function retryEmail(emailId: string) {
  return api<EmailDetail>(`/emails/${emailId}/retry`, { method: 'POST' });
}

export function updateMailSettings(body: { smtpUrl: string | null; from: string | null }) {
  return api<MailSettings>('/mail/settings', { method: 'PUT', body });
}
