import { type ComponentType, lazy, Suspense } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';
import { PageLoader } from '../shared/PageState.tsx';
import { Layout } from './Layout.tsx';
import { RequireSession } from './RequireSession.tsx';

/** Route-level code splitting: each page is its own chunk, loaded on first visit. */
function page(load: () => Promise<{ default: ComponentType }>) {
  const Page = lazy(load);
  return (
    <Suspense fallback={<PageLoader />}>
      <Page />
    </Suspense>
  );
}

export const router = createBrowserRouter([
  { path: '/login', element: page(() => import('../features/auth/LoginPage.tsx')) },
  { path: '/setup', element: page(() => import('../features/auth/SetupPage.tsx')) },
  { path: '/invite', element: page(() => import('../features/auth/InvitePage.tsx')) },
  {
    element: (
      <RequireSession>
        <Layout />
      </RequireSession>
    ),
    children: [
      { index: true, element: <Navigate to="/users" replace /> },
      { path: '/users', element: page(() => import('../features/users/UsersPage.tsx')) },
      { path: '/departments', element: page(() => import('../features/departments/DepartmentsPage.tsx')) },
      { path: '/groups', element: page(() => import('../features/groups/GroupsPage.tsx')) },
      { path: '/groups/:groupId', element: page(() => import('../features/groups/GroupPage.tsx')) },
      { path: '/settings/api', element: page(() => import('../features/settings/ApiKeysPage.tsx')) },
      { path: '/settings/admins', element: page(() => import('../features/settings/AdminsPage.tsx')) },
      { path: '/settings/audit-log', element: page(() => import('../features/settings/AuditLogPage.tsx')) },
      { path: '*', element: page(() => import('./NotFoundPage.tsx')) },
    ],
  },
]);
