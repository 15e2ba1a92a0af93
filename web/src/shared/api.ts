/**
 * The console's one way to call the API: JSON in and out, problem+json turned into ApiError with the
 * server's `detail` (shown to people as is), and a 401 sending the browser to sign-in and back.
 */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { path: string; message: string }[];
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
  }
  get status() {
    return this.problem.status;
  }
}

type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  query?: Query;
  /** Raw text body with its content type (CSV uploads). */
  text?: { body: string; contentType: string };
  signal?: AbortSignal;
}

const unauthorizedListeners = new Set<() => void>();

/** The session ended (expired, signed out elsewhere): the app sends the person to sign in. */
export function onUnauthorized(listener: () => void) {
  unauthorizedListeners.add(listener);
  return () => {
    unauthorizedListeners.delete(listener);
  };
}

export function apiUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return `/api/v1${path}${qs ? `?${qs}` : ''}`;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: string | undefined;
  if (options.text) {
    headers['content-type'] = options.text.contentType;
    body = options.text.body;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), {
      method: options.method ?? 'GET',
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError({
      type: 'network',
      title: 'Network error',
      status: 0,
      detail: 'Heed could not be reached. Check your connection and try again.',
    });
  }
  if (response.status === 204) return undefined as T;
  const isJson = /json/.test(response.headers.get('content-type') ?? '');
  const payload = isJson ? await response.json().catch(() => null) : null;
  if (!response.ok) {
    const problem: Problem =
      payload && typeof payload.detail === 'string'
        ? payload
        : {
            type: 'unknown',
            title: response.statusText,
            status: response.status,
            detail: `The server answered ${response.status}.`,
          };
    if (response.status === 401 && !path.startsWith('/auth/') && path !== '/setup') {
      for (const listener of unauthorizedListeners) listener();
    }
    throw new ApiError(problem);
  }
  return payload as T;
}

/** The message to show for any error thrown by a query or mutation. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.problem.detail;
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}
