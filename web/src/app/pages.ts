/**
 * The console's pages: the address each answers, its code (a chunk of its own) and the first queries
 * it makes. The router is built from this list, and `startCurrentPage` uses it before the router (and
 * React, and Mantine) even exist, so this module stays free of components and UI libraries.
 */
import type { ComponentType } from 'react';
import { invitationQuery } from '../features/auth/authApi.ts';
import { departmentListQuery } from '../features/departments/departmentsApi.ts';
import { emailListParams, emailPageQuery, mailSettingsQuery } from '../features/email/emailApi.ts';
import {
  groupListQuery,
  groupQuery,
  memberListParams,
  memberPageQuery,
} from '../features/groups/groupsApi.ts';
import { courseQuery, learnerQuery, tasksQuery } from '../features/learn/learnApi.ts';
import {
  campaignListParams,
  campaignPageQuery,
  campaignQuery,
  campaignResultsQuery,
  phishingStatsQuery,
  recipientListParams,
  recipientPageQuery,
} from '../features/phishing/campaignsApi.ts';
import { phishedUsersSettingsQuery } from '../features/phishing/phishedUsersApi.ts';
import {
  landingPageDetailQuery,
  landingPageListParams,
  landingPageListQuery,
  templateDetailQuery,
  templateListParams,
  templateListQuery,
} from '../features/phishing/phishingApi.ts';
import { trainingSettingsQuery } from '../features/training/remindersApi.ts';
import {
  courseDetailQuery,
  courseListQuery,
  courseStatusFilter,
  enrollmentListParams,
  enrollmentPageQuery,
} from '../features/training/trainingApi.ts';
import { userListParams, userPageQuery } from '../features/users/usersApi.ts';
import { queryClient } from './queryClient.ts';
import { meQuery } from './session.ts';

export interface ConsolePage {
  /** A React Router path: static segments and `:name` parameters. */
  path: string;
  /** Behind sign-in (inside the layout and RequireSession), or public (sign-in, setup, invitation). */
  signedIn: boolean;
  load: () => Promise<{ default: ComponentType }>;
  /** Starts (never awaits) the queries the page asks for first, with the same keys the page uses. */
  prefetch?: (params: Record<string, string | undefined>, search: URLSearchParams) => void;
}

