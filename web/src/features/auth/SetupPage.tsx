import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { meQueryKey } from '../../app/session.ts';
import { ApiError, api, errorMessage } from '../../shared/api.ts';
import { AuthCard } from './AuthCard.tsx';

/** First run: the page behind the one-time link `npm start` prints on an empty instance. */
export default function SetupPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [organizationName, setOrganizationName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const token = params.get('token') ?? '';
  const setup = useMutation({
    mutationFn: () => api('/setup', { method: 'POST', body: { token, organizationName, email, password } }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: meQueryKey });
      navigate('/users', { replace: true });
    },
  });
  const fieldError = (name: string) =>
    setup.error instanceof ApiError
      ? setup.error.problem.errors?.find((e) => e.path === `body.${name}`)?.message
      : undefined;

  function submit(event: FormEvent) {
    event.preventDefault();
    setup.mutate();
  }

  if (!token) {
    return (
      <AuthCard title="Set up Heed">
        <Alert color="yellow">
          This page needs the one-time setup link that the server printed when it started for the first time.
        </Alert>
      </AuthCard>
    );
  }

  return (
    <AuthCard
      title="Welcome to Heed"
      subtitle="Create your organization and its owner account. This link works once."
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label="Organization name"
            required
            autoComplete="organization"
            value={organizationName}
            onChange={(e) => setOrganizationName(e.currentTarget.value)}
            error={fieldError('organizationName') && `Organization name ${fieldError('organizationName')}`}
            autoFocus
          />
          <TextInput
            label="Your email"
            type="email"
            required
            autoComplete="email"
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={fieldError('email') && `Email ${fieldError('email')}`}
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
          {setup.error && !(setup.error instanceof ApiError && setup.error.problem.errors?.length) && (
            <Alert color="red" role="alert">
              {errorMessage(setup.error)}
            </Alert>
          )}
          <Button type="submit" loading={setup.isPending}>
            Create organization
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
