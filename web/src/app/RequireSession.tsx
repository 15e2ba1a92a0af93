import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useRef } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { ApiError, onUnauthorized } from '../shared/api.ts';
import { ErrorState, PageLoader } from '../shared/PageState.tsx';
import { currentDestination } from './destination.ts';
import { useMe } from './session.ts';

/** Pages behind sign-in: without a session (or when it expires) go to sign in, then come back here. */
export function RequireSession({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const here = `${location.pathname}${location.search}`;
  // Only a session that was there can expire. A visitor who never signed in also gets 401s from the
  // page's queries (they start alongside the session check); the check's own 401 sends them to sign in.
  const hadSession = useRef(false);
  useEffect(() => {
    hadSession.current = me.data !== undefined;
  }, [me.data]);

  useEffect(
    () =>
      onUnauthorized(() => {
        if (!hadSession.current) return;
        hadSession.current = false; // one sign-in page, however many requests were refused
        notifications.show({
          color: 'yellow',
          title: 'Signed out',
          message: 'Your session has expired. Sign in again.',
        });
        // The session's cached data goes once sign-in is on screen: cleared before, the session check
        // would run again here, fail, and send you to sign in a second time with the page on screen.
        void Promise.resolve(
          navigate(`/login?next=${encodeURIComponent(currentDestination() ?? here)}`, { replace: true }),
        ).finally(() => queryClient.clear());
      }),
    [navigate, queryClient, here],
  );

  if (me.isPending) return <PageLoader />;
  if (me.error instanceof ApiError && me.error.status === 401) {
    return <Navigate to={`/login?next=${encodeURIComponent(here)}`} replace />;
  }
  if (me.error) return <ErrorState error={me.error} onRetry={() => me.refetch()} />;
  return children;
}
