import { startTransition, useEffect, useState } from 'react';

/** More rows than a tall screen shows above the fold of a list page's table. */
const FIRST_ROWS = 20;

/**
 * The rows a page's table draws: the first time the page has rows, only the first screenful, and the
 * rest in a background render (a transition) right after that first paint. Drawing 50 rows of checkboxes,
 * badges and buttons is most of the work of showing a list page; the rows below the fold can wait a
 * frame or two. From then on (other pages, filters, sorts) every row is drawn at once.
 */
export function useStagedRows<T>(records: T[]): T[] {
  const [allRows, setAllRows] = useState(false);
  const staged = !allRows && records.length > FIRST_ROWS;
  useEffect(() => {
    if (staged) startTransition(() => setAllRows(true));
  }, [staged]);
  return staged ? records.slice(0, FIRST_ROWS) : records;
}
