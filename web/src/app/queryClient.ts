import { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../shared/api.ts';

/**
 * The console's one query cache. It lives outside React so that the router can start a page's first
 * query (and the session check) while the page's code is still loading; the page then finds it running.
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: false,
      // A 4xx will not change by asking again; network trouble might.
      retry: (count, error) =>
        !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
    },
  },
});
