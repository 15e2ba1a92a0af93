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
 * Changes the address's query in place (a history replace, not a new entry): for what is part of the
 * view but not a place of its own, such as an open dialog, a selection or a filter, so that refresh and
 * copied links show the same view while Back still goes to the previous page. The page is drawn again
 * at once (`flushSync`), as a component's own state would be, not later as a transition: a second click
 * must find the first one's result on screen. Effects pass `{ immediate: false }`.
 */
export function useReplaceParams() {
  const [, setParams] = useSearchParams();
  return useCallback(
    (change: (params: URLSearchParams) => void, { immediate = true } = {}) =>
      setParams(
        () => {
          const copy = currentSearchParams();
          change(copy);
          return copy;
        },
        { replace: true, flushSync: immediate },
      ),
    [setParams],
  );
}

/**
 * The names of one list's paging parameters. A page has one list in its address by default (`cursor`,
 * `trail`); a dialog's list next to it uses a prefix (`assignCursor`, `assignTrail`).
 */
export function pageParamNames(prefix = '') {
  return prefix
    ? { cursor: `${prefix}Cursor`, trail: `${prefix}Trail` }
    : { cursor: 'cursor', trail: 'trail' };
}

/**
 * Keyset paging kept in the URL, so refresh, back and deep links land on the same page: `cursor` is the
 * current page's cursor, `trail` the cursors of the pages before it ('' for the first page). A page's
 * pages are history entries of their own, so Back goes to the previous page; a dialog's (`replace`) are
 * not, so Back leaves the page rather than paging the dialog back.
 */
export function useCursorPaging(prefix = '', { replace = false } = {}) {
  const [params, setParams] = useSearchParams();
  const names = pageParamNames(prefix);
  const cursor = params.get(names.cursor) || undefined;
  const trail = params.has(names.trail) ? (params.get(names.trail) ?? '').split('.') : [];

  const next = useCallback(
    (nextCursor: string) =>
      setParams(
        () => {
          const copy = currentSearchParams();
          const previous = copy.has(names.trail) ? (copy.get(names.trail) ?? '').split('.') : [];
          copy.set(names.trail, [...previous, copy.get(names.cursor) ?? ''].join('.'));
          copy.set(names.cursor, nextCursor);
          return copy;
        },
        { replace },
      ),
    [setParams, names.cursor, names.trail, replace],
  );

  const previous = useCallback(
    () =>
      setParams(
        () => {
          const copy = currentSearchParams();
          const earlier = copy.has(names.trail) ? (copy.get(names.trail) ?? '').split('.') : [];
          const back = earlier.pop();
          if (back) copy.set(names.cursor, back);
          else copy.delete(names.cursor);
          if (earlier.length > 0) copy.set(names.trail, earlier.join('.'));
          else copy.delete(names.trail);
          return copy;
        },
        { replace },
      ),
    [setParams, names.cursor, names.trail, replace],
  );

  return { cursor, pageNumber: trail.length + 1, hasPrevious: trail.length > 0, next, previous };
}

/**
 * A string filter kept in the URL. Changing any filter goes back to the first page of the list the
 * filter belongs to (`pagePrefix` names that list's paging, as for useCursorPaging).
 */
export function useUrlParam(name: string, fallback = '', pagePrefix = '') {
  const [params] = useSearchParams();
  const replaceParams = useReplaceParams();
  const value = params.get(name) ?? fallback;
  const setValue = useCallback(
    (next: string | null) =>
      replaceParams((copy) => {
        if (next === null || next === '' || next === fallback) copy.delete(name);
        else copy.set(name, next);
        const page = pageParamNames(pagePrefix);
        copy.delete(page.cursor);
        copy.delete(page.trail);
      }),
    [name, fallback, pagePrefix, replaceParams],
  );
  return [value, setValue] as const;
}

/** Ids kept in the URL as one parameter, `id.id.id` (UUIDs have no dots). */
export function idsParam(params: URLSearchParams, name: string): string[] {
  return (params.get(name) ?? '').split('.').filter(Boolean);
}

export function setIdsParam(params: URLSearchParams, name: string, ids: readonly string[]) {
  if (ids.length > 0) params.set(name, ids.join('.'));
  else params.delete(name);
}

/**
 * A table's change of ticked rows, applied to the ids in the address now. The table reports its new
 * selection from what it last drew, and a second click can come before the first one's address change
 * has been drawn: so what was ticked and unticked is applied, never the table's whole list.
 */
export function applyTicks(current: readonly string[], drawn: readonly string[], next: readonly string[]) {
  const wasTicked = new Set(drawn);
  const isTicked = new Set(next);
  const result = current.filter((id) => !wasTicked.has(id) || isTicked.has(id));
  for (const id of next) if (!wasTicked.has(id) && !result.includes(id)) result.push(id);
  return result;
}
