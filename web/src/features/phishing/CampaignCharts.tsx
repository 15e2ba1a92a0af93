/**
 * The campaign and overview charts (@mantine/charts on recharts). Only the Campaign and Overview pages
 * import this module, so recharts travels in their lazily loaded chunks and never in the sign-in page's.
 * Each chart is labelled as an image with its numbers in words; the pages show the same numbers as text.
 */
import '@mantine/charts/styles.layer.css';
import { BarChart, LineChart } from '@mantine/charts';
import { Box, Text } from '@mantine/core';
import dayjs from 'dayjs';
import { type CampaignResults, delivered, type Funnel, type PhishingStats } from './campaignsApi.ts';

export const FUNNEL_STAGES = [
  { key: 'sent', label: 'Sent', color: 'blue.6', value: (f: Funnel) => f.sent },
  { key: 'delivered', label: 'Delivered', color: 'indigo.6', value: delivered },
  { key: 'opened', label: 'Opened', color: 'yellow.6', value: (f: Funnel) => f.opened },
  { key: 'clicked', label: 'Clicked', color: 'orange.6', value: (f: Funnel) => f.clicked },
  { key: 'submitted', label: 'Submitted', color: 'red.6', value: (f: Funnel) => f.submitted },
  { key: 'reported', label: 'Reported', color: 'green.6', value: (f: Funnel) => f.reported },
  { key: 'suppressed', label: 'Suppressed', color: 'gray.5', value: (f: Funnel) => f.suppressed },
] as const;

export function FunnelChart({ funnel }: { funnel: Funnel }) {
  if (funnel.sent === 0 && funnel.deliveryFailed === 0) {
    return (
      <Text size="sm" c="dimmed" py="xl" ta="center">
        No emails sent yet.
      </Text>
    );
  }
  const data = FUNNEL_STAGES.map((stage) => ({
    stage: stage.label,
    count: stage.value(funnel),
    color: stage.color,
  }));
  const summary = data.map((d) => `${d.stage} ${d.count.toLocaleString()}`).join(', ');
  return (
    <Box role="img" aria-label={`Funnel: ${summary}`}>
      {/* Bars across, the stages down the side: seven stage names side by side did not fit half a page. */}
      <BarChart
        h={260}
        data={data}
        dataKey="stage"
        orientation="vertical"
        series={[{ name: 'count', label: 'People', color: 'indigo.6' }]}
        withBarValueLabel
        valueFormatter={(value) => value.toLocaleString()}
        tickLine="x"
        gridAxis="x"
        maxBarWidth={26}
        // Room on the right for the longest bar's number.
        xAxisProps={{ allowDecimals: false, padding: { left: 0, right: 28 } }}
        yAxisProps={{ interval: 0, width: 80 }}
      />
    </Box>
  );
}

const TIMELINE_SERIES = [
  { name: 'opened', label: 'Opened', color: 'yellow.6' },
  { name: 'clicked', label: 'Clicked', color: 'orange.6' },
  { name: 'submitted', label: 'Submitted', color: 'red.6' },
  { name: 'reported', label: 'Reported', color: 'green.6' },
];

export function EventsTimelineChart({ timeline }: { timeline: CampaignResults['timeline'] }) {
  if (timeline.length === 0) {
    return (
      <Text size="sm" c="dimmed" py="xl" ta="center">
        No opens, clicks, submissions or reports yet.
      </Text>
    );
  }
  const sameDay = timeline.every((t) => dayjs(t.hour).isSame(timeline[0]!.hour, 'day'));
  const data = timeline.map((t) => ({
    ...t,
    label: dayjs(t.hour).format(sameDay ? 'HH:mm' : 'D MMM HH:mm'),
  }));
  const totals = TIMELINE_SERIES.map(
    (s) =>
      `${s.label} ${timeline.reduce((sum, t) => sum + (t[s.name as keyof (typeof timeline)[number]] as number), 0)}`,
  ).join(', ');
  return (
    <Box role="img" aria-label={`Events per hour over ${timeline.length} hours: ${totals}`}>
      <BarChart
        h={260}
        data={data}
        dataKey="label"
        type="stacked"
        series={TIMELINE_SERIES}
        withLegend
        legendProps={{ verticalAlign: 'bottom' }}
        tickLine="y"
        gridAxis="y"
        maxBarWidth={32}
        yAxisProps={{ allowDecimals: false }}
      />
    </Box>
  );
}

export function TrendChart({ trend }: { trend: PhishingStats['trend'] }) {
  const data = trend.map((point) => ({
    label: `${point.name} (${dayjs(point.launchedAt).format('D MMM')})`,
    short: dayjs(point.launchedAt).format('D MMM YY'),
    phishProne: point.phishProne === null ? null : Math.round(point.phishProne * 1000) / 10,
    reported: point.delivered > 0 ? Math.round((point.reported / point.delivered) * 1000) / 10 : null,
  }));
  const summary = data.map((d) => `${d.label}: ${d.phishProne ?? '—'}%`).join('; ');
  return (
    <Box role="img" aria-label={`Phish-prone % by campaign, oldest first: ${summary}`}>
      <LineChart
        h={280}
        data={data}
        dataKey="short"
        series={[
          { name: 'phishProne', label: 'Phish-prone %', color: 'red.6' },
          { name: 'reported', label: 'Reported %', color: 'green.6' },
        ]}
        unit="%"
        withLegend
        legendProps={{ verticalAlign: 'bottom' }}
        connectNulls
        curveType="linear"
        // From 0 to a little above the highest point, so that a move of a few points shows.
        yAxisProps={{ domain: [0, (max: number) => Math.min(100, Math.ceil((max + 5) / 10) * 10)] }}
        tooltipProps={{
          labelFormatter: (_label, payload) => (payload?.[0]?.payload as { label?: string })?.label ?? '',
        }}
      />
    </Box>
  );
}
