/**
 * Phishing campaigns and their results: queries and calls for the Campaigns, Campaign, wizard and
 * Overview pages. Like every module pages.ts imports, it stays free of components and UI libraries.
 */
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api, apiUrl } from '../../shared/api.ts';
import type {
  AudiencePreview,
  Campaign,
  CampaignInput,
  CampaignResults,
  Funnel,
  Group,
  Page,
  PhishingStats,
  RateRow,
  Recipient,
  RecipientTimeline,
  User,
} from '../../shared/types.ts';
import { phishingQueryKey } from './phishingApi.ts';

export type {
  AudiencePreview,
  Campaign,
  CampaignInput,
  CampaignResults,
  Funnel,
  PhishingStats,
  RateRow,
  Recipient,
  RecipientTimeline,
};

export type CampaignStatus = Campaign['status'];
export type RecipientStatus = Recipient['status'];
export type EventKind = RecipientTimeline['events'][number]['kind'];

const campaignsKey = [...phishingQueryKey, 'campaigns'] as const;

export const CAMPAIGNS_PAGE_SIZE = 50;
export const RECIPIENTS_PAGE_SIZE = 50;
/** While a campaign sends and people act on it, its results are asked again this often. */
export const LIVE_REFRESH_MS = 5000;

export const CAMPAIGN_STATUSES: Record<CampaignStatus, { label: string; color: string }> = {
  draft: { label: 'Draft', color: 'gray' },
  scheduled: { label: 'Scheduled', color: 'cyan' },
  sending: { label: 'Sending', color: 'indigo' },
  in_progress: { label: 'In progress', color: 'blue' },
  completed: { label: 'Completed', color: 'green' },
  cancelled: { label: 'Cancelled', color: 'red' },
};
export const CAMPAIGN_STATUS_VALUES = Object.keys(CAMPAIGN_STATUSES) as CampaignStatus[];

export const RECIPIENT_STATUSES: Record<RecipientStatus, { label: string; color: string }> = {
  scheduled: { label: 'Scheduled', color: 'gray' },
  sent: { label: 'Sent', color: 'blue' },
  delivery_failed: { label: 'Not delivered', color: 'dark' },
  opened: { label: 'Opened', color: 'yellow' },
  clicked: { label: 'Clicked', color: 'orange' },
  submitted: { label: 'Submitted', color: 'red' },
  reported: { label: 'Reported', color: 'green' },
};
export const RECIPIENT_STATUS_VALUES = Object.keys(RECIPIENT_STATUSES) as RecipientStatus[];

export const EVENT_KINDS: Record<EventKind, { label: string; color: string }> = {
  sent: { label: 'Email sent', color: 'blue' },
  delivery_failed: { label: 'Delivery failed', color: 'dark' },
  opened: { label: 'Opened the email', color: 'yellow' },
  clicked: { label: 'Clicked the link', color: 'orange' },
  submitted: { label: 'Submitted the form', color: 'red' },
  reported: { label: 'Reported the email', color: 'green' },
  bait: { label: 'Scanner bait', color: 'gray' },
};

/** Scheduled, sending or in progress: something can still happen, so the results refresh by themselves. */
export const isLive = (status: CampaignStatus | undefined) =>
  status === 'scheduled' || status === 'sending' || status === 'in_progress';

