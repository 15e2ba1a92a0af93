/**
 * New campaign and edit a draft: a four-step wizard (Details → Recipients → Schedule → Review). The step
 * is in the address (`?step=schedule`); what is typed stays in the page until it is saved as a draft or
 * launched. Fields the API refuses are shown under themselves, on their step, and the wizard goes there.
 */
import '@mantine/dates/styles.layer.css';
import {
  Alert,
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Checkbox,
  Group,
  List,
  MultiSelect,
  NumberInput,
  Paper,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Stepper,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { useDebouncedValue } from '@mantine/hooks';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import {
  IconAlertTriangle,
  IconArrowLeft,
  IconArrowRight,
  IconCalendar,
  IconDeviceFloppy,
  IconRocket,
  IconUsers,
} from '@tabler/icons-react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { type ReactNode, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, api, errorMessage } from '../../shared/api.ts';
import { formatDateTime } from '../../shared/dates.ts';
import { LeaveGuardModal, useLeaveGuard } from '../../shared/LeaveGuard.tsx';
import { ErrorState, PageLoader } from '../../shared/PageState.tsx';
import { useUrlParam } from '../../shared/paging.ts';
import { SandboxedPreview } from '../../shared/SandboxedPreview.tsx';
import { DepartmentPicker, GroupPicker, UserPicker } from './CampaignAudiencePickers.tsx';
import {
  type Audience,
  audiencePreviewQuery,
  type Campaign,
  type CampaignInput,
  campaignQuery,
  launchCampaign,
  plural,
  saveCampaign,
} from './campaignsApi.ts';
import { DifficultyBadge } from './DifficultyBadge.tsx';
import {
  phishingQueryKey,
  type TemplatePreview,
  templateDetailQuery,
  useLandingPages,
  useTemplates,
} from './phishingApi.ts';

const PICKER_FORMAT = 'YYYY-MM-DD HH:mm:ss';
const STEPS = ['details', 'recipients', 'schedule', 'review'] as const;
type Step = (typeof STEPS)[number];

type Field = keyof CampaignInput;
const STEP_OF: Record<Field, Step> = {
  name: 'details',
  templateIds: 'details',
  landingPageId: 'details',
  groupIds: 'recipients',
  departmentIds: 'recipients',
  userIds: 'recipients',
  launchAt: 'schedule',
  sendWindowMinutes: 'schedule',
  failOn: 'schedule',
  endsAt: 'schedule',
};

type FailingAction = CampaignInput['failOn'][number];

interface Draft {
  name: string;
  templateIds: string[];
  landingPageId: string | null;
  groupIds: string[];
  departmentIds: string[];
  userIds: string[];
  launchMode: 'now' | 'later';
  launchAt: string | null;
  windowAmount: number;
  windowUnit: 'minutes' | 'hours';
  failOn: FailingAction[];
  endsAt: string | null;
}

const EMPTY: Draft = {
  name: '',
  templateIds: [],
  landingPageId: null,
  groupIds: [],
  departmentIds: [],
  userIds: [],
  launchMode: 'now',
  launchAt: null,
  windowAmount: 0,
  windowUnit: 'hours',
  failOn: ['clicked', 'submitted'],
  endsAt: null,
};

function draftOf(campaign: Campaign): Draft {
  const hours = campaign.sendWindowMinutes > 0 && campaign.sendWindowMinutes % 60 === 0;
  return {
    name: campaign.name,
    templateIds: campaign.templates.map((t) => t.id),
    landingPageId: campaign.landingPage.id,
    groupIds: campaign.groupIds,
    departmentIds: campaign.departmentIds,
    userIds: campaign.userIds,
    launchMode: campaign.launchAt ? 'later' : 'now',
    launchAt: campaign.launchAt ? dayjs(campaign.launchAt).format(PICKER_FORMAT) : null,
    windowAmount: hours ? campaign.sendWindowMinutes / 60 : campaign.sendWindowMinutes,
    windowUnit: hours || campaign.sendWindowMinutes === 0 ? 'hours' : 'minutes',
    failOn: campaign.failOn,
    endsAt: campaign.endsAt ? dayjs(campaign.endsAt).format(PICKER_FORMAT) : null,
  };
}

const windowMinutes = (d: Draft) => Math.round(d.windowAmount * (d.windowUnit === 'hours' ? 60 : 1));

function inputOf(d: Draft): CampaignInput {
  return {
    name: d.name.trim(),
    templateIds: d.templateIds,
    landingPageId: d.landingPageId ?? '',
    groupIds: d.groupIds,
    departmentIds: d.departmentIds,
    userIds: d.userIds,
    launchAt: d.launchMode === 'later' && d.launchAt ? dayjs(d.launchAt).toISOString() : null,
    sendWindowMinutes: windowMinutes(d),
    failOn: d.failOn,
    endsAt: d.endsAt ? dayjs(d.endsAt).toISOString() : null,
  };
}

/** What the wizard itself can tell before asking the API, by field. */
function localErrors(d: Draft): Partial<Record<Field, string>> {
  const errors: Partial<Record<Field, string>> = {};
  if (!d.name.trim()) errors.name = 'Give the campaign a name.';
  if (d.templateIds.length === 0) errors.templateIds = 'Pick at least one template.';
  if (!d.landingPageId) errors.landingPageId = 'Pick the page people land on when they click.';
  if (d.launchMode === 'later' && (!d.launchAt || !dayjs(d.launchAt).isValid()))
    errors.launchAt = 'Choose when sending starts.';
  if (d.windowAmount < 0 || windowMinutes(d) > 10_080)
    errors.sendWindowMinutes = 'The sending window is at most 7 days.';
  if (d.failOn.length === 0) errors.failOn = 'Pick what counts as failing.';
  if (d.endsAt) {
    const start = d.launchMode === 'later' && d.launchAt ? dayjs(d.launchAt) : dayjs();
    if (!dayjs(d.endsAt).isAfter(start.add(windowMinutes(d), 'minute')))
      errors.endsAt = 'The end must come after the last email is sent.';
  }
  return errors;
}

/** The API's refusals by field (`body.templateIds.0` → templateIds), and what is left for an alert. */
function apiErrors(error: unknown): { fields: Partial<Record<Field, string>>; rest: string | null } {
  if (!error) return { fields: {}, rest: null };
  if (!(error instanceof ApiError)) return { fields: {}, rest: errorMessage(error) };
  const fields: Partial<Record<Field, string>> = {};
  for (const item of error.problem.errors ?? []) {
    const field = item.path.replace(/^body\./, '').split('.')[0] as Field;
    if (field in STEP_OF && !fields[field]) {
      const text = item.message.charAt(0).toUpperCase() + item.message.slice(1);
      fields[field] = /[.!?]$/.test(text) ? text : `${text}.`;
    }
  }
  return { fields, rest: Object.keys(fields).length > 0 ? null : error.problem.detail };
}

const firstStepWith = (errors: Partial<Record<Field, string>>) =>
  STEPS.find((step) => (Object.keys(errors) as Field[]).some((f) => STEP_OF[f] === step));

const backLink = (
  <Anchor component={Link} to="/phishing/campaigns" size="sm">
    <Group gap={4}>
      <IconArrowLeft size={14} aria-hidden /> Campaigns
    </Group>
  </Anchor>
);

export default function CampaignEditorPage() {
  const { campaignId } = useParams();
  const campaign = useQuery({ ...campaignQuery(campaignId ?? ''), enabled: Boolean(campaignId) });
  if (!campaignId) return <CampaignWizard campaign={null} />;
  if (campaign.isPending) return <PageLoader />;
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
  if (campaign.data.status !== 'draft') {
    return (
      <Stack gap="md" maw={640}>
        {backLink}
        <Alert color="yellow" title="Only drafts can be edited" role="alert">
          “{campaign.data.name}” has been launched, so what it sends and to whom can no longer change.{' '}
          <Anchor component={Link} to={`/phishing/campaigns/${campaign.data.id}`}>
            See its results
          </Anchor>
          .
        </Alert>
      </Stack>
    );
  }
  return <CampaignWizard key={campaign.data.id} campaign={campaign.data} />;
}

function CampaignWizard({ campaign }: { campaign: Campaign | null }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const saved = useRef(campaign ? draftOf(campaign) : EMPTY);
  const [draft, setDraft] = useState<Draft>(saved.current);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    // A refusal is about what was sent: once something changes, it is no longer shown.
    if (save.error) save.reset();
  };
  const dirty = JSON.stringify(draft) !== JSON.stringify(saved.current);

  const [stepParam, setStepParam] = useUrlParam('step', 'details');
  const step: Step = STEPS.includes(stepParam as Step) ? (stepParam as Step) : 'details';
  const active = STEPS.indexOf(step);
  // A step's own checks show once the admin has tried to leave it (or to save).
  const [checked, setChecked] = useState<Set<Step>>(new Set());

  const audience: Audience = {
    groupIds: draft.groupIds,
    departmentIds: draft.departmentIds,
    userIds: draft.userIds,
  };
  const [debouncedAudience] = useDebouncedValue(audience, 300);
  const noAudience =
    debouncedAudience.groupIds.length +
      debouncedAudience.departmentIds.length +
      debouncedAudience.userIds.length ===
    0;
  const preview = useQuery({
    ...audiencePreviewQuery(debouncedAudience),
    enabled: !noAudience,
    placeholderData: keepPreviousData,
  });
  const recipients = noAudience ? 0 : preview.data?.recipients;

  const leaving = useRef(false);
  const save = useMutation({
    mutationFn: async ({ launch }: { launch: boolean }) => {
      const result = await saveCampaign(campaign?.id ?? null, inputOf(draft));
      if (!launch) return { campaign: result, launched: false, launchError: null };
      try {
        return { campaign: await launchCampaign(result.id), launched: true, launchError: null };
      } catch (error) {
        return { campaign: result, launched: false, launchError: error };
      }
    },
    onSuccess: ({ campaign: result, launched, launchError }) => {
      queryClient.invalidateQueries({ queryKey: phishingQueryKey });
      queryClient.setQueryData(campaignQuery(result.id).queryKey, result);
      if (launchError) {
        notifications.show({
          color: 'red',
          title: `“${result.name}” was saved as a draft but not launched`,
          message: errorMessage(launchError),
          autoClose: 10_000,
        });
      } else {
        notifications.show({
          color: 'green',
          message: launched
            ? result.status === 'scheduled'
              ? `“${result.name}” is scheduled for ${formatDateTime(result.launchAt)}.`
              : `“${result.name}” is launched: emails are on their way.`
            : `Saved “${result.name}” as a draft.`,
        });
      }
      leaving.current = true;
      navigate(`/phishing/campaigns/${result.id}`);
    },
    onError: (error) => {
      const found = firstStepWith(apiErrors(error).fields);
      if (found) setStepParam(found);
    },
  });

  const local = localErrors(draft);
  const server = apiErrors(save.error);
  const errorFor = (field: Field) =>
    server.fields[field] ?? (checked.has(STEP_OF[field]) ? local[field] : undefined);
  const stepHasErrors = (s: Step) =>
    (Object.keys(local) as Field[]).some((f) => STEP_OF[f] === s) ||
    (Object.keys(server.fields) as Field[]).some((f) => STEP_OF[f] === s);

  function goTo(target: Step) {
    const index = STEPS.indexOf(target);
    // Forward only past steps that are complete; back always.
    for (let i = 0; i < index; i++) {
      const s = STEPS[i]!;
      if ((Object.keys(local) as Field[]).some((f) => STEP_OF[f] === s)) {
        setChecked((c) => new Set(c).add(s));
        setStepParam(s);
        return;
      }
    }
    setStepParam(target);
  }

  function attempt(launch: boolean) {
    const firstLocal = firstStepWith(local);
    if (firstLocal) {
      setChecked(new Set(STEPS));
      setStepParam(firstLocal);
      return;
    }
    if (!launch) {
      save.mutate({ launch: false });
      return;
    }
    const count = recipients ?? 0;
    const when =
      draft.launchMode === 'later' && draft.launchAt
        ? `Sending starts ${formatDateTime(dayjs(draft.launchAt).toISOString())}`
        : 'Sending starts now';
    modals.openConfirmModal({
      title: `Launch “${draft.name.trim()}” to ${plural(count, 'person', 'people')}?`,
      children: (
        <Stack gap="xs">
          <Text size="sm">
            {when}
            {windowMinutes(draft) > 0 ? `, spread over ${windowLabel(draft)}` : ''}. Once launched, the
            campaign can no longer be edited; you can cancel it while it runs.
          </Text>
          {(preview.data?.disabledLeftOut ?? 0) > 0 && (
            <Text size="sm" c="dimmed">
              {plural(preview.data?.disabledLeftOut ?? 0, 'disabled account')} left out.
            </Text>
          )}
        </Stack>
      ),
      labels: { confirm: `Launch to ${plural(count, 'person', 'people')}`, cancel: 'Not yet' },
      onConfirm: () => save.mutate({ launch: true }),
    });
  }

  // Leaving with unsaved changes asks first (in the console and when closing the tab).
  const blocker = useLeaveGuard(dirty, () => !leaving.current && !save.isPending);

  const title = campaign ? `Edit “${campaign.name}”` : 'New campaign';

  return (
    <Stack gap="md">
      <Breadcrumbs separator="›" fz="sm">
        <Anchor component={Link} to="/phishing/campaigns" size="sm">
          Campaigns
        </Anchor>
        {campaign && (
          <Anchor component={Link} to={`/phishing/campaigns/${campaign.id}`} size="sm">
            {campaign.name}
          </Anchor>
        )}
        <Text size="sm" c="dimmed">
          {campaign ? 'Edit' : 'New campaign'}
        </Text>
      </Breadcrumbs>
      <Group gap="sm">
        <Title order={2}>{title}</Title>
        {campaign && (
          <Badge variant="light" color="gray">
            Draft
          </Badge>
        )}
      </Group>

      <Paper withBorder radius="md" p="lg">
        <Stepper
          active={active}
          onStepClick={(index) => goTo(STEPS[index]!)}
          size="sm"
          aria-label="Campaign steps"
          // Four labelled steps fill the width: the lines between them must not shrink to dots.
          styles={{ separator: { minWidth: 24, marginInline: 'var(--mantine-spacing-xs)' } }}
        >
          <Stepper.Step
            label="Details"
            description="Templates and landing page"
            color={checked.has('details') && stepHasErrors('details') ? 'red' : undefined}
          >
            <DetailsStep draft={draft} set={set} errorFor={errorFor} campaign={campaign} />
          </Stepper.Step>
          <Stepper.Step
            label="Recipients"
            description="Groups, departments, people"
            color={
              server.fields.groupIds || server.fields.userIds || server.fields.departmentIds
                ? 'red'
                : undefined
            }
          >
            <Stack gap="md" maw={760}>
              <GroupPicker
                value={draft.groupIds}
                onChange={(ids) => set('groupIds', ids)}
                error={errorFor('groupIds')}
              />
              <DepartmentPicker
                value={draft.departmentIds}
                onChange={(ids) => set('departmentIds', ids)}
                error={errorFor('departmentIds')}
              />
              <UserPicker
                value={draft.userIds}
                onChange={(ids) => set('userIds', ids)}
                error={errorFor('userIds')}
              />
              <AudienceSummary
                empty={noAudience}
                fetching={preview.isFetching}
                error={preview.error}
                recipients={recipients}
                disabledLeftOut={noAudience ? 0 : preview.data?.disabledLeftOut}
                sample={noAudience ? [] : (preview.data?.sample ?? [])}
              />
            </Stack>
          </Stepper.Step>
          <Stepper.Step
            label="Schedule"
            description="When, and what fails"
            color={checked.has('schedule') && stepHasErrors('schedule') ? 'red' : undefined}
          >
            <ScheduleStep draft={draft} set={set} errorFor={errorFor} />
          </Stepper.Step>
          <Stepper.Step label="Review" description="Check and launch">
            <ReviewStep
              draft={draft}
              recipients={recipients}
              disabledLeftOut={preview.data?.disabledLeftOut ?? 0}
            />
          </Stepper.Step>
        </Stepper>

        {server.rest && (
          <Alert
            color="red"
            icon={<IconAlertTriangle size={18} />}
            role="alert"
            mt="md"
            title="Could not save"
          >
            {server.rest}
          </Alert>
        )}

        <Group justify="space-between" mt="xl">
          <Button
            variant="default"
            leftSection={<IconArrowLeft size={16} />}
            disabled={active === 0}
            onClick={() => goTo(STEPS[active - 1]!)}
          >
            Back
          </Button>
          <Group gap="sm">
            <Button
              variant="default"
              leftSection={<IconDeviceFloppy size={16} />}
              loading={save.isPending && save.variables?.launch === false}
              disabled={save.isPending}
              onClick={() => attempt(false)}
            >
              Save as draft
            </Button>
            {step === 'review' ? (
              <Button
                leftSection={<IconRocket size={16} />}
                loading={save.isPending && save.variables?.launch === true}
                disabled={save.isPending || !recipients}
                onClick={() => attempt(true)}
              >
                {draft.launchMode === 'later' ? 'Schedule launch' : 'Launch'}
              </Button>
            ) : (
              <Button
                rightSection={<IconArrowRight size={16} />}
                onClick={() => {
                  setChecked((c) => new Set(c).add(step));
                  goTo(STEPS[active + 1]!);
                }}
              >
                Next
              </Button>
            )}
          </Group>
        </Group>
        {step === 'review' && recipients === 0 && (
          <Text size="sm" c="dimmed" ta="right" mt="xs">
            Choose at least one active person on the Recipients step to launch.
          </Text>
        )}
      </Paper>

      <LeaveGuardModal blocker={blocker}>
        This campaign has changes that have not been saved. Save it as a draft to keep them.
      </LeaveGuardModal>
    </Stack>
  );
}

