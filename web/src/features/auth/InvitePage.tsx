import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { meQueryKey } from '../../app/session.ts';
import { ApiError, api, errorMessage } from '../../shared/api.ts';
import { formatDateTime } from '../../shared/dates.ts';
import { PageLoader } from '../../shared/PageState.tsx';
import type { InvitationDescription } from '../../shared/types.ts';
import { AuthCard } from './AuthCard.tsx';
import { invitationQuery } from './authApi.ts';

const ROLE_LABELS: Record<InvitationDescription['role'], string> = { owner: 'owner', admin: 'admin' };

function SignInInstead() {
  return (
    <Text size="sm">
      If you have already set your password,{' '}
      <Anchor component={Link} to="/login" size="sm">
        sign in
      </Anchor>
      .
    </Text>
  );
}

/**
 * The page behind an admin invitation link: it says which organization invites which email as what,
 * then the invitee chooses a password (and their name) and is signed in. A link that was used, revoked,
 * re-sent or has expired says so instead of showing a form that cannot work.
 */
export default function InvitePage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const invitation = useQuery({ ...invitationQuery(token), enabled: token !== '' });

  if (!token) {
    return (
      <AuthCard title="Accept your invitation">
        <Alert color="yellow">
          This page needs the invitation link an admin of your organization sent you. Open the link exactly as
          you received it.
        </Alert>
        <Text size="sm">
          Already have an account?{' '}
          <Anchor component={Link} to="/login">
            Sign in
          </Anchor>
        </Text>
      </AuthCard>
    );
  }
  if (invitation.isPending) {
    return (
      <AuthCard title="Accept your invitation">
        <PageLoader />
      </AuthCard>
    );
  }
  if (invitation.error) {
    const dead = invitation.error instanceof ApiError && invitation.error.status === 404;
    return (
      <AuthCard title="Accept your invitation">
        <Alert
          color={dead ? 'yellow' : 'red'}
          role="alert"
          title={dead ? 'This link no longer works' : undefined}
        >
          <Stack gap={6} align="flex-start">
            <Text size="sm">{errorMessage(invitation.error)}</Text>
            {!dead && (
              <Button size="xs" variant="white" color="red" onClick={() => invitation.refetch()}>
                Try again
              </Button>
            )}
          </Stack>
        </Alert>
        {dead && <SignInInstead />}
      </AuthCard>
    );
  }
  return <AcceptForm token={token} invitation={invitation.data} />;
}

function AcceptForm({ token, invitation }: { token: string; invitation: InvitationDescription }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [name, setName] = useState(invitation.name);
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const accept = useMutation({
    mutationFn: () =>
      api('/auth/accept-invitation', {
        method: 'POST',
        body: { token, password, ...(name.trim() ? { name: name.trim() } : {}) },
      }),
    onSuccess: async () => {
      queryClient.clear();
      await queryClient.invalidateQueries({ queryKey: meQueryKey });
      navigate('/users', { replace: true });
    },
  });
  const fieldError = (field: string) =>
    accept.error instanceof ApiError
      ? accept.error.problem.errors?.find((e) => e.path === `body.${field}`)?.message
      : undefined;
  // Used, revoked or expired since the page opened: the form cannot help, only a new link can.
  const deadLink = accept.error instanceof ApiError && accept.error.status === 401;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (password !== confirmation) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    accept.mutate();
  }

  return (
    <AuthCard title={`Join ${invitation.organizationName}`}>
      <Stack gap={4}>
        <Text size="sm">
          You are invited to join <strong>{invitation.organizationName}</strong> on Heed as{' '}
          <strong>{invitation.email}</strong> ({ROLE_LABELS[invitation.role]}), to run its security-awareness
          training. Choose a password to finish.
        </Text>
        <Text size="xs" c="dimmed">
          This link works until {formatDateTime(invitation.expiresAt)}. You will sign in with{' '}
          {invitation.email}.
        </Text>
      </Stack>
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label="Your name"
            description="As your colleagues will see it in Heed."
            autoComplete="name"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={fieldError('name') && `Name ${fieldError('name')}`}
            maxLength={200}
          />
          <PasswordInput
            label="Password"
            description="At least 12 characters"
            required
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={fieldError('password') && `Password ${fieldError('password')}`}
            autoFocus
          />
          <PasswordInput
            label="Confirm password"
            required
            autoComplete="new-password"
            value={confirmation}
            onChange={(e) => setConfirmation(e.currentTarget.value)}
            error={mismatch && 'The two passwords are not the same.'}
          />
          {accept.error && !fieldError('password') && !fieldError('name') && (
            <Alert color="red" role="alert" title={deadLink ? 'This link no longer works' : undefined}>
              <Stack gap={6}>
                <Text size="sm">{errorMessage(accept.error)}</Text>
                {deadLink && <SignInInstead />}
              </Stack>
            </Alert>
          )}
          <Button type="submit" loading={accept.isPending} disabled={!password || !confirmation}>
            Accept invitation
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
