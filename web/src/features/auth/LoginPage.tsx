import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { meQueryKey, safeNext } from '../../app/session.ts';
import { api, errorMessage } from '../../shared/api.ts';
import { AuthCard } from './AuthCard.tsx';

export default function LoginPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const signIn = useMutation({
    mutationFn: () => api('/auth/login', { method: 'POST', body: { email, password } }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: meQueryKey });
      navigate(safeNext(params.get('next')), { replace: true });
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    signIn.mutate();
  }

  return (
    <AuthCard title="Sign in" subtitle="Sign in to your organization's security-awareness console.">
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label="Email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            data-autofocus
            autoFocus
          />
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          {signIn.error && (
            <Alert color="red" role="alert">
              {errorMessage(signIn.error)}
            </Alert>
          )}
          <Button type="submit" loading={signIn.isPending} disabled={!email || !password}>
            Sign in
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
