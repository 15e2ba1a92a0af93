/**
 * A campaign: what it sends and to whom, and (once launched) what people did with it: the funnel, the
 * phish-prone %, events per hour, the department and group breakdowns, and every recipient with their
 * event timeline in a drawer. While it is scheduled, sending or in progress, everything on the page is
 * asked again every few seconds, so the numbers move as people act.
 */
import {
  Alert,
  Anchor,
  Breadcrumbs,
  Button,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Switch,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import {
  IconArrowLeft,
  IconDownload,
  IconPencil,
  IconPlayerStop,
  IconRobot,
  IconRocket,
  IconTrash,
  IconUsers,
} from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { DataTable } from 'mantine-datatable';
import { useEffect } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { ApiError, errorMessage } from '../../shared/api.ts';
import { formatDateTime } from '../../shared/dates.ts';
import { PagerBar } from '../../shared/PagerBar.tsx';
import { ErrorState, PageLoader } from '../../shared/PageState.tsx';
import { currentSearchParams, useCursorPaging, useUrlParam } from '../../shared/paging.ts';
import { SearchBox } from '../../shared/SearchBox.tsx';
import { useUrlDialog } from '../../shared/urlDialog.ts';
import { EventsTimelineChart, FunnelChart } from './CampaignCharts.tsx';
import { CampaignStatusBadge, PhishProne, RateTable, RecipientStatusBadge } from './CampaignParts.tsx';
import { CampaignRecipientDrawer } from './CampaignRecipientDrawer.tsx';
import {
  audiencePreviewQuery,
  type Campaign,
  type CampaignResults,
  campaignQuery,
  campaignResultsCsvUrl,
  campaignResultsQuery,
  cancelCampaign,
  deleteCampaign,
  delivered,
  isLive,
  LIVE_REFRESH_MS,
  launchCampaign,
  plural,
  RECIPIENT_STATUS_VALUES,
  RECIPIENT_STATUSES,
  type Recipient,
  recipientListParams,
  useRecipientPage,
} from './campaignsApi.ts';
import { phishingQueryKey } from './phishingApi.ts';

const backLink = (
  <Anchor component={Link} to="/phishing/campaigns" size="sm">
    <Group gap={4}>
      <IconArrowLeft size={14} aria-hidden /> Campaigns
    </Group>
  </Anchor>
);

export default function CampaignPage() {
  const { campaignId = '' } = useParams();
  const campaign = useQuery(campaignQuery(campaignId));

  if (campaign.error) {
    const missing =
      campaign.error instanceof ApiError && (campaign.error.status === 404 || campaign.error.status === 400);
    return (
      <Stack gap="md" maw={640}>
        {backLink}
        {missing ? (
          <Alert color="yellow" title="This campaign does not exist" role="alert">
            It may have been deleted, or the link is incomplete. Pick a campaign from the Campaigns list.
          </Alert>
        ) : (
          <ErrorState error={campaign.error} onRetry={() => campaign.refetch()} />
        )}
      </Stack>
    );
  }
  if (!campaign.data) return <PageLoader />;
  return <CampaignView campaign={campaign.data} />;
}

function CampaignView({ campaign }: { campaign: Campaign }) {
  const draft = campaign.status === 'draft';
  return (
    <Stack gap="lg">
      <CampaignHeader campaign={campaign} />
      {draft ? <DraftSummary campaign={campaign} /> : <CampaignResultsView campaign={campaign} />}
    </Stack>
  );
}

/** "Launched 3 Oct 2026, 09:00 · ends …": the dates that matter for this status. */
function datesLine(c: Campaign): string {
  const parts: string[] = [];
  if (c.status === 'draft') parts.push(`Draft created ${formatDateTime(c.createdAt)}`);
  if (c.status === 'scheduled' && c.launchAt) parts.push(`Starts ${formatDateTime(c.launchAt)}`);
  if (c.launchedAt) parts.push(`Launched ${formatDateTime(c.launchedAt)}`);
  if (c.sendWindowMinutes > 0 && c.status !== 'draft')
    parts.push(
      `sent over ${c.sendWindowMinutes % 60 === 0 ? plural(c.sendWindowMinutes / 60, 'hour') : plural(c.sendWindowMinutes, 'minute')}`,
    );
  if (c.completedAt) parts.push(`completed ${formatDateTime(c.completedAt)}`);
  else if (c.cancelledAt) parts.push(`cancelled ${formatDateTime(c.cancelledAt)}`);
  else if (c.endsAt) parts.push(`ends ${formatDateTime(c.endsAt)}`);
  return parts.join(' · ');
}

function CampaignHeader({ campaign }: { campaign: Campaign }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const refresh = (updated?: Campaign) => {
    queryClient.invalidateQueries({ queryKey: phishingQueryKey });
    if (updated) queryClient.setQueryData(campaignQuery(updated.id).queryKey, updated);
  };

  const remove = useMutation({
    mutationFn: () => deleteCampaign(campaign.id),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: campaignQuery(campaign.id).queryKey });
      refresh();
      notifications.show({ color: 'green', message: `Deleted the draft “${campaign.name}”.` });
      navigate('/phishing/campaigns', { replace: true });
    },
    onError: (error) =>
      notifications.show({ color: 'red', title: 'The draft was not deleted', message: errorMessage(error) }),
  });
  const launch = useMutation({
    mutationFn: () => launchCampaign(campaign.id),
    onSuccess: (updated) => {
      refresh(updated);
      notifications.show({
        color: 'green',
        message:
          updated.status === 'scheduled'
            ? `“${updated.name}” is scheduled for ${formatDateTime(updated.launchAt)}.`
            : `“${updated.name}” is launched: emails are on their way.`,
      });
    },
    onError: (error) =>
      notifications.show({
        color: 'red',
        title: 'The campaign was not launched',
        message: errorMessage(error),
      }),
  });
  const cancel = useMutation({
    mutationFn: () => cancelCampaign(campaign.id),
    onSuccess: (updated) => {
      refresh(updated);
      notifications.show({ color: 'green', message: `Cancelled “${updated.name}”.` });
    },
    onError: (error) =>
      notifications.show({
        color: 'red',
        title: 'The campaign was not cancelled',
        message: errorMessage(error),
      }),
  });

  function confirmDelete() {
    modals.openConfirmModal({
      title: `Delete the draft “${campaign.name}”?`,
      children: <Text size="sm">Nothing has been sent. The draft is removed for good.</Text>,
      labels: { confirm: 'Delete draft', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () => remove.mutate(),
    });
  }

  async function confirmLaunch() {
    let count: number;
    try {
      count = (
        await queryClient.fetchQuery(
          audiencePreviewQuery({
            groupIds: campaign.groupIds,
            departmentIds: campaign.departmentIds,
            userIds: campaign.userIds,
          }),
        )
      ).recipients;
    } catch (error) {
      notifications.show({
        color: 'red',
        title: 'Could not count the recipients',
        message: errorMessage(error),
      });
      return;
    }
    if (count === 0) {
      notifications.show({
        color: 'yellow',
        title: 'Nobody to send to',
        message: 'The chosen groups, departments and people have no active members. Edit the draft first.',
      });
      return;
    }
    const later = campaign.launchAt && new Date(campaign.launchAt) > new Date();
    modals.openConfirmModal({
      title: `Launch “${campaign.name}” to ${plural(count, 'person', 'people')}?`,
      children: (
        <Text size="sm">
          {later ? `Sending starts ${formatDateTime(campaign.launchAt)}.` : 'Sending starts now.'} Once
          launched, the campaign can no longer be edited; you can cancel it while it runs.
        </Text>
      ),
      labels: { confirm: `Launch to ${plural(count, 'person', 'people')}`, cancel: 'Not yet' },
      onConfirm: () => launch.mutate(),
    });
  }

  function confirmCancel() {
    modals.openConfirmModal({
      title: `Cancel “${campaign.name}”?`,
      children: (
        <Text size="sm">
          Emails not sent yet are not sent. What people already did stays in the results, and the campaign
          cannot be started again.
        </Text>
      ),
      labels: { confirm: 'Cancel campaign', cancel: 'Keep it running' },
      confirmProps: { color: 'red' },
      onConfirm: () => cancel.mutate(),
    });
  }

  return (
    <Group justify="space-between" align="flex-start" wrap="nowrap">
      <Stack gap={4} style={{ minWidth: 0 }}>
        <Breadcrumbs separator="›" fz="sm">
          <Anchor component={Link} to="/phishing/campaigns" size="sm">
            Campaigns
          </Anchor>
          <Text size="sm" c="dimmed" truncate="end" maw={420}>
            {campaign.name}
          </Text>
        </Breadcrumbs>
        <Group gap="sm" wrap="nowrap">
          <Title order={2} style={{ wordBreak: 'break-word' }}>
            {campaign.name}
          </Title>
          <CampaignStatusBadge status={campaign.status} size="lg" />
          {isLive(campaign.status) && (
            <Text size="xs" c="dimmed" aria-live="off">
              Live · updates every {LIVE_REFRESH_MS / 1000} s
            </Text>
          )}
        </Group>
        <Text size="sm" c="dimmed">
          {datesLine(campaign)}
        </Text>
        <Text size="sm" c="dimmed">
          {campaign.templates.length === 1 ? 'Template' : 'Templates'}:{' '}
          {campaign.templates.map((t) => t.name).join(', ')} · landing page: {campaign.landingPage.name} ·
          fails on {campaign.failOn.map((f) => (f === 'clicked' ? 'a click' : 'a submission')).join(' or ')}
        </Text>
      </Stack>
      <Group gap="sm" wrap="nowrap" style={{ flexShrink: 0 }}>
        {campaign.status === 'draft' ? (
          <>
            <Button
              variant="default"
              color="red"
              leftSection={<IconTrash size={16} />}
              loading={remove.isPending}
              onClick={confirmDelete}
            >
              Delete
            </Button>
            <Button
              component={Link}
              to={`/phishing/campaigns/${campaign.id}/edit`}
              variant="default"
              leftSection={<IconPencil size={16} />}
            >
              Edit
            </Button>
            <Button leftSection={<IconRocket size={16} />} loading={launch.isPending} onClick={confirmLaunch}>
              Launch
            </Button>
          </>
        ) : (
          <>
            {isLive(campaign.status) && (
              <Button
                variant="default"
                color="red"
                leftSection={<IconPlayerStop size={16} />}
                loading={cancel.isPending}
                onClick={confirmCancel}
              >
                Cancel campaign
              </Button>
            )}
            <Button
              component="a"
              href={campaignResultsCsvUrl(campaign.id)}
              download
              variant="default"
              leftSection={<IconDownload size={16} />}
            >
              Export CSV
            </Button>
          </>
        )}
      </Group>
    </Group>
  );
}