export const PAGES: ConsolePage[] = [
  { path: '/login', signedIn: false, load: () => import('../features/auth/LoginPage.tsx') },
  { path: '/setup', signedIn: false, load: () => import('../features/auth/SetupPage.tsx') },
  {
    path: '/invite',
    signedIn: false,
    load: () => import('../features/auth/InvitePage.tsx'),
    prefetch: (_params, search) => {
      const token = search.get('token');
      if (token) void queryClient.prefetchQuery(invitationQuery(token));
    },
  },
  // The learner portal: public to the console (its pages check the learner's own session).
  { path: '/learn/sign-in', signedIn: false, load: () => import('../features/learn/LearnSignInPage.tsx') },
  {
    path: '/learn',
    signedIn: false,
    load: () => import('../features/learn/MyLearningPage.tsx'),
    prefetch: () => {
      void queryClient.prefetchQuery(learnerQuery);
      void queryClient.prefetchQuery(tasksQuery);
    },
  },
  {
    path: '/learn/courses/:courseId',
    signedIn: false,
    load: () => import('../features/learn/CoursePage.tsx'),
    prefetch: ({ courseId = '' }) => {
      void queryClient.prefetchQuery(learnerQuery);
      void queryClient.prefetchQuery(courseQuery(courseId));
    },
  },
  // Any other address under /learn: the portal's own "page not found", not the console's.
  { path: '/learn/*', signedIn: false, load: () => import('../features/learn/LearnNotFoundPage.tsx') },
  {
    path: '/users',
    signedIn: true,
    load: () => import('../features/users/UsersPage.tsx'),
    prefetch: (_params, search) => void queryClient.prefetchQuery(userPageQuery(userListParams(search))),
  },
  {
    path: '/departments',
    signedIn: true,
    load: () => import('../features/departments/DepartmentsPage.tsx'),
    prefetch: () => void queryClient.prefetchQuery(departmentListQuery),
  },
  {
    path: '/groups',
    signedIn: true,
    load: () => import('../features/groups/GroupsPage.tsx'),
    prefetch: () => void queryClient.prefetchQuery(groupListQuery),
  },
  {
    path: '/groups/:groupId',
    signedIn: true,
    load: () => import('../features/groups/GroupPage.tsx'),
    prefetch: ({ groupId = '' }, search) => {
      void queryClient.prefetchQuery(memberPageQuery(groupId, memberListParams(search)));
      void queryClient.prefetchQuery(groupQuery(groupId));
    },
  },
  { path: '/settings/api', signedIn: true, load: () => import('../features/settings/ApiKeysPage.tsx') },
  { path: '/settings/admins', signedIn: true, load: () => import('../features/settings/AdminsPage.tsx') },
  {
    path: '/settings/audit-log',
    signedIn: true,
    load: () => import('../features/settings/AuditLogPage.tsx'),
  },
  {
    path: '/settings/email',
    signedIn: true,
    load: () => import('../features/email/EmailLogPage.tsx'),
    prefetch: (_params, search) => {
      void queryClient.prefetchQuery(mailSettingsQuery);
      void queryClient.prefetchQuery(emailPageQuery(emailListParams(search)));
    },
  },
  {
    path: '/training',
    signedIn: true,
    load: () => import('../features/training/CoursesPage.tsx'),
    prefetch: (_params, search) =>
      void queryClient.prefetchQuery(courseListQuery(courseStatusFilter(search.get('status')))),
  },
  {
    path: '/training/courses/new',
    signedIn: true,
    load: () => import('../features/training/CourseEditorPage.tsx'),
  },
  {
    path: '/training/courses/:courseId/edit',
    signedIn: true,
    load: () => import('../features/training/CourseEditorPage.tsx'),
    prefetch: ({ courseId = '' }) => void queryClient.prefetchQuery(courseDetailQuery(courseId)),
  },
  {
    path: '/training/courses/:courseId',
    signedIn: true,
    load: () => import('../features/training/CoursePage.tsx'),
    prefetch: ({ courseId = '' }, search) => {
      void queryClient.prefetchQuery(courseDetailQuery(courseId));
      void queryClient.prefetchQuery(enrollmentPageQuery(courseId, enrollmentListParams(search)));
    },
  },
  {
    path: '/phishing',
    signedIn: true,
    load: () => import('../features/phishing/PhishingOverviewPage.tsx'),
    prefetch: () => void queryClient.prefetchQuery(phishingStatsQuery),
  },
  {
    path: '/phishing/campaigns',
    signedIn: true,
    load: () => import('../features/phishing/CampaignsPage.tsx'),
    prefetch: (_params, search) =>
      void queryClient.prefetchQuery(campaignPageQuery(campaignListParams(search))),
  },
  {
    path: '/phishing/campaigns/new',
    signedIn: true,
    load: () => import('../features/phishing/CampaignEditorPage.tsx'),
  },
  {
    path: '/phishing/campaigns/:campaignId/edit',
    signedIn: true,
    load: () => import('../features/phishing/CampaignEditorPage.tsx'),
    prefetch: ({ campaignId = '' }) => void queryClient.prefetchQuery(campaignQuery(campaignId)),
  },
  {
    path: '/phishing/campaigns/:campaignId',
    signedIn: true,
    load: () => import('../features/phishing/CampaignPage.tsx'),
    prefetch: ({ campaignId = '' }, search) => {
      void queryClient.prefetchQuery(campaignQuery(campaignId));
      void queryClient.prefetchQuery(campaignResultsQuery(campaignId));
      void queryClient.prefetchQuery(recipientPageQuery(campaignId, recipientListParams(search)));
    },
  },
  {
    path: '/phishing/templates',
    signedIn: true,
    load: () => import('../features/phishing/TemplatesPage.tsx'),
    prefetch: (_params, search) =>
      void queryClient.prefetchQuery(templateListQuery(templateListParams(search))),
  },
  {
    path: '/phishing/templates/new',
    signedIn: true,
    load: () => import('../features/phishing/TemplateEditorPage.tsx'),
  },
  {
    path: '/phishing/templates/:templateId',
    signedIn: true,
    load: () => import('../features/phishing/TemplateEditorPage.tsx'),
    prefetch: ({ templateId = '' }) => void queryClient.prefetchQuery(templateDetailQuery(templateId)),
  },
  {
    path: '/phishing/landing-pages',
    signedIn: true,
    load: () => import('../features/phishing/LandingPagesPage.tsx'),
    prefetch: (_params, search) =>
      void queryClient.prefetchQuery(landingPageListQuery(landingPageListParams(search))),
  },
  {
    path: '/phishing/landing-pages/new',
    signedIn: true,
    load: () => import('../features/phishing/LandingPageEditorPage.tsx'),
  },
  {
    path: '/phishing/landing-pages/:landingPageId',
    signedIn: true,
    load: () => import('../features/phishing/LandingPageEditorPage.tsx'),
    prefetch: ({ landingPageId = '' }) =>
      void queryClient.prefetchQuery(landingPageDetailQuery(landingPageId)),
  },
  {
    path: '/phishing/settings',
    signedIn: true,
    load: () => import('../features/phishing/PhishedUsersSettingsPage.tsx'),
    prefetch: () => void queryClient.prefetchQuery(phishedUsersSettingsQuery),
  },
  {
    path: '/training/settings',
    signedIn: true,
    load: () => import('../features/training/TrainingSettingsPage.tsx'),
    prefetch: () => void queryClient.prefetchQuery(trainingSettingsQuery),
  },
];

/** The page of an address and its parameters (a router-free match: static segments and `:name`). */
export function matchPage(pathname: string) {
  const segments = pathname.split('/').filter(Boolean);
  for (const page of PAGES) {
    const pattern = page.path.split('/').filter(Boolean);
    if (pattern.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const matches = pattern.every((part, i) => {
      const segment = decodeURIComponent(segments[i]!);
      if (part.startsWith(':')) params[part.slice(1)] = segment;
      return part.startsWith(':') || part === segment;
    });
    if (matches) return { page, params };
  }
  return null;
}

/**
 * Run once, first thing on a page load, before React and Mantine are evaluated: the current page's
 * chunk, its first queries and (behind sign-in) the session check all start now, and are found running
 * by the router and the page when they get there. Without it they would start only after the main
 * bundle had run, a few hundred milliseconds later on a first visit.
 */
export function startCurrentPage() {
  const match = matchPage(window.location.pathname);
  if (!match) return;
  // The data first: a browser opens at most six connections to the server, and a first visit's page
  // code is a dozen files; requests asked first are sent first, so the data does not queue behind them.
  if (match.page.signedIn) void queryClient.prefetchQuery(meQuery);
  match.page.prefetch?.(match.params, new URLSearchParams(window.location.search));
  void match.page.load().catch(() => undefined); // the router loads it again, and shows a failure
}
