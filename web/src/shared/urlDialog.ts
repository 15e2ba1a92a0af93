import { useCallback, useRef } from 'react';
import { useSearchParams } from 'react-router';
import { useReplaceParams } from './paging.ts';

/**
 * A page's dialog kept in its address, so a refresh or a copied link reopens it: `dialog=<which>`, and
 * for a dialog about one thing its id under `idName` (`?dialog=edit&group=<id>`). Opening and closing
 * replace the history entry: Back leaves the page rather than stepping through dialogs.
 */
export function useUrlDialog(idName: string) {
  const [params] = useSearchParams();
  const replaceParams = useReplaceParams();
  const open = useCallback(
    (dialog: string, id?: string) =>
      replaceParams((copy) => {
        copy.set('dialog', dialog);
        if (id) copy.set(idName, id);
        else copy.delete(idName);
      }),
    [idName, replaceParams],
  );
  const close = useCallback(
    () =>
      replaceParams((copy) => {
        copy.delete('dialog');
        copy.delete(idName);
      }),
    [idName, replaceParams],
  );
  return { dialog: params.get('dialog'), id: params.get(idName), open, close };
}

/** What a dialog shows keeps its last value while the dialog closes, so nothing changes mid-animation. */
export function useKeptWhileClosing<T>(value: T, opened: boolean): T {
  const kept = useRef(value);
  if (opened) kept.current = value;
  return kept.current;
}