type StepProps = {
  draft: Draft;
  set: <K extends keyof Draft>(key: K, value: Draft[K]) => void;
  errorFor: (field: Field) => string | undefined;
};

function DetailsStep({ draft, set, errorFor, campaign }: StepProps & { campaign: Campaign | null }) {
  const templates = useTemplates({ status: 'active' });
  const landingPages = useLandingPages({ status: 'active' });
  const byId = new Map((templates.data ?? []).map((t) => [t.id, t]));
  // A draft may name a template or page archived since: it stays listed so it can be seen and removed.
  const templateData = [
    ...(templates.data ?? []).map((t) => ({ value: t.id, label: t.name })),
    ...(campaign?.templates ?? [])
      .filter((t) => !byId.has(t.id))
      .map((t) => ({ value: t.id, label: `${t.name} (archived)` })),
  ];
  const pageData = (landingPages.data ?? []).map((p) => ({ value: p.id, label: p.name }));
  if (campaign && !pageData.some((p) => p.value === campaign.landingPage.id)) {
    pageData.push({ value: campaign.landingPage.id, label: `${campaign.landingPage.name} (archived)` });
  }
  const formCounts = new Map((landingPages.data ?? []).map((p) => [p.id, p.formCount]));

  return (
    <Stack gap="md" maw={760}>
      <TextInput
        label="Name"
        description="For you only: recipients never see it."
        placeholder="e.g. Q3 password-reset simulation"
        required
        value={draft.name}
        onChange={(e) => set('name', e.currentTarget.value)}
        error={errorFor('name')}
        maxLength={200}
        data-autofocus
      />
      <MultiSelect
        label="Templates"
        description="Pick one or several: each person gets one at random."
        placeholder={draft.templateIds.length === 0 ? 'Search templates' : undefined}
        required
        data={templateData}
        value={draft.templateIds}
        onChange={(ids) => set('templateIds', ids)}
        searchable
        clearable
        maxValues={20}
        nothingFoundMessage="No template matches"
        error={templates.error ? 'The templates could not be loaded.' : errorFor('templateIds')}
        renderOption={({ option }) => {
          const t = byId.get(option.value);
          return (
            <Group gap="xs" justify="space-between" wrap="nowrap" w="100%">
              <Stack gap={0}>
                <Text size="sm">{option.label}</Text>
                {t && (
                  <Text size="xs" c="dimmed" lineClamp={1}>
                    {t.subject}
                  </Text>
                )}
              </Stack>
              {t && <DifficultyBadge difficulty={t.difficulty} />}
            </Group>
          );
        }}
        comboboxProps={{ withinPortal: true }}
      />
      {draft.templateIds.length > 0 && (
        <Group gap="xs" aria-label="Chosen templates' difficulty">
          {draft.templateIds.map((id) => {
            const t = byId.get(id);
            return t ? (
              <Group key={id} gap={4} wrap="nowrap">
                <Text size="xs">{t.name}</Text>
                <DifficultyBadge difficulty={t.difficulty} />
              </Group>
            ) : null;
          })}
        </Group>
      )}
      <Select
        label="Landing page"
        description="Where the link leads. A form submission is recorded (never what was typed)."
        placeholder="Choose a landing page"
        required
        data={pageData}
        value={draft.landingPageId}
        onChange={(id) => set('landingPageId', id)}
        searchable
        nothingFoundMessage="No landing page matches"
        error={landingPages.error ? 'The landing pages could not be loaded.' : errorFor('landingPageId')}
        renderOption={({ option }) => (
          <Group gap="xs" justify="space-between" wrap="nowrap" w="100%">
            <Text size="sm">{option.label}</Text>
            {formCounts.get(option.value) === 0 && (
              <Badge size="xs" variant="light" color="gray">
                No form
              </Badge>
            )}
          </Group>
        )}
        comboboxProps={{ withinPortal: true }}
      />
    </Stack>
  );
}

