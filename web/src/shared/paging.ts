import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

/**
 * The address bar's query, for URL updates. React Router's functional `setSearchParams` hands the
 * updater the params of the component's last render, which are stale when a second update comes before
 * the re-render (a debounced search right after a dialog closed would bring the dialog back).
 */
export function currentSearchParams(): URLSearchParams {
  return new URLSearchParams(window.location.search);
}

/**
 * Keyset paging kept in the URL, so refresh, back and deep links land on the same page: `cursor` is the
 * current page's cursor, `trail` the cursors of the pages before it ('' for the first page).
 */
export function useCursorPaging() {
  const [params, setParams] = useSearchParams();
  const cursor = params.get('cursor') ?? undefined;
  const trail = params.has('trail') ? (params.get('trail') ?? '').split('.') : [];

  const next = useCallback(
    (nextCursor: string) =>
      setParams(() => {
        const copy = currentSearchParams();
        const previous = copy.has('trail') ? (copy.get('trail') ?? '').split('.') : [];
        copy.set('trail', [...previous, copy.get('cursor') ?? ''].join('.'));
        copy.set('cursor', nextCursor);
        return copy;
      }),
    [setParams],
  );

  const previous = useCallback(
    () =>
      setParams(() => {
        const copy = currentSearchParams();
        const earlier = copy.has('trail') ? (copy.get('trail') ?? '').split('.') : [];
        const back = earlier.pop();
        if (back) copy.set('cursor', back);
        else copy.delete('cursor');
        if (earlier.length > 0) copy.set('trail', earlier.join('.'));
        else copy.delete('trail');
        return copy;
      }),
    [setParams],
  );

  return { cursor, pageNumber: trail.length + 1, hasPrevious: trail.length > 0, next, previous };
}

/**
 * A string filter kept in the URL. Changing any filter goes back to the first page.
 */
export function useUrlParam(name: string, fallback = '') {
  const [params, setParams] = useSearchParams();
  const value = params.get(name) ?? fallback;
  const setValue = useCallback(
    (next: string | null) =>
      setParams(
        () => {
          const copy = currentSearchParams();
          if (next === null || next === '' || next === fallback) copy.delete(name);
          else copy.set(name, next);
          copy.delete('cursor');
          copy.delete('trail');
          return copy;
        },
        { replace: true },
      ),
    [name, fallback, setParams],
  );
  return [value, setValue] as const;
}