/** 0.1234 → "12.3%", null (nothing delivered yet) → "—". */
export const formatPercent = (rate: number | null | undefined) =>
  rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(rate === 0 || rate === 1 ? 0 : 1)}%`;

/** Delivered emails: sent minus the ones the mail server refused. */
export const delivered = (funnel: Funnel) => Math.max(0, funnel.sent - funnel.deliveryFailed);

/** "1 person", "1,200 people": the one the Groups pages already use. */
export { plural } from '../groups/groupsApi.ts';

// ——— The list ———

export interface CampaignListParams {
  status?: CampaignStatus;
  search?: string;
  cursor?: string;
}

/** The page of campaigns an address of the Campaigns page asks for (`?status=…&search=…&cursor=…`). */
export function campaignListParams(url: URLSearchParams): CampaignListParams {
  const status = url.get('status') as CampaignStatus | null;
  return {
    status: status && status in CAMPAIGN_STATUSES ? status : undefined,
    search: url.get('search')?.trim() || undefined,
    cursor: url.get('cursor') || undefined,
  };
}

export const campaignPageQuery = (params: CampaignListParams) =>
  queryOptions({
    queryKey: [...campaignsKey, 'list', params],
    queryFn: ({ signal }) =>
      api<Page<Campaign>>('/phishing/campaigns', {
        query: { ...params, limit: CAMPAIGNS_PAGE_SIZE },
        signal,
      }),
  });

export function useCampaignPage(params: CampaignListParams) {
  return useQuery({
    ...campaignPageQuery(params),
    placeholderData: keepPreviousData,
    // A page with a campaign still sending shows its numbers moving.
    refetchInterval: (query) =>
      query.state.data?.data.some((c) => isLive(c.status)) ? LIVE_REFRESH_MS : false,
  });
}

// ——— One campaign ———

export const campaignQuery = (id: string) =>
  queryOptions({
    queryKey: [...campaignsKey, 'one', id],
    queryFn: ({ signal }) => api<Campaign>(`/phishing/campaigns/${id}`, { signal }),
    // Not polled: a launched campaign's page refreshes its results, which carry it (CampaignPage).
  });

export const campaignResultsQuery = (id: string) =>
  queryOptions({
    queryKey: [...campaignsKey, 'one', id, 'results'],
    queryFn: ({ signal }) => api<CampaignResults>(`/phishing/campaigns/${id}/results`, { signal }),
    refetchInterval: (query) => (isLive(query.state.data?.campaign.status) ? LIVE_REFRESH_MS : false),
  });

export interface RecipientListParams {
  search?: string;
  status?: RecipientStatus;
  failed?: 'true';
  cursor?: string;
}

/** The page of recipients an address of the Campaign page asks for (`?search=…&status=…&failed=true`). */
export function recipientListParams(url: URLSearchParams): RecipientListParams {
  const status = url.get('status') as RecipientStatus | null;
  return {
    search: url.get('search')?.trim() || undefined,
    status: status && status in RECIPIENT_STATUSES ? status : undefined,
    failed: url.get('failed') === 'true' ? 'true' : undefined,
    cursor: url.get('cursor') || undefined,
  };
}

export const recipientPageQuery = (campaignId: string, params: RecipientListParams) =>
  queryOptions({
    queryKey: [...campaignsKey, 'one', campaignId, 'recipients', params],
    queryFn: ({ signal }) =>
      api<Page<Recipient>>(`/phishing/campaigns/${campaignId}/recipients`, {
        query: { ...params, limit: RECIPIENTS_PAGE_SIZE },
        signal,
      }),
  });

export function useRecipientPage(campaignId: string, params: RecipientListParams, live: boolean) {
  return useQuery({
    ...recipientPageQuery(campaignId, params),
    placeholderData: keepPreviousData,
    refetchInterval: live ? LIVE_REFRESH_MS : false,
  });
}

export const recipientTimelineQuery = (campaignId: string, recipientId: string) =>
  queryOptions({
    queryKey: [...campaignsKey, 'one', campaignId, 'recipient', recipientId],
    queryFn: ({ signal }) =>
      api<RecipientTimeline>(`/phishing/campaigns/${campaignId}/recipients/${recipientId}`, { signal }),
  });

/** The CSV of every recipient and what they did (a plain link: the browser downloads it). */
export const campaignResultsCsvUrl = (id: string) => apiUrl(`/phishing/campaigns/${id}/results.csv`);

// ——— Changes ———

export function saveCampaign(id: string | null, input: CampaignInput) {
  return api<Campaign>(id ? `/phishing/campaigns/${id}` : '/phishing/campaigns', {
    method: id ? 'PUT' : 'POST',
    body: input,
  });
}

export const deleteCampaign = (id: string) => api<void>(`/phishing/campaigns/${id}`, { method: 'DELETE' });
export const launchCampaign = (id: string) =>
  api<Campaign>(`/phishing/campaigns/${id}/launch`, { method: 'POST' });
export const cancelCampaign = (id: string) =>
  api<Campaign>(`/phishing/campaigns/${id}/cancel`, { method: 'POST' });

export interface Audience {
  groupIds: string[];
  departmentIds: string[];
  userIds: string[];
}

export const audiencePreviewQuery = (audience: Audience) =>
  queryOptions({
    queryKey: [...campaignsKey, 'audience', audience],
    queryFn: ({ signal }) =>
      api<AudiencePreview>('/phishing/campaigns/audience-preview', {
        method: 'POST',
        body: audience,
        signal,
      }),
    staleTime: 30_000,
  });

// ——— The wizard's pickers: the API searches, the browser never holds a whole list ———

export const PICKER_LIMIT = 20;

export const groupSearchQuery = (search: string) =>
  queryOptions({
    queryKey: ['groups', 'picker', search],
    queryFn: async ({ signal }) =>
      (await api<{ data: Group[] }>('/groups', { query: { search: search || undefined }, signal })).data,
    staleTime: 30_000,
  });

export const userSearchQuery = (search: string) =>
  queryOptions({
    queryKey: ['users', 'picker', search],
    queryFn: async ({ signal }) =>
      (
        await api<Page<User>>('/users', {
          query: { search: search || undefined, status: 'active', limit: PICKER_LIMIT },
          signal,
        })
      ).data,
    staleTime: 30_000,
  });

// ——— The organization's numbers ———

export const phishingStatsQuery = queryOptions({
  queryKey: [...phishingQueryKey, 'stats'],
  queryFn: ({ signal }) => api<PhishingStats>('/phishing/stats', { signal }),
});
