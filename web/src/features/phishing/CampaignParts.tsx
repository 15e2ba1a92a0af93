/** Small pieces the campaign pages share: status badges, the list's mini funnel, the breakdown tables. */
import { Badge, Box, Group, Progress, Stack, Text } from '@mantine/core';
import { IconChartBar } from '@tabler/icons-react';
import { DataTable } from 'mantine-datatable';
import type { ReactNode } from 'react';
import {
  CAMPAIGN_STATUSES,
  type Campaign,
  type CampaignStatus,
  delivered,
  formatPercent,
  type RateRow,
  RECIPIENT_STATUSES,
  type RecipientStatus,
} from './campaignsApi.ts';

export function CampaignStatusBadge({ status, size }: { status: CampaignStatus; size?: 'sm' | 'md' | 'lg' }) {
  const s = CAMPAIGN_STATUSES[status];
  return (
    <Badge variant="light" color={s.color} size={size}>
      {s.label}
    </Badge>
  );
}

export function RecipientStatusBadge({ status }: { status: RecipientStatus }) {
  const s = RECIPIENT_STATUSES[status];
  return (
    <Badge variant="light" color={s.color}>
      {s.label}
    </Badge>
  );
}

/** A phish-prone rate with a colour that says how worrying it is (under 10% fine, over 25% bad). */
export function PhishProne({ rate, size = 'sm' }: { rate: number | null; size?: string }) {
  const color = rate === null ? 'dimmed' : rate >= 0.25 ? 'red.7' : rate >= 0.1 ? 'orange.7' : 'green.7';
  return (
    <Text size={size} fw={600} c={color} span>
      {formatPercent(rate)}
    </Text>
  );
}

const FUNNEL_STEPS = [
  { key: 'opened', label: 'Opened', color: 'yellow.6' },
  { key: 'clicked', label: 'Clicked', color: 'orange.6' },
  { key: 'submitted', label: 'Submitted', color: 'red.6' },
  { key: 'reported', label: 'Reported', color: 'green.6' },
] as const;

/**
 * Four thin bars, each the share of delivered emails that got that far. One label for the whole cell
 * (shown by the table's ActionTooltips on hover and focus), not a tooltip per bar.
 */
export function CampaignMiniFunnel({ campaign }: { campaign: Campaign }) {
  const base = delivered(campaign.funnel);
  if (campaign.status === 'draft' || campaign.funnel.sent === 0) {
    return (
      <Text size="xs" c="dimmed">
        Nothing sent yet
      </Text>
    );
  }
  const parts = FUNNEL_STEPS.map((step) => ({
    ...step,
    value: campaign.funnel[step.key],
    share: base > 0 ? (campaign.funnel[step.key] / base) * 100 : 0,
  }));
  const label = `${base.toLocaleString()} delivered · ${parts
    .map((p) => `${p.label} ${p.value.toLocaleString()}`)
    .join(' · ')}`;
  return (
    <Stack gap={3} w={120} data-tooltip={label} aria-label={label} tabIndex={0} role="img">
      {parts.map((p) => (
        <Progress key={p.key} value={p.share} color={p.color} size={4} aria-hidden />
      ))}
    </Stack>
  );
}

/** A department, group or people breakdown: who was targeted, who failed, who reported, the rate. */
export function RateTable({
  rows,
  nameTitle,
  label,
  emptyText,
  nameCell,
  showRecipients = true,
}: {
  rows: RateRow[];
  nameTitle: string;
  label: string;
  emptyText: string;
  nameCell?: (row: RateRow) => ReactNode;
  showRecipients?: boolean;
}) {
  return (
    <DataTable<RateRow>
      aria-label={label}
      withTableBorder
      borderRadius="md"
      verticalAlign="center"
      minHeight={rows.length === 0 ? 140 : undefined}
      records={rows}
      idAccessor={(row) => row.id ?? `none:${row.name}`}
      noRecordsIcon={<IconChartBar size={24} stroke={1.5} />}
      noRecordsText={emptyText}
      columns={[
        {
          accessor: 'name',
          title: nameTitle,
          render: (row) =>
            nameCell ? (
              nameCell(row)
            ) : (
              <Text size="sm" fs={row.id === null ? 'italic' : undefined}>
                {row.name}
              </Text>
            ),
        },
        ...(showRecipients
          ? [
              {
                accessor: 'recipients',
                title: 'Recipients',
                textAlign: 'right' as const,
                render: (row: RateRow) => row.recipients.toLocaleString(),
              },
            ]
          : []),
        {
          accessor: 'delivered',
          title: 'Delivered',
          textAlign: 'right',
          render: (row) => row.delivered.toLocaleString(),
        },
        {
          accessor: 'failed',
          title: 'Failed',
          textAlign: 'right',
          render: (row) => row.failed.toLocaleString(),
        },
        {
          accessor: 'reported',
          title: 'Reported',
          textAlign: 'right',
          render: (row) => row.reported.toLocaleString(),
        },
        {
          accessor: 'phishProne',
          title: 'Phish-prone',
          textAlign: 'right',
          width: 170,
          render: (row) => (
            <Group gap="xs" justify="flex-end" wrap="nowrap">
              <Box w={70} aria-hidden>
                <Progress
                  value={(row.phishProne ?? 0) * 100}
                  color={
                    (row.phishProne ?? 0) >= 0.25 ? 'red' : (row.phishProne ?? 0) >= 0.1 ? 'orange' : 'green'
                  }
                  size="sm"
                />
              </Box>
              <Box w={52} ta="right">
                <PhishProne rate={row.phishProne} />
              </Box>
            </Group>
          ),
        },
      ]}
    />
  );
}

/** "Marketing, Sales +2": a few names, the rest counted. */
export function NameList({ names, max = 2 }: { names: string[]; max?: number }) {
  if (names.length === 0) return <Text c="dimmed">—</Text>;
  const shown = names.slice(0, max).join(', ');
  return (
    <Text size="sm" title={names.join(', ')} lineClamp={2}>
      {shown}
      {names.length > max && (
        <Text span c="dimmed" size="sm">
          {' '}
          +{names.length - max}
        </Text>
      )}
    </Text>
  );
}
