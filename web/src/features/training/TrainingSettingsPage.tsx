import { Alert, Button, Group, NumberInput, Paper, Select, Stack, Switch, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconBellRinging, IconCalendarRepeat } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { formatDateTime } from '../../shared/dates.ts';
import { fieldErrors } from '../../shared/formErrors.ts';
import { SettingsLayout } from '../../shared/SettingsLayout.tsx';
import {
  type TrainingSettings,
  trainingSettingsQuery,
  type UpdateTrainingSettingsInput,
  updateTrainingSettings,
  useTrainingSettings,
  WEEKDAYS,
} from './remindersApi.ts';

const MAX_COOLDOWN_HOURS = 720;

const FIELDS = [
  'reminderCooldownHours',
  'automaticReminders.enabled',
  'automaticReminders.weekday',
  'automaticReminders.hour',
  'automaticReminders.timeZone',
] as const;

const WEEKDAY_OPTIONS = WEEKDAYS.map((label, value) => ({ value: String(value), label }));
const HOUR_OPTIONS = Array.from({ length: 24 }, (_, hour) => ({
  value: String(hour),
  label: `${String(hour).padStart(2, '0')}:00`,
}));

/** Every IANA time zone this browser knows, UTC first; the stored one too, should the browser lack it. */
function timeZoneOptions(current: string | undefined): string[] {
  const zones = Intl.supportedValuesOf('timeZone').filter((zone) => zone !== 'UTC');
  if (current && current !== 'UTC' && !zones.includes(current)) zones.push(current);
  return ['UTC', ...zones.sort()];
}

interface Form {
  cooldown: number | string;
  enabled: boolean;
  weekday: string;
  hour: string;
  timeZone: string;
}

function toForm(settings: TrainingSettings): Form {
  const auto = settings.automaticReminders;
  return {
    cooldown: settings.reminderCooldownHours,
    enabled: auto.enabled,
    weekday: String(auto.weekday),
    hour: String(auto.hour),
    timeZone: auto.timeZone,
  };
}

function toInput(form: Form): UpdateTrainingSettingsInput {
  return {
    reminderCooldownHours: Number(form.cooldown),
    automaticReminders: {
      enabled: form.enabled,
      weekday: Number(form.weekday),
      hour: Number(form.hour),
      timeZone: form.timeZone,
    },
  };
}

/** A cooldown the API would refuse, said before asking it; null when fine. */
function cooldownProblem(value: number | string): string | null {
  const hours = typeof value === 'number' ? value : Number.NaN;
  return Number.isInteger(hours) && hours >= 0 && hours <= MAX_COOLDOWN_HOURS
    ? null
    : `Enter a whole number of hours from 0 to ${MAX_COOLDOWN_HOURS} (30 days).`;
}

/** Training → Settings: the reminder cooldown and the weekly automatic reminder for overdue courses. */
export default function TrainingSettingsPage() {
  const settings = useTrainingSettings();

  return (
    <SettingsLayout
      title="Training settings"
      description="How often people can be reminded of their pending courses, and the weekly reminder Heed sends on its own to everyone with an overdue course."
      settings={settings}
      skeletons={[150, 260]}
    >
      {(data) => <SettingsForm settings={data} />}
    </SettingsLayout>
  );
}

