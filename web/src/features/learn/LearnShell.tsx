import { Box, Button, Container, Group, Text } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconLogout, IconShieldCheck } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { api } from '../../shared/api.ts';
import { ErrorState, PageLoader } from '../../shared/PageState.tsx';
import { isSignedOut, learnerQuery, learnQueryKey, SIGN_IN_PATH, signInPath } from './learnApi.ts';

/** The portal's address bar form of "here", to come back to after signing in. */
export function useHere() {
  const location = useLocation();
  return `${location.pathname}${location.search}`;
}

/** True while (and after) the learner signs out with the frame's button. */
const SigningOut = createContext(false);

/**
 * Where a page goes when the server says nobody is signed in: to sign in and back here. Signing out
 * empties the cache, so the frame and its page ask again and hear "nobody" before the sign-in page has
 * opened; that is the learner leaving, not a session that ran out under them, so there is no page to
 * come back to.
 */
function SignInAgain() {
  const here = useHere();
  const signingOut = useContext(SigningOut);
  return <Navigate to={signingOut ? SIGN_IN_PATH : signInPath(here)} replace />;
}

/**
 * The learner portal's frame: the organization, the learner and "Sign out" above a narrow column
 * (learners open their links on phones as often as on computers). Not the admin console's sidebar:
 * a learner has no admin session. Without a learner session it sends the person to sign in, and back
 * (unless the page is for anyone: `requireSignIn={false}`).
 */
export function LearnShell({
  title,
  children,
  requireSignIn = true,
}: {
  title: string;
  children: ReactNode;
  /** False for pages anyone may see (page not found): shown at once, signed in or not. */
  requireSignIn?: boolean;
}) {
  useDocumentTitle(`${title} · Heed`);
  const learner = useQuery(learnerQuery);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const signOut = useMutation({
    mutationFn: () => api('/learn/sign-out', { method: 'POST' }),
    onSettled: () => {
      queryClient.removeQueries({ queryKey: learnQueryKey });
      navigate(SIGN_IN_PATH, { replace: true });
    },
  });

  const signingOut = !signOut.isIdle;
  if (requireSignIn && isSignedOut(learner.error)) {
    return (
      <SigningOut.Provider value={signingOut}>
        <SignInAgain />
      </SigningOut.Provider>
    );
  }
  const name = learner.data
    ? `${learner.data.user.firstName} ${learner.data.user.lastName}`.trim() || learner.data.user.email
    : '';

  return (
    <SigningOut.Provider value={signingOut}>
      <Box mih="100vh">
        <Box
          component="header"
          bg="white"
          style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}
          aria-label="Learner portal"
        >
          <Container size="md" py="sm">
            <Group justify="space-between" wrap="nowrap" gap="sm">
              <Group gap="xs" wrap="nowrap" miw={0}>
                <IconShieldCheck
                  size={26}
                  color="var(--mantine-color-indigo-6)"
                  aria-hidden
                  style={{ flexShrink: 0 }}
                />
                <Box miw={0}>
                  <Text fw={700} truncate>
                    {learner.data?.organization.name ?? 'Heed'}
                  </Text>
                  <Text size="xs" c="dimmed" truncate>
                    Security training
                  </Text>
                </Box>
              </Group>
              {learner.data && (
                <Group gap="sm" wrap="nowrap">
                  <Text size="sm" c="dimmed" truncate maw={{ base: 120, sm: 260 }}>
                    {name}
                  </Text>
                  <Button
                    variant="subtle"
                    size="xs"
                    leftSection={<IconLogout size={16} aria-hidden />}
                    onClick={() => signOut.mutate()}
                    loading={signOut.isPending}
                  >
                    Sign out
                  </Button>
                </Group>
              )}
            </Group>
          </Container>
        </Box>
        <Container component="main" size="md" py="lg" px={{ base: 'sm', xs: 'md' }}>
          {!requireSignIn ? (
            children
          ) : learner.isPending ? (
            <PageLoader />
          ) : learner.error ? (
            <ErrorState error={learner.error} onRetry={() => learner.refetch()} />
          ) : (
            children
          )}
        </Container>
      </Box>
    </SigningOut.Provider>
  );
}

/** A failed query of a portal page: sign in again when the session has ended, otherwise say what failed. */
export function LearnQueryError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  if (isSignedOut(error)) return <SignInAgain />;
  return <ErrorState error={error} onRetry={onRetry} />;
}
