import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { meQueryKey } from '../../app/session.ts';
import { ApiError, api, errorMessage } from '../../shared/api.ts';
import { AuthCard } from './AuthCard.tsx';

/** The page behind an admin invitation link: choose a password (and your name), then you are signed in. */
export default function InvitePage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const token = params.get('token') ?? '';
  const [name, setName] = useState('');
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
  // A used, revoked or expired link: the form cannot help, only a new link can.
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

  return (
    <AuthCard
      title="Join your team on Heed"
      subtitle="You have been invited to administer your organization's security-awareness training. Choose a password to finish."
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label="Your name"
            description="Optional. Leave it empty to keep the name the inviting admin entered."
            autoComplete="name"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={fieldError('name') && `Name ${fieldError('name')}`}
            maxLength={200}
            autoFocus
          />
          <PasswordInput
            label="Password"
            description="At least 12 characters"
            required
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={fieldError('password') && `Password ${fieldError('password')}`}
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
                {deadLink && (
                  <Text size="sm">
                    If you have already set your password,{' '}
                    <Anchor component={Link} to="/login" size="sm">
                      sign in
                    </Anchor>
                    .
                  </Text>
                )}
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