function AudienceSummary(props: {
  empty: boolean;
  fetching: boolean;
  error: unknown;
  recipients: number | undefined;
  disabledLeftOut: number | undefined;
  sample: { id: string; email: string; name: string }[];
}) {
  return (
    <Paper withBorder radius="md" p="md" bg="gray.0" aria-live="polite">
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <IconUsers size={22} aria-hidden style={{ flexShrink: 0, marginTop: 2 }} />
        <Stack gap={4}>
          {props.empty ? (
            <Text size="sm" c="dimmed">
              Choose groups, departments or people. Each person gets one email, however many of them they are
              in.
            </Text>
          ) : props.error ? (
            <Text size="sm" c="red">
              The number of recipients could not be counted: {errorMessage(props.error)}
            </Text>
          ) : (
            <>
              <Text size="sm" fw={600}>
                {props.recipients === undefined
                  ? 'Counting recipients…'
                  : `${plural(props.recipients, 'person', 'people')} will receive it`}
                {props.fetching && props.recipients !== undefined ? ' (updating…)' : ''}
              </Text>
              {(props.disabledLeftOut ?? 0) > 0 && (
                <Text size="sm" c="dimmed">
                  {plural(props.disabledLeftOut ?? 0, 'disabled account')} left out
                </Text>
              )}
              {props.sample.length > 0 && (
                <Text size="xs" c="dimmed">
                  For example: {props.sample.map((s) => s.name || s.email).join(', ')}
                  {(props.recipients ?? 0) > props.sample.length ? '…' : ''}
                </Text>
              )}
            </>
          )}
        </Stack>
      </Group>
    </Paper>
  );
}