function DraftSummary({ campaign }: { campaign: Campaign }) {
  const anyone = campaign.groupIds.length + campaign.departmentIds.length + campaign.userIds.length > 0;
  const audience = useQuery({
    ...audiencePreviewQuery({
      groupIds: campaign.groupIds,
      departmentIds: campaign.departmentIds,
      userIds: campaign.userIds,
    }),
    enabled: anyone,
  });
  const chosen = anyone
    ? `${plural(campaign.groupIds.length, 'group')}, ${plural(campaign.departmentIds.length, 'department')} and ${plural(campaign.userIds.length, 'person', 'people')} picked by name`
    : 'No recipients chosen yet';
  return (
    <Paper withBorder radius="md" p="lg">
      <Stack gap="xs">
        <Title order={4}>This campaign is a draft</Title>
        <Text size="sm">Nothing has been sent. Edit it to change anything, then launch it.</Text>
        <Group gap="xs">
          <IconUsers size={18} aria-hidden />
          <Text size="sm">
            {chosen}
            {audience.data
              ? `: ${plural(audience.data.recipients, 'person', 'people')} would receive it now`
              : ''}
            {audience.data && audience.data.disabledLeftOut > 0
              ? ` (${plural(audience.data.disabledLeftOut, 'disabled account')} left out)`
              : ''}
            .
          </Text>
        </Group>
      </Stack>
    </Paper>
  );
}

