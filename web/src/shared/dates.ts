const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

export const formatDate = (iso: string | null | undefined) => (iso ? dateFormat.format(new Date(iso)) : '—');
export const formatDateTime = (iso: string | null | undefined) =>
  iso ? dateTimeFormat.format(new Date(iso)) : '—';
export const formatTime = (iso: string) => timeFormat.format(new Date(iso));

/** `later` as a time alone when it falls on the same day as `earlier`, else as a date and time. */
export function formatLaterTime(later: string, earlier: string): string {
  return formatDate(later) === formatDate(earlier) ? formatTime(later) : formatDateTime(later);
}