function windowLabel(d: Draft) {
  return plural(d.windowAmount, d.windowUnit === 'hours' ? 'hour' : 'minute');
}

function ScheduleStep({ draft, set, errorFor }: StepProps) {
  return (
    <Stack gap="lg" maw={760}>
      <Radio.Group
        label="Launch"
        value={draft.launchMode}
        onChange={(value) => {
          set('launchMode', value as Draft['launchMode']);
          // A starting point to adjust: tomorrow at 09:00, the start of a working day.
          if (value === 'later' && !draft.launchAt)
            set('launchAt', dayjs().add(1, 'day').hour(9).minute(0).second(0).format(PICKER_FORMAT));
        }}
        error={draft.launchMode === 'now' ? errorFor('launchAt') : undefined}
      >
        <Stack gap="xs" mt={6}>
          <Radio value="now" label="As soon as I launch it" />
          <Radio value="later" label="At a time" />
        </Stack>
      </Radio.Group>
      {draft.launchMode === 'later' && (
        <DateTimePicker
          label="Sending starts"
          description="Your local time."
          value={draft.launchAt}
          onChange={(value) => set('launchAt', value)}
          valueFormat="D MMM YYYY, HH:mm"
          minDate={dayjs().format('YYYY-MM-DD')}
          leftSection={<IconCalendar size={16} aria-hidden />}
          error={errorFor('launchAt')}
          popoverProps={{ withinPortal: true }}
          maw={320}
          required
        />
      )}
      <div>
        <Group gap="sm" align="flex-end">
          <NumberInput
            label="Sending window"
            description="Spread the emails evenly over this long, so they do not all arrive at once. 0: all at once."
            min={0}
            max={draft.windowUnit === 'hours' ? 168 : 10_080}
            allowDecimal={false}
            value={draft.windowAmount}
            onChange={(value) => set('windowAmount', typeof value === 'number' ? value : Number(value) || 0)}
            error={errorFor('sendWindowMinutes')}
            w={340}
          />
          <Select
            aria-label="Sending window unit"
            data={[
              { value: 'minutes', label: 'minutes' },
              { value: 'hours', label: 'hours' },
            ]}
            value={draft.windowUnit}
            onChange={(value) => value && set('windowUnit', value as Draft['windowUnit'])}
            allowDeselect={false}
            w={120}
            mb={errorFor('sendWindowMinutes') ? 22 : 0}
          />
        </Group>
      </div>
      <Checkbox.Group
        label="What counts as failing"
        description="Opening the email never counts. Link scanners in mail servers never count either."
        value={draft.failOn}
        onChange={(value) => set('failOn', value as FailingAction[])}
        error={errorFor('failOn')}
      >
        <Stack gap="xs" mt={6}>
          <Checkbox value="clicked" label="Clicked the link" />
          <Checkbox value="submitted" label="Submitted the form on the landing page" />
        </Stack>
      </Checkbox.Group>
      <DateTimePicker
        label="Ends (optional)"
        description="After this the campaign is completed: later clicks are recorded but no longer count."
        placeholder="No end date"
        value={draft.endsAt}
        onChange={(value) => set('endsAt', value)}
        valueFormat="D MMM YYYY, HH:mm"
        minDate={dayjs().format('YYYY-MM-DD')}
        leftSection={<IconCalendar size={16} aria-hidden />}
        clearable
        error={errorFor('endsAt')}
        popoverProps={{ withinPortal: true }}
        maw={320}
      />
    </Stack>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group gap="sm" wrap="nowrap" align="flex-start">
      <Text size="sm" c="dimmed" w={150} style={{ flexShrink: 0 }}>
        {label}
      </Text>
      <div style={{ minWidth: 0 }}>{children}</div>
    </Group>
  );
}