function Stat({ label, value, hint }: { label: string; value: React.ReactNode; hint?: string }) {
  return (
    <Paper withBorder radius="md" p="sm" role="group" aria-label={label}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text size="xl" fw={700}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Paper>
  );
}

function CampaignResultsView({ campaign }: { campaign: Campaign }) {
  const results = useQuery(campaignResultsQuery(campaign.id));
  // The results carry the campaign: while they refresh, the header follows from them instead of
  // polling the campaign on its own (one request every 5 s, not two).
  const queryClient = useQueryClient();
  const latest = results.data?.campaign;
  useEffect(() => {
    if (latest) queryClient.setQueryData(campaignQuery(latest.id).queryKey, latest);
  }, [latest, queryClient]);
  return (
    <>
      {results.error ? (
        <ErrorState error={results.error} onRetry={() => results.refetch()} />
      ) : results.data ? (
        <ResultsPanels results={results.data} />
      ) : (
        <Stack gap="md" aria-label="Loading the results">
          <SimpleGrid cols={{ base: 2, sm: 4, lg: 7 }}>
            {Array.from({ length: 7 }, (_, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: placeholders only
              <Skeleton key={i} h={74} radius="md" />
            ))}
          </SimpleGrid>
          <Skeleton h={300} radius="md" />
        </Stack>
      )}
      <RecipientsSection campaign={campaign} />
    </>
  );
}

