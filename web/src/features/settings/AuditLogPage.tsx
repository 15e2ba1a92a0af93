import '@mantine/dates/styles.layer.css';
import {
  Anchor,
  Badge,
  Button,
  Code,
  Group,
  Paper,
  Select,
  Stack,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { DatePickerInput, type DatePickerPreset, type DatesRangeValue } from '@mantine/dates';
import { IconCalendar, IconFilterOff, IconHistory } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { DataTable } from 'mantine-datatable';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../shared/api.ts';
import { formatDate, formatDateTime, formatTime } from '../../shared/dates.ts';
import { PagerBar } from '../../shared/PagerBar.tsx';
import { ErrorState } from '../../shared/PageState.tsx';
import { currentSearchParams, useCursorPaging, useUrlParam } from '../../shared/paging.ts';
import type { Admin, AuditEntry, Page } from '../../shared/types.ts';

const PAGE_SIZE = 50;

/** Every action the server records, in the words the console uses for them. */
const ACTIONS: Record<string, string> = {
  'organization.created': 'Organization created',
  'admin.invited': 'Admin invited',
  'admin.invitation_reissued': 'Invitation re-issued',
  'admin.invitation_revoked': 'Invitation revoked',
  'admin.invitation_accepted': 'Invitation accepted',
  'admin.renamed': 'Admin renamed',
  'admin.ownership_transferred': 'Ownership transferred',
  'admin.disabled': 'Admin disabled',
  'admin.enabled': 'Admin enabled',
  'api_key.created': 'API key created',
  'api_key.revoked': 'API key revoked',
  'user.created': 'User created',
  'user.updated': 'User updated',
  'user.disabled': 'User disabled',
  'user.enabled': 'User enabled',
  'users.imported': 'Users imported',
  'department.created': 'Department created',
  'department.renamed': 'Department renamed',
  'department.deleted': 'Department deleted',
  'group.created': 'Group created',
  'group.renamed': 'Group renamed',
  'group.deleted': 'Group deleted',
  'group.members_added': 'Users assigned to group',
  'group.members_removed': 'Users removed from group',
  'course.created': 'Course created',
  'course.updated': 'Course updated',
  'course.assigned': 'Course assigned',
  'reminders.sent': 'Reminders sent',
  'training.settings_updated': 'Training settings changed',
  'email.retried': 'Email retried',
  'mail.settings_updated': 'Email settings changed',
  'phishing_template.created': 'Phishing template created',
  'phishing_template.updated': 'Phishing template updated',
  'phishing_template.archived': 'Phishing template archived',
  'phishing_template.restored': 'Phishing template restored',
  'phishing_landing_page.created': 'Landing page created',
  'phishing_landing_page.updated': 'Landing page updated',
  'phishing_landing_page.archived': 'Landing page archived',
  'phishing_landing_page.restored': 'Landing page restored',
  'phishing_campaign.created': 'Campaign created',
  'phishing_campaign.updated': 'Campaign updated',
  'phishing_campaign.launched': 'Campaign launched',
  'phishing_campaign.cancelled': 'Campaign cancelled',
  'phishing_campaign.deleted': 'Campaign draft deleted',
  'phishing.phished_users_settings_updated': 'Phished Users settings changed',
  'phishing.phished_users_added': 'Added to Phished Users',
};

const TARGET_TYPES: Record<string, string> = {
  organization: 'Organization',
  admin: 'Admin',
  api_key: 'API key',
  user: 'User',
  department: 'Department',
  group: 'Group',
  course: 'Course',
  email: 'Email',
  phishing_campaign: 'Campaign',
  phishing_template: 'Phishing template',
  phishing_landing_page: 'Landing page',
};

/** The Action filter's options, grouped by what they act on ("users.imported" goes with User). */
const sectionOf = (action: string) => TARGET_TYPES[action.split('.')[0]!.replace(/s$/, '')] ?? 'Other';
const ACTION_OPTIONS = [...new Set(Object.keys(ACTIONS).map(sectionOf))].map((group) => ({
  group,
  items: Object.entries(ACTIONS)
    .filter(([value]) => sectionOf(value) === group)
    .map(([value, label]) => ({ value, label })),
}));

const actionLabel = (action: string) => ACTIONS[action] ?? action;
const targetTypeLabel = (type: string) => TARGET_TYPES[type] ?? type;
/** The type mid-sentence: "this group", "this API key". */
const targetNoun = (type: string) => targetTypeLabel(type).replace(/^[A-Z][a-z]/, (c) => c.toLowerCase());

const DAY = 'YYYY-MM-DD';
const today = () => dayjs().format(DAY);
const RANGE_PRESETS: DatePickerPreset<'range'>[] = [
  { label: 'Today', value: [today(), today()] },
  { label: 'Last 7 days', value: [dayjs().subtract(6, 'day').format(DAY), today()] },
  { label: 'Last 30 days', value: [dayjs().subtract(29, 'day').format(DAY), today()] },
  { label: 'This month', value: [dayjs().startOf('month').format(DAY), today()] },
];

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** `groupsCreated` → "groups created". */
const detailLabel = (key: string) => key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();

/**
 * A readable one-line summary of a detail's value (names, emails, counts, dates). Any other object,
 * such as the settings before a change, reads as its fields in words: "enabled no, remove after never".
 */
function describeValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string' && ISO_INSTANT.test(value)) return formatDateTime(value);
  if (typeof value === 'object') {
    if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map(describeValue).join(', ');
    const object = value as Record<string, unknown>;
    if (typeof object.email === 'string') return object.email;
    if (typeof object.name === 'string') return object.name;
    return Object.entries(object)
      .filter(([, field]) => field !== null && field !== undefined)
      .map(([key, field]) => `${detailLabel(key)} ${describeValue(field)}`)
      .join(', ');
  }
  return String(value);
}

