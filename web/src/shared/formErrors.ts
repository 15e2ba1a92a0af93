import { ApiError } from './api.ts';

/**
 * Splits an API error into messages for the form's own fields (from problem+json `errors[]`, whose
 * paths look like `body.email`) and whatever is left for an alert above the buttons.
 */
export function fieldErrors<F extends string>(
  error: unknown,
  fields: readonly F[],
): { fields: Partial<Record<F, string>>; rest: string | null } {
  if (!(error instanceof ApiError))
    return { fields: {}, rest: error ? String((error as Error).message ?? error) : null };
  const found: Partial<Record<F, string>> = {};
  for (const item of error.problem.errors ?? []) {
    const field = item.path.replace(/^body\./, '') as F;
    if (fields.includes(field) && !found[field]) found[field] = sentence(item.message);
  }
  return { fields: found, rest: Object.keys(found).length > 0 ? null : error.problem.detail };
}

/** "must be a valid email address" → "Must be a valid email address." */
function sentence(message: string) {
  const text = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
