/**
 * The console's routes, made from the list of pages (pages.ts). Each page is a chunk of its own, loaded
 * with the route's `lazy`; a route's `loader` starts the page's first queries in the shared query cache
 * at the same moment, so the page's code, its data and the session check (`/auth/me`, started by the
 * signed-in area's loader) load side by side instead of one after the other. Loaders never wait for what
 * they start and never redirect: RequireSession still decides, once the session check answers, whether
 * the page shows or sign-in does.
 */
import {
  createBrowserRouter,
  type LoaderFunctionArgs,
  type RouteObject,
  redirect,
  type ShouldRevalidateFunction,
} from 'react-router';
import { PageLoader } from '../shared/PageState.tsx';
import { setDestination } from './destination.ts';
import { Layout } from './Layout.tsx';
import { type ConsolePage, PAGES } from './pages.ts';
import { queryClient } from './queryClient.ts';
import { RequireSession } from './RequireSession.tsx';
import { RouteError } from './RouteError.tsx';
import { meQuery } from './session.ts';

/**
 * A loader that starts queries and returns at once. It runs when its route is entered (and for another
 * group), not when only the query string changes: the page asks for what filters and paging need itself.
 */
function prefetch(start: (args: LoaderFunctionArgs) => void) {
  return {
    loader: (args: LoaderFunctionArgs) => {
      start(args);
      return null;
    },
    shouldRevalidate: (({ currentUrl, nextUrl }) =>
      currentUrl.pathname !== nextUrl.pathname) satisfies ShouldRevalidateFunction,
  };
}

/** Route-level code splitting: the page module's default export becomes the route's component. */
function route(page: ConsolePage): RouteObject {
  const start = page.prefetch;
  return {
    path: page.path,
    lazy: async () => ({ Component: (await page.load()).default }),
    ...(start && prefetch(({ params, request }) => start(params, new URL(request.url).searchParams))),
  };
}

export const router = createBrowserRouter([
  ...PAGES.filter((page) => !page.signedIn).map((page) => ({
    ...route(page),
    hydrateFallbackElement: <PageLoader />,
    errorElement: <RouteError />,
  })),
  {
    id: 'signed-in',
    element: (
      <RequireSession>
        <Layout />
      </RequireSession>
    ),
    hydrateFallbackElement: <PageLoader />,
    errorElement: <RouteError />,
    ...prefetch(() => {
      void queryClient.prefetchQuery(meQuery);
    }),
    children: [
      { index: true, loader: () => redirect('/users') },
      ...PAGES.filter((page) => page.signedIn).map(route),
      { path: '*', lazy: async () => ({ Component: (await import('./NotFoundPage.tsx')).default }) },
    ],
  },
]);

router.subscribe((state) => setDestination(state.navigation.location ?? state.location));
setDestination(router.state.location);