/** What the entry was about, in words: the name or email its details carry. */
function targetName(entry: AuditEntry): string | null {
  const d = entry.details;
  // `group`: entries about a group's members (added, removed, Phished Users) name the group so.
  for (const key of ['name', 'email', 'to', 'group']) {
    if (typeof d[key] === 'string' && d[key]) return d[key] as string;
  }
  if (d.to && typeof d.to === 'object') return describeValue(d.to);
  return null;
}

function Details({ details }: { details: Record<string, unknown> }) {
  const entries = Object.entries(details).filter(([, value]) => value !== null && value !== undefined);
  if (entries.length === 0) return <Text c="dimmed">—</Text>;
  return (
    <Text
      size="sm"
      lineClamp={3}
      style={{ wordBreak: 'break-word' }}
      title={JSON.stringify(details, null, 2)}
    >
      {entries.map(([key, value], i) => (
        <span key={key}>
          {i > 0 && ' · '}
          <Text span c="dimmed" size="sm">
            {detailLabel(key)}:
          </Text>{' '}
          {describeValue(value)}
        </span>
      ))}
    </Text>
  );
}

/** Account Settings → Audit log: every change anyone made, newest first, filterable, paged by keyset. */
export default function AuditLogPage() {
  const [params, setParams] = useSearchParams();
  const [action, setAction] = useUrlParam('action');
  const [targetType, setTargetType] = useUrlParam('targetType');
  const [actorId, setActorId] = useUrlParam('actor');
  const [targetId, setTargetId] = useUrlParam('targetId');
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const paging = useCursorPaging();

  // The picker's half-chosen range stays here until both ends are picked; the URL holds finished ranges.
  const [range, setRange] = useState<DatesRangeValue<string>>([from || null, to || null]);
  useEffect(() => setRange([from || null, to || null]), [from, to]);

  function applyRange(value: DatesRangeValue<string>) {
    setRange(value);
    const [start, end] = value;
    if ((start && end) || (!start && !end)) {
      setParams(
        () => {
          const copy = currentSearchParams();
          for (const [key, v] of [
            ['from', start],
            ['to', end],
          ] as const) {
            if (v) copy.set(key, v);
            else copy.delete(key);
          }
          copy.delete('cursor');
          copy.delete('trail');
          return copy;
        },
        { replace: true },
      );
    }
  }

  const validDay = (day: string) => /^\d{4}-\d{2}-\d{2}$/.test(day) && dayjs(day).isValid();
  const query = {
    action: action || undefined,
    targetType: targetType || undefined,
    actorId: actorId || undefined,
    targetId: targetId || undefined,
    since: validDay(from) ? dayjs(from).startOf('day').toISOString() : undefined,
    until: validDay(to) ? dayjs(to).add(1, 'day').startOf('day').toISOString() : undefined,
    cursor: paging.cursor,
    limit: PAGE_SIZE,
  };
  const entries = useQuery({
    queryKey: ['audit-log', query],
    queryFn: ({ signal }) => api<Page<AuditEntry>>('/audit-log', { query, signal }),
    placeholderData: keepPreviousData,
  });
  const admins = useQuery({
    queryKey: ['admins'],
    queryFn: () => api<{ data: Admin[] }>('/admins'),
    staleTime: 60_000,
  });
  const adminOptions = (admins.data?.data ?? []).map((a) => ({
    value: a.id,
    label: a.name ? `${a.name} (${a.email})` : a.email,
  }));

  // One URL update for both (two setParams calls in a row would keep only the last).
  function showHistoryOf(type: string, id: string) {
    setParams(() => {
      const copy = currentSearchParams();
      copy.set('targetType', type);
      copy.set('targetId', id);
      copy.delete('cursor');
      copy.delete('trail');
      return copy;
    });
  }

  const filtered = Boolean(action || targetType || actorId || targetId || from || to);
  function clearFilters() {
    setRange([null, null]);
    setParams(new URLSearchParams(), { replace: true });
  }

  return (
    <Stack gap="lg">
      <div>
        <Title order={2}>Audit log</Title>
        <Text c="dimmed" size="sm" mt={4}>
          Every change made in this organization, by whom, when and from where. Newest first.
        </Text>
      </div>

      <Paper withBorder p="md">
        <Group align="flex-end" gap="sm" mb="md" wrap="wrap">
          <Select
            label="Action"
            placeholder="Any action"
            data={ACTION_OPTIONS}
            value={action || null}
            onChange={(v) => setAction(v)}
            searchable
            clearable
            nothingFoundMessage="No such action"
            w={240}
            comboboxProps={{ withinPortal: true }}
          />
          <Select
            label="Target type"
            placeholder="Any target"
            data={Object.entries(TARGET_TYPES).map(([value, label]) => ({ value, label }))}
            value={targetType || null}
            onChange={(v) => setTargetType(v)}
            clearable
            w={170}
          />
          <Select
            label="Admin"
            placeholder="Anyone"
            data={adminOptions}
            value={actorId || null}
            onChange={(v) => setActorId(v)}
            searchable
            clearable
            nothingFoundMessage="No such admin"
            disabled={admins.isError}
            w={240}
          />
          <DatePickerInput
            type="range"
            label="Date range"
            placeholder="Any date"
            value={range}
            onChange={applyRange}
            presets={RANGE_PRESETS}
            maxDate={today()}
            clearable
            allowSingleDateInRange
            valueFormat="D MMM YYYY"
            leftSection={<IconCalendar size={16} aria-hidden />}
            w={250}
          />
          {filtered && (
            <Button variant="subtle" leftSection={<IconFilterOff size={16} />} onClick={clearFilters}>
              Clear filters
            </Button>
          )}
        </Group>
        {targetId && (
          <Group gap="xs" mb="sm">
            <Text size="sm">
              Showing only the history of one {targetType ? targetNoun(targetType) : 'target'}:
            </Text>
            <Code>{targetId}</Code>
            <Anchor component="button" size="sm" onClick={() => setTargetId(null)}>
              Show all targets
            </Anchor>
          </Group>
        )}

        {entries.error ? (
          <ErrorState error={entries.error} onRetry={() => entries.refetch()} />
        ) : (
          <>
            <DataTable<AuditEntry>
              aria-label="Audit log"
              minHeight={entries.data?.data.length ? undefined : 220}
              fetching={entries.isFetching}
              records={entries.data?.data ?? []}
              noRecordsText={filtered ? 'No entries match these filters.' : 'Nothing has been recorded yet.'}
              noRecordsIcon={<IconHistory size={32} stroke={1.5} />}
              verticalAlign="top"
              highlightOnHover
              columns={[
                {
                  accessor: 'occurredAt',
                  title: 'When',
                  noWrap: true,
                  render: (e) => (
                    <Tooltip label={new Date(e.occurredAt).toString()} openDelay={400}>
                      <div>
                        <Text size="sm">{formatDate(e.occurredAt)}</Text>
                        <Text size="xs" c="dimmed">
                          {formatTime(e.occurredAt)}
                        </Text>
                      </div>
                    </Tooltip>
                  ),
                },
                {
                  accessor: 'actor',
                  title: 'Who',
                  // Labels break anywhere (long emails): without a width the column shrank to a letter.
                  width: 150,
                  render: (e) => (
                    <Stack gap={2} align="flex-start">
                      <Text size="sm" style={{ wordBreak: 'break-word' }}>
                        {e.actor.label}
                      </Text>
                      {e.actor.type !== 'admin' && (
                        <Badge
                          size="xs"
                          variant="light"
                          color={e.actor.type === 'api_key' ? 'grape' : 'gray'}
                        >
                          {e.actor.type === 'api_key' ? 'API key' : 'System'}
                        </Badge>
                      )}
                    </Stack>
                  ),
                },
                {
                  accessor: 'action',
                  title: 'Action',
                  render: (e) => (
                    <Tooltip label={e.action} openDelay={400}>
                      <Text size="sm" fw={500}>
                        {actionLabel(e.action)}
                      </Text>
                    </Tooltip>
                  ),
                },
                {
                  accessor: 'target',
                  title: 'Target',
                  render: (e) => {
                    const name = targetName(e);
                    const label = targetTypeLabel(e.target.type);
                    const linkTo =
                      e.target.type === 'group' && e.target.id && e.action !== 'group.deleted'
                        ? `/groups/${e.target.id}`
                        : null;
                    return (
                      <Stack gap={0} align="flex-start">
                        <Text size="xs" c="dimmed">
                          {label}
                        </Text>
                        {name &&
                          (linkTo ? (
                            <Anchor
                              component={Link}
                              to={linkTo}
                              size="sm"
                              style={{ wordBreak: 'break-word' }}
                            >
                              {name}
                            </Anchor>
                          ) : (
                            <Text size="sm" style={{ wordBreak: 'break-word' }}>
                              {name}
                            </Text>
                          ))}
                        {e.target.id && e.target.id !== targetId && (
                          <Anchor
                            component="button"
                            size="xs"
                            onClick={() => showHistoryOf(e.target.type, e.target.id!)}
                            aria-label={`Show the history of ${targetNoun(e.target.type)} ${name ?? e.target.id}`}
                          >
                            Show history
                          </Anchor>
                        )}
                      </Stack>
                    );
                  },
                },
                {
                  accessor: 'ip',
                  title: 'IP address',
                  noWrap: true,
                  render: (e) => (e.ip ? <Text size="sm">{e.ip}</Text> : <Text c="dimmed">—</Text>),
                },
                {
                  accessor: 'details',
                  title: 'Details',
                  width: '34%',
                  render: (e) => <Details details={e.details} />,
                },
              ]}
            />
            <PagerBar
              pageNumber={paging.pageNumber}
              hasPrevious={paging.hasPrevious}
              nextCursor={entries.data?.nextCursor}
              onPrevious={paging.previous}
              onNext={paging.next}
            />
          </>
        )}
      </Paper>
    </Stack>
  );
}
