import { useCallback } from 'react';
import { useNavigate } from 'react-router';
import { useHere } from './LearnShell.tsx';
import { signInPath } from './learnApi.ts';

/** The learner's session ended during an action: sign in again, then come back to this page. */
export function useSignInAgain() {
  const navigate = useNavigate();
  const here = useHere();
  return useCallback(() => navigate(signInPath(here), { replace: true }), [navigate, here]);
}
