import { Badge, Group, Paper, Select, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconMail } from '@tabler/icons-react';
import { DataTable } from 'mantine-datatable';
import { useSearchParams } from 'react-router';
import { formatDateTime, formatLaterTime } from '../../shared/dates.ts';
import { PagerBar } from '../../shared/PagerBar.tsx';
import { ErrorState } from '../../shared/PageState.tsx';
import { useCursorPaging, useUrlParam } from '../../shared/paging.ts';
import { SearchBox } from '../../shared/SearchBox.tsx';
import { useUrlDialog } from '../../shared/urlDialog.ts';
import { EmailDrawer } from './EmailDrawer.tsx';
import {
  EMAIL_STATUSES,
  type Email,
  emailListParams,
  KIND_OPTIONS,
  kindLabel,
  useEmailPage,
} from './emailApi.ts';
import { MailSettingsCard } from './MailSettingsCard.tsx';

const STATUS_OPTIONS = Object.entries(EMAIL_STATUSES).map(([value, { label }]) => ({ value, label }));

function StatusCell({ email }: { email: Email }) {
  const status = EMAIL_STATUSES[email.status];
  const badge = (
    <Badge variant="light" color={status.color}>
      {status.label}
    </Badge>
  );
  // Under the badge: why it was not delivered, or how many tries it took when more than one.
  const note = [email.attempts > 1 ? `${email.attempts} attempts` : null, email.statusDetail]
    .filter(Boolean)
    .join(' · ');
  return (
    <Stack gap={2} align="flex-start">
      {email.statusDetail ? (
        <Tooltip label={email.statusDetail} multiline maw={360} withArrow openDelay={300}>
          {badge}
        </Tooltip>
      ) : (
        badge
      )}
      {note && (
        <Text size="xs" c="dimmed" lineClamp={1}>
          {note}
        </Text>
      )}
    </Stack>
  );
}

/** Account Settings → Email: how mail is sent, and every email Heed wrote, newest first. */
export default function EmailLogPage() {
  const [params] = useSearchParams();
  const paging = useCursorPaging();
  const [search, setSearch] = useUrlParam('search');
  const [, setStatus] = useUrlParam('status');
  const [, setKind] = useUrlParam('kind');
  const listParams = emailListParams(params);
  const emails = useEmailPage(listParams);
  const records = emails.data?.data ?? [];
  const filtered = Boolean(listParams.search || listParams.status || listParams.kind);
  const drawer = useUrlDialog('email');
  const openedId = drawer.dialog === 'view' ? drawer.id : null;

  return (
    <Stack gap="lg">
      <div>
        <Title order={2}>Email</Title>
        <Text c="dimmed" size="sm" mt={4}>
          Every email Heed wrote for this organization (invitations, sign-in links, reminders) and what became
          of it. Newest first.
        </Text>
      </div>

      <MailSettingsCard />

      <Paper withBorder p="md">
        <Group gap="sm" mb="md" wrap="wrap">
          <SearchBox
            label="Search emails"
            placeholder="Search by recipient or subject"
            value={search}
            onSearch={setSearch}
            style={{ flex: 1, minWidth: 220, maxWidth: 420 }}
          />
          <Select
            aria-label="Status"
            placeholder="Any status"
            data={STATUS_OPTIONS}
            value={listParams.status ?? null}
            onChange={(value) => setStatus(value)}
            clearable
            w={180}
          />
          <Select
            aria-label="Kind"
            placeholder="Any kind"
            data={KIND_OPTIONS}
            value={listParams.kind ?? null}
            onChange={(value) => setKind(value)}
            clearable
            w={190}
          />
        </Group>

        {emails.error ? (
          <ErrorState error={emails.error} onRetry={() => emails.refetch()} />
        ) : (
          <>
            <DataTable<Email>
              aria-label="Emails"
              highlightOnHover
              verticalAlign="center"
              minHeight={records.length === 0 ? 220 : undefined}
              fetching={emails.isFetching}
              records={records}
              idAccessor="id"
              onRowClick={({ record }) => drawer.open('view', record.id)}
              rowStyle={() => ({ cursor: 'pointer' })}
              noRecordsIcon={<IconMail size={32} stroke={1.5} />}
              noRecordsText={
                emails.isPending
                  ? ''
                  : filtered
                    ? 'No emails match these filters.'
                    : 'No emails yet. Invitations, sign-in links and reminders appear here.'
              }
              columns={[
                {
                  accessor: 'to',
                  title: 'To',
                  width: 250,
                  render: (e) => (
                    <Stack gap={0}>
                      <Text size="sm" truncate="end" title={e.to.address}>
                        {e.to.address}
                      </Text>
                      {e.to.name && (
                        <Text size="xs" c="dimmed" truncate="end">
                          {e.to.name}
                        </Text>
                      )}
                    </Stack>
                  ),
                },
                {
                  accessor: 'subject',
                  title: 'Subject',
                  render: (e) => (
                    <Text
                      size="sm"
                      fw={500}
                      lineClamp={2}
                      component="button"
                      type="button"
                      onClick={(event) => {
                        event.stopPropagation();
                        drawer.open('view', e.id);
                      }}
                      // A bare button, but not `all: unset`: lineClamp needs the display Text gives it.
                      style={{
                        background: 'none',
                        border: 0,
                        padding: 0,
                        color: 'inherit',
                        textAlign: 'left',
                        cursor: 'pointer',
                      }}
                      title={e.subject}
                      aria-label={`Open the email “${e.subject}” to ${e.to.address}`}
                    >
                      {e.subject}
                    </Text>
                  ),
                },
                { accessor: 'kind', title: 'Kind', noWrap: true, render: (e) => kindLabel(e.kind) },
                // As wide as the widest badge, "NOT DELIVERED", so none is cut short.
                { accessor: 'status', title: 'Status', width: 160, render: (e) => <StatusCell email={e} /> },
                {
                  // One column for both times: the table fits a laptop's screen without scrolling sideways.
                  accessor: 'createdAt',
                  title: 'Created',
                  noWrap: true,
                  render: (e) => (
                    <Stack gap={0}>
                      <Text size="sm">{formatDateTime(e.createdAt)}</Text>
                      {e.sentAt && (
                        <Text size="xs" c="dimmed">
                          sent {formatLaterTime(e.sentAt, e.createdAt)}
                        </Text>
                      )}
                    </Stack>
                  ),
                },
              ]}
            />
            {(paging.hasPrevious || emails.data?.nextCursor) && (
              <PagerBar
                pageNumber={paging.pageNumber}
                hasPrevious={paging.hasPrevious}
                nextCursor={emails.data?.nextCursor}
                onPrevious={paging.previous}
                onNext={paging.next}
              />
            )}
          </>
        )}
      </Paper>

      <EmailDrawer emailId={openedId} onClose={drawer.close} />
    </Stack>
  );
}