function ReviewStep({
  draft,
  recipients,
  disabledLeftOut,
}: {
  draft: Draft;
  recipients: number | undefined;
  disabledLeftOut: number;
}) {
  const templates = useTemplates({ status: 'active' });
  const landingPages = useLandingPages({ status: 'active' });
  const templateName = (id: string) => templates.data?.find((t) => t.id === id)?.name ?? 'A template';
  const pageName = landingPages.data?.find((p) => p.id === draft.landingPageId)?.name ?? '—';
  const [previewId, setPreviewId] = useState<string | null>(draft.templateIds[0] ?? null);
  const shownId =
    previewId && draft.templateIds.includes(previewId) ? previewId : (draft.templateIds[0] ?? null);

  const audience: Audience = {
    groupIds: draft.groupIds,
    departmentIds: draft.departmentIds,
    userIds: draft.userIds,
  };
  const sample = useQuery({
    ...audiencePreviewQuery(audience),
    enabled: audience.groupIds.length + audience.departmentIds.length + audience.userIds.length > 0,
  }).data?.sample[0];
  const template = useQuery({ ...templateDetailQuery(shownId ?? ''), enabled: Boolean(shownId) });
  const [firstName = '', ...rest] = (sample?.name ?? '').split(' ');
  const rendered = useQuery({
    queryKey: [
      ...phishingQueryKey,
      'campaign-preview',
      template.data?.id,
      template.data?.version,
      sample?.id,
    ],
    queryFn: ({ signal }) => {
      const t = template.data!;
      // The template as saved, addressed to the first of the campaign's own recipients.
      return api<TemplatePreview>('/phishing/templates/preview', {
        method: 'POST',
        body: {
          subject: t.subject,
          senderName: t.senderName,
          senderAddress: t.senderAddress,
          htmlBody: t.htmlBody,
          textBody: t.textBody,
          redFlags: t.redFlags,
          sampleUser: sample
            ? { firstName, lastName: rest.join(' '), email: sample.email, department: null }
            : undefined,
        },
        signal,
      });
    },
    enabled: Boolean(template.data),
    staleTime: Number.POSITIVE_INFINITY,
  });

  const failing = [
    draft.failOn.includes('clicked') && 'clicking the link',
    draft.failOn.includes('submitted') && 'submitting the form',
  ].filter(Boolean);

  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
      <Stack gap="sm">
        <Title order={4}>Summary</Title>
        <Row label="Name">
          <Text size="sm" fw={500}>
            {draft.name.trim() || '—'}
          </Text>
        </Row>
        <Row label="Templates">
          <List size="sm" spacing={2}>
            {draft.templateIds.map((id) => (
              <List.Item key={id}>{templateName(id)}</List.Item>
            ))}
          </List>
          {draft.templateIds.length > 1 && (
            <Text size="xs" c="dimmed">
              Each person gets one of these at random.
            </Text>
          )}
        </Row>
        <Row label="Landing page">
          <Text size="sm">{pageName}</Text>
        </Row>
        <Row label="Recipients">
          <Text size="sm" fw={600}>
            {recipients === undefined ? 'Counting…' : plural(recipients, 'person', 'people')}
          </Text>
          <Text size="xs" c="dimmed">
            {plural(draft.groupIds.length, 'group')}, {plural(draft.departmentIds.length, 'department')},{' '}
            {plural(draft.userIds.length, 'person picked by name', 'people picked by name')}
            {disabledLeftOut > 0 ? ` · ${plural(disabledLeftOut, 'disabled account')} left out` : ''}
          </Text>
        </Row>
        <Row label="Launch">
          <Text size="sm">
            {draft.launchMode === 'later' && draft.launchAt
              ? formatDateTime(dayjs(draft.launchAt).toISOString())
              : 'As soon as it is launched'}
          </Text>
        </Row>
        <Row label="Sending window">
          <Text size="sm">{windowMinutes(draft) > 0 ? windowLabel(draft) : 'All at once'}</Text>
        </Row>
        <Row label="Failing">
          <Text size="sm">{failing.length > 0 ? failing.join(' or ') : '—'}</Text>
        </Row>
        <Row label="Ends">
          <Text size="sm">
            {draft.endsAt ? formatDateTime(dayjs(draft.endsAt).toISOString()) : 'No end date'}
          </Text>
        </Row>
      </Stack>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-end">
          <Title order={4}>Email preview</Title>
          {draft.templateIds.length > 1 && (
            <Select
              aria-label="Template to preview"
              size="xs"
              data={draft.templateIds.map((id) => ({ value: id, label: templateName(id) }))}
              value={shownId}
              onChange={setPreviewId}
              allowDeselect={false}
              w={240}
            />
          )}
        </Group>
        {!shownId ? (
          <Text size="sm" c="dimmed">
            Pick a template on the Details step to see the email.
          </Text>
        ) : template.error || rendered.error ? (
          <Alert color="red" role="alert" title="The preview could not be rendered">
            {errorMessage(template.error ?? rendered.error)}
          </Alert>
        ) : rendered.data ? (
          <>
            <Paper withBorder radius="md" p="sm">
              <Text size="sm">
                <Text span c="dimmed" size="sm">
                  From:{' '}
                </Text>
                {rendered.data.from}
              </Text>
              <Text size="sm">
                <Text span c="dimmed" size="sm">
                  Subject:{' '}
                </Text>
                <Text span fw={600} size="sm">
                  {rendered.data.subject}
                </Text>
              </Text>
            </Paper>
            <SandboxedPreview title="Email preview" html={rendered.data.html} height={480} />
            <Text size="xs" c="dimmed">
              {sample ? `As ${sample.name || sample.email} would get it.` : 'Shown to a sample person.'} Links
              lead nowhere in the preview.
            </Text>
          </>
        ) : (
          <PageLoader />
        )}
      </Stack>
    </SimpleGrid>
  );
}