function ResultsPanels({ results }: { results: CampaignResults }) {
  const f = results.funnel;
  const base = delivered(f);
  const share = (n: number) => (base > 0 ? `${Math.round((n / base) * 100)}% of delivered` : undefined);
  return (
    <Stack gap="lg">
      <SimpleGrid cols={{ base: 2, sm: 4, lg: 7 }} spacing="sm">
        <Stat
          label="Phish-prone"
          value={<PhishProne rate={results.campaign.phishProne} size="xl" />}
          hint={`${f.failed.toLocaleString()} failed`}
        />
        <Stat
          label="Recipients"
          value={f.recipients.toLocaleString()}
          hint={`${f.sent.toLocaleString()} sent`}
        />
        <Stat
          label="Delivered"
          value={base.toLocaleString()}
          hint={f.deliveryFailed > 0 ? `${f.deliveryFailed.toLocaleString()} not delivered` : undefined}
        />
        <Stat label="Opened" value={f.opened.toLocaleString()} hint={share(f.opened)} />
        <Stat label="Clicked" value={f.clicked.toLocaleString()} hint={share(f.clicked)} />
        <Stat label="Submitted" value={f.submitted.toLocaleString()} hint={share(f.submitted)} />
        <Stat label="Reported" value={f.reported.toLocaleString()} hint={share(f.reported)} />
      </SimpleGrid>
      {f.suppressed > 0 && (
        <Group gap="xs">
          <IconRobot size={16} aria-hidden color="var(--mantine-color-dimmed)" />
          <Text size="sm" c="dimmed">
            {plural(f.suppressed, 'request')} taken for mail scanners and not counted.
          </Text>
        </Group>
      )}
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        <Paper withBorder radius="md" p="md">
          <Title order={4} mb="sm">
            Funnel
          </Title>
          <FunnelChart funnel={f} />
        </Paper>
        <Paper withBorder radius="md" p="md">
          <Title order={4} mb="sm">
            Events per hour
          </Title>
          <EventsTimelineChart timeline={results.timeline} />
        </Paper>
      </SimpleGrid>
      <SimpleGrid cols={1} spacing="lg">
        <Stack gap="xs">
          <Title order={4}>By department</Title>
          <RateTable
            rows={results.byDepartment}
            nameTitle="Department"
            label="Results by department"
            emptyText="No recipients yet."
          />
        </Stack>
        <Stack gap="xs">
          <Title order={4}>By group</Title>
          <RateTable
            rows={results.byGroup}
            nameTitle="Group"
            label="Results by group"
            emptyText="No targeted groups: this campaign went to departments or people picked by name."
          />
        </Stack>
      </SimpleGrid>
    </Stack>
  );
}

const STATUS_OPTIONS = RECIPIENT_STATUS_VALUES.map((value) => ({
  value,
  label: RECIPIENT_STATUSES[value].label,
}));

