import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type {
  LandingPage,
  LandingPageDetail,
  Template,
  TemplateDetail,
} from '../../../../src/modules/phishing/phishing.schemas.ts';
import { api } from '../../shared/api.ts';
import { type CourseStatusFilter, courseStatusFilter } from '../training/trainingApi.ts';

export type { LandingPage, LandingPageDetail, Template, TemplateDetail };

/** Every phishing query starts with this key: invalidating it refreshes lists and details. */
export const phishingQueryKey = ['phishing'] as const;

export type Difficulty = Template['difficulty'];
/** Active, Archived or All (`?status=`, active when missing): the course catalog's filter. */
export type StatusFilter = CourseStatusFilter;
export const statusFilter = courseStatusFilter;
export const DIFFICULTIES: { value: Difficulty; label: string; color: string }[] = [
  { value: 'easy', label: 'Easy', color: 'green' },
  { value: 'medium', label: 'Medium', color: 'yellow' },
  { value: 'hard', label: 'Hard', color: 'red' },
];

/** The variables a template may use (the server refuses any other), with what each becomes. */
export const TEMPLATE_VARIABLES: { name: string; description: string }[] = [
  { name: 'firstName', description: 'The recipient’s first name' },
  { name: 'lastName', description: 'The recipient’s last name' },
  { name: 'email', description: 'The recipient’s email address' },
  { name: 'department', description: 'The recipient’s department (empty if none)' },
  { name: 'link', description: 'The tracked link to the landing page (required)' },
  { name: 'trackingPixel', description: 'An invisible image that records opens (HTML only)' },
  { name: 'reportLink', description: 'The report link; without it a report footer is added' },
];

export function difficultyFilter(raw: string | null): Difficulty | undefined {
  return DIFFICULTIES.some((d) => d.value === raw) ? (raw as Difficulty) : undefined;
}

export interface TemplateListParams {
  status: StatusFilter;
  difficulty?: Difficulty;
  search?: string;
}

/** The filters an address of the Templates page asks for (`?status=…&difficulty=…&search=…`). */
export function templateListParams(url: URLSearchParams): TemplateListParams {
  return {
    status: statusFilter(url.get('status')),
    difficulty: difficultyFilter(url.get('difficulty')),
    search: url.get('search')?.trim() || undefined,
  };
}

/** The library: a few dozen templates, loaded whole (filtered by the API). */
export const templateListQuery = (params: TemplateListParams) =>
  queryOptions({
    queryKey: [...phishingQueryKey, 'templates', params],
    queryFn: async ({ signal }) =>
      (await api<{ data: Template[] }>('/phishing/templates', { query: { ...params }, signal })).data,
  });

export function useTemplates(params: TemplateListParams) {
  return useQuery({ ...templateListQuery(params), placeholderData: keepPreviousData });
}

export const templateDetailQuery = (id: string) =>
  queryOptions({
    queryKey: [...phishingQueryKey, 'template', id],
    queryFn: ({ signal }) => api<TemplateDetail>(`/phishing/templates/${id}`, { signal }),
  });

export interface LandingPageListParams {
  status: StatusFilter;
  search?: string;
}

export function landingPageListParams(url: URLSearchParams): LandingPageListParams {
  return { status: statusFilter(url.get('status')), search: url.get('search')?.trim() || undefined };
}

export const landingPageListQuery = (params: LandingPageListParams) =>
  queryOptions({
    queryKey: [...phishingQueryKey, 'landing-pages', params],
    queryFn: async ({ signal }) =>
      (await api<{ data: LandingPage[] }>('/phishing/landing-pages', { query: { ...params }, signal })).data,
  });

export function useLandingPages(params: LandingPageListParams) {
  return useQuery({ ...landingPageListQuery(params), placeholderData: keepPreviousData });
}

export const landingPageDetailQuery = (id: string) =>
  queryOptions({
    queryKey: [...phishingQueryKey, 'landing-page', id],
    queryFn: ({ signal }) => api<LandingPageDetail>(`/phishing/landing-pages/${id}`, { signal }),
  });

export interface TemplateInput {
  name: string;
  category: string;
  difficulty: Difficulty;
  subject: string;
  senderName: string;
  senderAddress: string;
  htmlBody: string;
  textBody: string;
  redFlags: string[];
}

export function saveTemplate(id: string | null, input: TemplateInput) {
  return api<TemplateDetail>(id ? `/phishing/templates/${id}` : '/phishing/templates', {
    method: id ? 'PUT' : 'POST',
    body: input,
  });
}

export interface TemplatePreview {
  subject: string;
  from: string;
  html: string;
  text: string;
  teachableMoment: string;
  problems: { path: string; message: string }[];
}

export function previewTemplate(
  draft: Omit<TemplateInput, 'name' | 'category' | 'difficulty'>,
  signal?: AbortSignal,
) {
  return api<TemplatePreview>('/phishing/templates/preview', { method: 'POST', body: draft, signal });
}

export interface LandingPageInput {
  name: string;
  html: string;
}

export function saveLandingPage(id: string | null, input: LandingPageInput) {
  return api<LandingPageDetail>(id ? `/phishing/landing-pages/${id}` : '/phishing/landing-pages', {
    method: id ? 'PUT' : 'POST',
    body: input,
  });
}

export function previewLandingPage(html: string, signal?: AbortSignal) {
  return api<{ html: string; formCount: number }>('/phishing/landing-pages/preview', {
    method: 'POST',
    body: { html },
    signal,
  });
}

export type ContentKind = 'template' | 'landing-page';
const PATHS: Record<ContentKind, string> = {
  template: '/phishing/templates',
  'landing-page': '/phishing/landing-pages',
};

export function cloneContent<T extends { id: string; name: string }>(kind: ContentKind, id: string) {
  return api<T>(`${PATHS[kind]}/${id}/clone`, { method: 'POST' });
}

export function setContentArchived<T extends { id: string; name: string }>(
  kind: ContentKind,
  id: string,
  archived: boolean,
) {
  return api<T>(`${PATHS[kind]}/${id}/${archived ? 'archive' : 'restore'}`, { method: 'POST' });
}