function SettingsForm({ settings }: { settings: TrainingSettings }) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState<Form>(() => toForm(settings));
  const [cooldownError, setCooldownError] = useState<string | null>(null);
  const set = (patch: Partial<Form>) => setForm((current) => ({ ...current, ...patch }));
  const zones = useMemo(() => timeZoneOptions(settings.automaticReminders.timeZone), [settings]);

  const save = useMutation({
    mutationFn: (input: UpdateTrainingSettingsInput) => updateTrainingSettings(input),
    onSuccess: (saved) => {
      queryClient.setQueryData(trainingSettingsQuery.queryKey, saved);
      setForm(toForm(saved));
      const auto = saved.automaticReminders;
      notifications.show({
        color: 'green',
        title: 'Training settings saved',
        message: auto.enabled
          ? `Overdue courses are reminded every ${WEEKDAYS[auto.weekday]} at ${HOUR_OPTIONS[auto.hour]?.label} (${auto.timeZone}).`
          : 'Automatic reminders are off; reminders go out only when an admin sends them.',
      });
    },
  });
  // What is stored changed elsewhere (another tab, a refetch) while nothing is being edited here.
  const stored = toForm(settings);
  const dirty = JSON.stringify(stored) !== JSON.stringify(form);
  // biome-ignore lint/correctness/useExhaustiveDependencies: follow the stored settings, not every render
  useEffect(() => {
    if (!dirty) setForm(stored);
  }, [settings]);

  const errors = fieldErrors(save.error, FIELDS);

  function submit(event: FormEvent) {
    event.preventDefault();
    const problem = cooldownProblem(form.cooldown);
    setCooldownError(problem);
    if (problem) return;
    save.mutate(toInput(form));
  }

  const lastRun = settings.automaticReminders.lastRunAt;
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="settings-cooldown">
          <Stack gap="sm">
            <Group gap="xs">
              <IconBellRinging size={20} color="var(--mantine-color-indigo-6)" aria-hidden />
              <Title order={3} size="h4" id="settings-cooldown">
                Reminders
              </Title>
            </Group>
            <NumberInput
              label="Reminder cooldown (hours)"
              description="Nobody is reminded twice within this time, whoever sends the reminder: users reminded more recently are skipped and counted. 0 turns the cooldown off."
              value={form.cooldown}
              onChange={(value) => {
                set({ cooldown: value });
                setCooldownError(null);
              }}
              min={0}
              max={MAX_COOLDOWN_HOURS}
              step={1}
              allowDecimal={false}
              allowNegative={false}
              clampBehavior="none"
              suffix=" h"
              error={cooldownError ?? errors.fields.reminderCooldownHours}
              // A narrow box for a number of hours; the description and the error take the card's width.
              styles={{ wrapper: { maxWidth: 200 } }}
            />
          </Stack>
        </Paper>

        <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="settings-automatic">
          <Stack gap="md">
            <Group gap="xs">
              <IconCalendarRepeat size={20} color="var(--mantine-color-indigo-6)" aria-hidden />
              <Title order={3} size="h4" id="settings-automatic">
                Automatic reminders
              </Title>
            </Group>
            <Switch
              label="Remind users with overdue courses every week"
              description="Each of them gets one email listing the courses they still have to complete. Disabled users and anyone within the cooldown are skipped."
              checked={form.enabled}
              onChange={(e) => set({ enabled: e.currentTarget.checked })}
              error={errors.fields['automaticReminders.enabled']}
            />
            <Group gap="md" align="flex-start" wrap="wrap">
              <Select
                label="Day"
                data={WEEKDAY_OPTIONS}
                value={form.weekday}
                onChange={(value) => value !== null && set({ weekday: value })}
                allowDeselect={false}
                disabled={!form.enabled}
                error={errors.fields['automaticReminders.weekday']}
                w={160}
              />
              <Select
                label="Hour"
                data={HOUR_OPTIONS}
                value={form.hour}
                onChange={(value) => value !== null && set({ hour: value })}
                allowDeselect={false}
                disabled={!form.enabled}
                error={errors.fields['automaticReminders.hour']}
                w={120}
              />
              <Select
                label="Time zone"
                data={zones}
                value={form.timeZone}
                onChange={(value) => value !== null && set({ timeZone: value })}
                searchable
                allowDeselect={false}
                nothingFoundMessage="No time zone with this name"
                disabled={!form.enabled}
                error={errors.fields['automaticReminders.timeZone']}
                comboboxProps={{ width: 300, position: 'bottom-start' }}
                w={260}
              />
            </Group>
            <Text size="sm" c="dimmed">
              Last run: {lastRun ? formatDateTime(lastRun) : 'never'}
            </Text>
          </Stack>
        </Paper>

        {errors.rest && (
          <Alert color="red" icon={<IconAlertTriangle size={18} />} title="Not saved" role="alert">
            {errors.rest}
          </Alert>
        )}
        <Group justify="flex-end" gap="sm">
          {dirty && (
            <Button
              variant="default"
              onClick={() => {
                setForm(stored);
                setCooldownError(null);
                save.reset();
              }}
            >
              Discard changes
            </Button>
          )}
          <Button type="submit" loading={save.isPending}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