function RecipientsSection({ campaign }: { campaign: Campaign }) {
  const [params, setParams] = useSearchParams();
  const listParams = recipientListParams(params);
  const paging = useCursorPaging();
  const [search, setSearch] = useUrlParam('search');
  const [, setStatus] = useUrlParam('status');
  const [, setFailed] = useUrlParam('failed');
  const recipients = useRecipientPage(campaign.id, listParams, isLive(campaign.status));
  const records = recipients.data?.data ?? [];
  const drawer = useUrlDialog('recipient');
  const openedId = drawer.dialog === 'recipient' ? drawer.id : null;
  const filtered = Boolean(listParams.search || listParams.status || listParams.failed);

  function clearFilters() {
    setParams(
      () => {
        const copy = currentSearchParams();
        for (const name of ['search', 'status', 'failed', 'cursor', 'trail']) copy.delete(name);
        return copy;
      },
      { replace: true },
    );
  }

  return (
    <Stack gap="sm">
      <Title order={3}>Recipients</Title>
      <Group gap="sm" align="center" role="search" aria-label="Filter recipients">
        <SearchBox
          label="Search recipients"
          placeholder="Search by name or email"
          value={search}
          onSearch={setSearch}
          style={{ flex: 1, minWidth: 220, maxWidth: 420 }}
        />
        <Select
          aria-label="Furthest step"
          placeholder="Any status"
          clearable
          data={STATUS_OPTIONS}
          value={listParams.status ?? null}
          onChange={(value) => setStatus(value)}
          w={170}
        />
        <Switch
          label="Failed only"
          checked={listParams.failed === 'true'}
          onChange={(e) => setFailed(e.currentTarget.checked ? 'true' : null)}
        />
        {filtered && (
          <Button variant="subtle" size="xs" onClick={clearFilters}>
            Clear filters
          </Button>
        )}
      </Group>
      {recipients.error ? (
        <ErrorState error={recipients.error} onRetry={() => recipients.refetch()} />
      ) : (
        <>
          <DataTable<Recipient>
            aria-label="Recipients"
            withTableBorder
            borderRadius="md"
            highlightOnHover
            verticalAlign="center"
            minHeight={records.length === 0 ? 200 : undefined}
            fetching={recipients.isPending}
            records={records}
            idAccessor="id"
            onRowClick={({ record }) => drawer.open('recipient', record.id)}
            rowStyle={() => ({ cursor: 'pointer' })}
            noRecordsIcon={<IconUsers size={28} stroke={1.5} />}
            noRecordsText={
              recipients.isPending
                ? ''
                : filtered
                  ? 'No recipients match these filters.'
                  : campaign.status === 'scheduled'
                    ? 'Recipients appear here when sending starts.'
                    : 'No recipients.'
            }
            columns={[
              {
                accessor: 'name',
                title: 'Person',
                render: (r) => (
                  <Stack gap={0}>
                    <Text
                      size="sm"
                      fw={500}
                      component="button"
                      type="button"
                      onClick={(event) => {
                        event.stopPropagation();
                        drawer.open('recipient', r.id);
                      }}
                      style={{ all: 'unset', cursor: 'pointer', fontWeight: 500 }}
                      aria-label={`Open the events of ${r.name || r.email}`}
                    >
                      {r.name || r.email}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {r.email}
                    </Text>
                  </Stack>
                ),
              },
              {
                accessor: 'department',
                title: 'Department',
                render: (r) => r.department ?? <Text c="dimmed">—</Text>,
              },
              { accessor: 'template', title: 'Template' },
              {
                accessor: 'status',
                title: 'Furthest step',
                render: (r) => <RecipientStatusBadge status={r.status} />,
              },
              {
                accessor: 'failed',
                title: 'Failed',
                noWrap: true,
                render: (r) =>
                  r.failed ? (
                    <Text size="sm" c="red.7" fw={500}>
                      {formatDateTime(r.failedAt)}
                    </Text>
                  ) : (
                    <Text c="dimmed">—</Text>
                  ),
              },
              {
                accessor: 'sentAt',
                title: 'Sent',
                noWrap: true,
                render: (r) =>
                  r.sentAt ? (
                    formatDateTime(r.sentAt)
                  ) : (
                    <Text size="sm" c="dimmed">
                      {r.deliveryFailedAt ? 'Not delivered' : `Due ${formatDateTime(r.sendAt)}`}
                    </Text>
                  ),
              },
              {
                accessor: 'suppressed',
                title: 'Scanner',
                textAlign: 'right',
                render: (r) =>
                  r.suppressed > 0 ? (
                    <Tooltip
                      label={`${plural(r.suppressed, 'request')} taken for a mail scanner, not counted`}
                    >
                      <Group gap={4} justify="flex-end" wrap="nowrap" c="dimmed">
                        <IconRobot size={14} aria-hidden />
                        <Text size="sm">{r.suppressed}</Text>
                      </Group>
                    </Tooltip>
                  ) : (
                    <Text c="dimmed">—</Text>
                  ),
              },
            ]}
          />
          {(paging.hasPrevious || recipients.data?.nextCursor) && (
            <PagerBar
              pageNumber={paging.pageNumber}
              hasPrevious={paging.hasPrevious}
              nextCursor={recipients.data?.nextCursor}
              onPrevious={paging.previous}
              onNext={paging.next}
            />
          )}
        </>
      )}
      <CampaignRecipientDrawer campaignId={campaign.id} recipientId={openedId} onClose={drawer.close} />
    </Stack>
  );
}
