import { Alert, Badge, Code, Drawer, Group, Stack, Text, Timeline } from '@mantine/core';
import { IconAlertTriangle, IconRobot } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { ErrorState, PageLoader } from '../../shared/PageState.tsx';
import { useKeptWhileClosing } from '../../shared/urlDialog.ts';
import { RecipientStatusBadge } from './CampaignParts.tsx';
import { EVENT_KINDS, type RecipientTimeline, recipientTimelineQuery } from './campaignsApi.ts';

const eventTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** One recipient's story: every event, oldest first; requests taken for mail scanners greyed, with why. */
export function CampaignRecipientDrawer({
  campaignId,
  recipientId,
  onClose,
}: {
  campaignId: string;
  recipientId: string | null;
  onClose: () => void;
}) {
  const shownId = useKeptWhileClosing(recipientId, recipientId !== null);
  const timeline = useQuery({
    ...recipientTimelineQuery(campaignId, shownId ?? ''),
    enabled: shownId !== null,
  });
  const recipient = timeline.data?.recipient;

  return (
    <Drawer
      opened={recipientId !== null}
      onClose={onClose}
      position="right"
      size="lg"
      title={<Text fw={600}>{recipient ? recipient.name || recipient.email : 'Recipient'}</Text>}
    >
      {timeline.error ? (
        <ErrorState error={timeline.error} onRetry={() => timeline.refetch()} />
      ) : timeline.data ? (
        <RecipientStory data={timeline.data} />
      ) : (
        <PageLoader />
      )}
    </Drawer>
  );
}

function RecipientStory({ data }: { data: RecipientTimeline }) {
  const { recipient, events } = data;
  return (
    <Stack gap="md">
      <Stack gap={4}>
        <Text size="sm">{recipient.email}</Text>
        <Text size="sm" c="dimmed">
          {recipient.department ?? 'No department'} · template “{recipient.template}”
        </Text>
        <Group gap="xs">
          <RecipientStatusBadge status={recipient.status} />
          {recipient.failed ? (
            <Badge color="red" variant="filled">
              Failed
            </Badge>
          ) : (
            <Badge color="gray" variant="outline">
              Not failed
            </Badge>
          )}
          {recipient.suppressed > 0 && (
            <Badge color="gray" variant="light" leftSection={<IconRobot size={12} aria-hidden />}>
              {recipient.suppressed} not counted
            </Badge>
          )}
        </Group>
      </Stack>

      {recipient.deliveryError && (
        <Alert color="orange" icon={<IconAlertTriangle size={18} />} title="Not delivered">
          {recipient.deliveryError}
        </Alert>
      )}

      {events.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nothing has happened yet: the email is due {eventTime.format(new Date(recipient.sendAt))}.
        </Text>
      ) : (
        <Timeline
          active={events.length - 1}
          bulletSize={18}
          lineWidth={2}
          role="list"
          aria-label="Events, oldest first"
        >
          {events.map((event) => {
            const kind = EVENT_KINDS[event.kind];
            return (
              <Timeline.Item
                key={event.id}
                role="listitem"
                color={event.suppressed ? 'gray' : kind.color}
                bullet={event.suppressed ? <IconRobot size={12} aria-hidden /> : undefined}
                style={event.suppressed ? { opacity: 0.6 } : undefined}
                title={
                  <Group gap="xs">
                    <Text size="sm" fw={600} c={event.suppressed ? 'dimmed' : undefined}>
                      {kind.label}
                    </Text>
                    {event.suppressed && (
                      <Badge size="xs" color="gray" variant="light">
                        Not counted
                      </Badge>
                    )}
                  </Group>
                }
              >
                <Text size="xs" c="dimmed">
                  {eventTime.format(new Date(event.at))}
                </Text>
                {event.suppressed && event.suppressedReason && (
                  <Text size="sm" c="dimmed" fs="italic">
                    {event.suppressedReason}
                  </Text>
                )}
                {event.detail && <Text size="sm">{event.detail}</Text>}
                {(event.ip || event.userAgent) && (
                  <Text size="xs" c="dimmed" style={{ wordBreak: 'break-word' }}>
                    {event.ip && <Code>{event.ip}</Code>} {event.userAgent}
                  </Text>
                )}
              </Timeline.Item>
            );
          })}
        </Timeline>
      )}
      {events.some((event) => event.suppressed) && (
        <Text size="xs" c="dimmed">
          Greyed events were taken for a mail server’s link scanner (or another automated request) and never
          count as a failure.
        </Text>
      )}
    </Stack>
  );
}
