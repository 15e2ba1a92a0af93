import {
  Alert,
  Anchor,
  Button,
  Center,
  Group,
  Loader,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconMailForward, IconShieldCheck } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, errorMessage } from '../../shared/api.ts';
import { fieldErrors } from '../../shared/formErrors.ts';
import type { Learner } from '../../shared/types.ts';
import { learnerQuery, learnQueryKey, rememberNext, safeLearnNext, takeRememberedNext } from './learnApi.ts';

/** The token of an emailed link, `/learn/sign-in#token=…` (in the fragment, so it never reaches a log). */
function tokenInFragment(): string | null {
  const hash = window.location.hash.replace(/^#/, '');
  return new URLSearchParams(hash).get('token');
}

function SignInCard({ children }: { children: ReactNode }) {
  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p={{ base: 'lg', xs: 'xl' }} w="100%" maw={440}>
        <Stack gap="lg">
          <Group gap="xs">
            <IconShieldCheck size={28} color="var(--mantine-color-indigo-6)" aria-hidden />
            <Text fw={700} size="lg">
              Heed
            </Text>
          </Group>
          {children}
        </Stack>
      </Paper>
    </Center>
  );
}

/**
 * /learn/sign-in: opened from an emailed link it signs the learner in with the link's token (once)
 * and goes on to My Learning, or to the page they wanted before; opened by itself it emails a link.
 * The answer to asking for a link is the same whether or not the address belongs to anyone.
 */
export default function LearnSignInPage() {
  useDocumentTitle('Sign in to your training · Heed');
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [token, setToken] = useState(tokenInFragment);
  const tokenSent = useRef<string | null>(null);
  const [email, setEmail] = useState('');
  const [sentMessage, setSentMessage] = useState<string | null>(null);
  const next = safeLearnNext(params.get('next'));

  const signIn = useMutation({
    mutationFn: (linkToken: string) =>
      api<Learner>('/learn/sessions', { method: 'POST', body: { token: linkToken } }),
    onSuccess: (learner) => {
      // Whatever a previous learner of this browser had loaded goes.
      queryClient.removeQueries({ queryKey: learnQueryKey });
      queryClient.setQueryData(learnerQuery.queryKey, learner);
      const remembered = takeRememberedNext();
      navigate(safeLearnNext(params.get('next') ?? remembered), { replace: true });
    },
  });

  // A link pasted into the address bar of this page changes only the fragment: no new page load.
  useEffect(() => {
    const onHashChange = () => setToken((current) => tokenInFragment() ?? current);
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);

  const { mutate: signInWith } = signIn;
  useEffect(() => {
    if (!token || tokenSent.current === token) return;
    tokenSent.current = token;
    // The token is spent by this request: it leaves the address (and the history) at once.
    window.history.replaceState(
      window.history.state,
      '',
      `${window.location.pathname}${window.location.search}`,
    );
    setSentMessage(null);
    signInWith(token);
  }, [token, signInWith]);

  // Someone already signed in (in this organization or another) may still ask for a link.
  const current = useQuery({ ...learnerQuery, enabled: !token, retry: false });

  const requestLink = useMutation({
    mutationFn: () =>
      api<{ message: string }>('/learn/sign-in-links', { method: 'POST', body: { email: email.trim() } }),
    onSuccess: (result) => {
      rememberNext(next);
      setSentMessage(result.message);
    },
  });
  const errors = fieldErrors(requestLink.error, ['email'] as const);

  function submit(event: FormEvent) {
    event.preventDefault();
    requestLink.mutate();
  }

  if (token && !signIn.isError) {
    return (
      <SignInCard>
        <Stack align="center" gap="sm" py="md" role="status">
          <Loader aria-hidden />
          <Text>Signing you in…</Text>
        </Stack>
      </SignInCard>
    );
  }

  if (sentMessage) {
    return (
      <SignInCard>
        <Stack gap="md">
          <Title order={1} size="h2">
            Check your email
          </Title>
          <Alert color="indigo" icon={<IconMailForward size={18} aria-hidden />} role="status">
            {sentMessage}
          </Alert>
          <Text size="sm" c="dimmed">
            Open the link on this device or any other. Nothing arrived after a few minutes? Look in your spam
            folder, or ask for another link.
          </Text>
          <Button
            variant="default"
            onClick={() => {
              setSentMessage(null);
              requestLink.reset();
            }}
          >
            Send another link
          </Button>
        </Stack>
      </SignInCard>
    );
  }

  return (
    <SignInCard>
      <div>
        <Title order={1} size="h2">
          Sign in to your training
        </Title>
        <Text c="dimmed" size="sm" mt={4}>
          Enter your work email address and we will email you a link that signs you in. No password needed.
        </Text>
      </div>
      {signIn.isError && (
        <Alert color="red" role="alert" title="This link did not sign you in">
          {errorMessage(signIn.error)}
        </Alert>
      )}
      {current.data && (
        <Alert color="gray" role="status">
          You are signed in as {current.data.user.email} ({current.data.organization.name}).{' '}
          <Anchor component={Link} to={next} size="sm">
            Continue to your training
          </Anchor>
        </Alert>
      )}
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label="Email"
            type="email"
            autoComplete="email"
            inputMode="email"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={errors.fields.email}
            autoFocus={!signIn.isError}
          />
          {errors.rest && (
            <Alert color="red" role="alert">
              {errors.rest}
            </Alert>
          )}
          <Button type="submit" loading={requestLink.isPending} disabled={!email.trim()}>
            Email me a sign-in link
          </Button>
        </Stack>
      </form>
    </SignInCard>
  );
}
