/**
 * A template's page: its fields, HTML and text bodies, red flags, and a live preview of the rendered
 * email (and of the teachable-moment page) in a sandboxed frame, rendered by the API as the admin types.
 * Built-in templates open read-only, with Clone to make an editable copy.
 */
import {
  ActionIcon,
  Alert,
  Anchor,
  Breadcrumbs,
  Button,
  Group,
  Input,
  List,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Tabs,
  Text,
  Textarea,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconDeviceFloppy, IconPlus, IconTrash } from '@tabler/icons-react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, errorMessage } from '../../shared/api.ts';
import { fieldErrors } from '../../shared/formErrors.ts';
import { LeaveGuardModal, useLeaveGuard } from '../../shared/LeaveGuard.tsx';
import { ErrorState, PageLoader } from '../../shared/PageState.tsx';
import { SandboxedPreview } from '../../shared/SandboxedPreview.tsx';
import { ContentBadges, ContentEditorActions } from './contentActions.tsx';
import { DifficultyBadge } from './DifficultyBadge.tsx';
import {
  DIFFICULTIES,
  type Difficulty,
  phishingQueryKey,
  previewTemplate,
  saveTemplate,
  TEMPLATE_VARIABLES,
  type TemplateDetail,
  type TemplateInput,
  templateDetailQuery,
} from './phishingApi.ts';

const FIELDS = [
  'name',
  'category',
  'difficulty',
  'subject',
  'senderName',
  'senderAddress',
  'htmlBody',
  'textBody',
  'redFlags',
] as const;
type Field = (typeof FIELDS)[number];
type BodyField = 'subject' | 'htmlBody' | 'textBody';

const STARTER: TemplateInput = {
  name: '',
  category: '',
  difficulty: 'medium',
  subject: '',
  senderName: '',
  senderAddress: '',
  htmlBody: '<p>Hello {{firstName}},</p>\n<p><a href="{{link}}">Open</a></p>\n{{trackingPixel}}',
  textBody: 'Hello {{firstName}},\n\nOpen: {{link}}',
  redFlags: [],
};

function inputOf(template: TemplateDetail): TemplateInput {
  return {
    name: template.name,
    category: template.category,
    difficulty: template.difficulty,
    subject: template.subject,
    senderName: template.senderName,
    senderAddress: template.senderAddress,
    htmlBody: template.htmlBody,
    textBody: template.textBody,
    redFlags: template.redFlags,
  };
}

const backLink = (
  <Anchor component={Link} to="/phishing/templates" size="sm">
    <Group gap={4}>
      <IconArrowLeft size={14} /> Templates
    </Group>
  </Anchor>
);

export default function TemplateEditorPage() {
  const { templateId } = useParams();
  const template = useQuery({ ...templateDetailQuery(templateId ?? ''), enabled: Boolean(templateId) });
  if (!templateId) return <TemplateEditor template={null} />;
  if (template.isPending) return <PageLoader />;
  if (template.error) {
    return (
      <Stack gap="md">
        {backLink}
        {template.error instanceof ApiError && template.error.problem.status === 404 ? (
          <Alert color="yellow" title="This template does not exist" role="alert">
            It may belong to another organization, or the address is mistyped.
          </Alert>
        ) : (
          <ErrorState error={template.error} onRetry={() => template.refetch()} />
        )}
      </Stack>
    );
  }
  return <TemplateEditor key={`${template.data.id}:${template.data.version}`} template={template.data} />;
}

function TemplateEditor({ template }: { template: TemplateDetail | null }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const readOnly = template?.builtIn ?? false;
  const saved = template ? inputOf(template) : STARTER;
  const [draft, setDraft] = useState<TemplateInput>(saved);
  const dirty = !readOnly && JSON.stringify(draft) !== JSON.stringify(saved);

  const set = <K extends keyof TemplateInput>(key: K, value: TemplateInput[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));

  // Variable chips insert at the cursor of the body field used last.
  const lastBody = useRef<BodyField>('htmlBody');
  const refs = {
    subject: useRef<HTMLInputElement>(null),
    htmlBody: useRef<HTMLTextAreaElement>(null),
    textBody: useRef<HTMLTextAreaElement>(null),
  };
  function insertVariable(name: string) {
    const field = lastBody.current;
    const element = refs[field].current;
    const token = `{{${name}}}`;
    const value = draft[field];
    const start = element?.selectionStart ?? value.length;
    const end = element?.selectionEnd ?? value.length;
    set(field, value.slice(0, start) + token + value.slice(end));
    requestAnimationFrame(() => {
      element?.focus();
      element?.setSelectionRange(start + token.length, start + token.length);
    });
  }

  const save = useMutation({
    mutationFn: () =>
      saveTemplate(template?.id ?? null, {
        ...draft,
        redFlags: draft.redFlags.map((f) => f.trim()).filter(Boolean),
      }),
    onSuccess: (result) => {
      queryClient.invalidateQueries({ queryKey: phishingQueryKey });
      queryClient.setQueryData(templateDetailQuery(result.id).queryKey, result);
      notifications.show({
        color: 'green',
        message: template ? `Saved “${result.name}”.` : `Created “${result.name}”.`,
      });
      if (!template) navigate(`/phishing/templates/${result.id}`, { replace: true });
    },
    // Bring the first field the API refused into view (it may be far above the Save button).
    onError: () =>
      requestAnimationFrame(() => {
        const invalid = document.querySelector<HTMLElement>(
          'form[aria-label="Template"] [aria-invalid="true"]',
        );
        invalid?.scrollIntoView({ block: 'center' });
        invalid?.focus({ preventScroll: true });
      }),
  });
  const errors = save.error ? fieldErrors<Field>(save.error, FIELDS) : { fields: {}, rest: null };

  // Leaving with unsaved changes asks first (in the console and when closing the tab).
  const blocker = useLeaveGuard(dirty, () => !save.isPending);

  const [previewDraft] = useDebouncedValue(draft, 350);
  const preview = useQuery({
    queryKey: [...phishingQueryKey, 'preview', previewDraft],
    queryFn: ({ signal }) =>
      previewTemplate(
        {
          subject: previewDraft.subject,
          senderName: previewDraft.senderName,
          senderAddress: previewDraft.senderAddress,
          htmlBody: previewDraft.htmlBody,
          textBody: previewDraft.textBody,
          redFlags: previewDraft.redFlags,
        },
        signal,
      ),
    placeholderData: keepPreviousData,
    staleTime: Number.POSITIVE_INFINITY,
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }

  return (
    <Stack gap="md">
      <Breadcrumbs separator="›" fz="sm">
        <Anchor component={Link} to="/phishing/templates" size="sm">
          Templates
        </Anchor>
        <Text size="sm" truncate="end" maw={420}>
          {template ? template.name : 'New template'}
        </Text>
      </Breadcrumbs>

      <Group justify="space-between" align="flex-start">
        <Group gap="sm">
          <Title order={2}>{template ? template.name : 'New template'}</Title>
          {template && <DifficultyBadge difficulty={template.difficulty} />}
          <ContentBadges item={template} />
        </Group>
        {template && <ContentEditorActions kind="template" item={template} />}
      </Group>

      {readOnly && (
        <Alert color="indigo" title="This is a built-in template" role="status">
          Built-in templates are kept up to date by Heed and cannot be edited. Clone it to make your own
          version you can change.
        </Alert>
      )}

      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        <Paper withBorder radius="md" p="md" component="form" onSubmit={submit} aria-label="Template">
          <Stack gap="sm">
            <SimpleGrid cols={2} spacing="sm">
              <TextInput
                label="Name"
                required={!readOnly}
                readOnly={readOnly}
                value={draft.name}
                onChange={(e) => set('name', e.currentTarget.value)}
                error={errors.fields.name}
                maxLength={200}
              />
              <TextInput
                label="Category"
                placeholder="e.g. IT & accounts"
                readOnly={readOnly}
                value={draft.category}
                onChange={(e) => set('category', e.currentTarget.value)}
                error={errors.fields.category}
                maxLength={60}
              />
            </SimpleGrid>
            <Input.Wrapper label="Difficulty" error={errors.fields.difficulty}>
              <div>
                <SegmentedControl
                  aria-label="Difficulty"
                  disabled={readOnly}
                  value={draft.difficulty}
                  onChange={(value) => set('difficulty', value as Difficulty)}
                  data={DIFFICULTIES.map((d) => ({ value: d.value, label: d.label }))}
                />
              </div>
            </Input.Wrapper>
            <SimpleGrid cols={2} spacing="sm">
              <TextInput
                label="Sender name"
                required={!readOnly}
                readOnly={readOnly}
                value={draft.senderName}
                onChange={(e) => set('senderName', e.currentTarget.value)}
                error={errors.fields.senderName}
                maxLength={200}
              />
              <TextInput
                label="Sender address"
                required={!readOnly}
                type="email"
                readOnly={readOnly}
                value={draft.senderAddress}
                onChange={(e) => set('senderAddress', e.currentTarget.value)}
                error={errors.fields.senderAddress}
                maxLength={320}
              />
            </SimpleGrid>
            <TextInput
              label="Subject"
              required={!readOnly}
              ref={refs.subject}
              readOnly={readOnly}
              value={draft.subject}
              onFocus={() => {
                lastBody.current = 'subject';
              }}
              onChange={(e) => set('subject', e.currentTarget.value)}
              error={errors.fields.subject}
              maxLength={300}
            />

            {!readOnly && (
              <Input.Wrapper
                label="Variables"
                description="Click one to insert it where the cursor is in the subject or a body."
              >
                <Group gap={6} mt={4}>
                  {TEMPLATE_VARIABLES.map((v) => (
                    <Tooltip key={v.name} label={v.description} withArrow>
                      <Button
                        size="compact-xs"
                        variant="light"
                        color="gray"
                        ff="monospace"
                        onMouseDown={(e) => e.preventDefault()}
                        onClick={() => insertVariable(v.name)}
                      >
                        {`{{${v.name}}}`}
                      </Button>
                    </Tooltip>
                  ))}
                </Group>
              </Input.Wrapper>
            )}

            <Textarea
              label="HTML body"
              description="Must contain {{link}}. A report link is added below the message when it is sent."
              required={!readOnly}
              ref={refs.htmlBody}
              readOnly={readOnly}
              value={draft.htmlBody}
              onFocus={() => {
                lastBody.current = 'htmlBody';
              }}
              onChange={(e) => set('htmlBody', e.currentTarget.value)}
              error={errors.fields.htmlBody}
              autosize
              minRows={8}
              maxRows={18}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
              spellCheck={false}
            />
            <Textarea
              label="Text body"
              description="The plain-text part, for mail apps that do not show HTML. Must contain {{link}}."
              required={!readOnly}
              ref={refs.textBody}
              readOnly={readOnly}
              value={draft.textBody}
              onFocus={() => {
                lastBody.current = 'textBody';
              }}
              onChange={(e) => set('textBody', e.currentTarget.value)}
              error={errors.fields.textBody}
              autosize
              minRows={5}
              maxRows={14}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
            />

            <RedFlagsEditor
              flags={draft.redFlags}
              readOnly={readOnly}
              error={errors.fields.redFlags}
              onChange={(flags) => set('redFlags', flags)}
            />

            {errors.rest && (
              <Alert color="red" role="alert" title="Could not save the template">
                {errors.rest}
              </Alert>
            )}
            {!readOnly && (
              <Group justify="flex-end">
                <Button
                  type="submit"
                  leftSection={<IconDeviceFloppy size={16} />}
                  loading={save.isPending}
                  disabled={Boolean(template) && !dirty}
                >
                  {template ? 'Save changes' : 'Create template'}
                </Button>
              </Group>
            )}
          </Stack>
        </Paper>

        <Stack gap="sm" aria-label="Preview" style={{ position: 'sticky', top: 72, alignSelf: 'start' }}>
          {preview.data && preview.data.problems.length > 0 && (
            <Alert color="yellow" role="status" title="Saving will be refused">
              <List size="sm">
                {preview.data.problems.map((p) => (
                  <List.Item key={`${p.path}:${p.message}`}>
                    {p.path === 'body.subject'
                      ? 'Subject'
                      : p.path === 'body.htmlBody'
                        ? 'HTML body'
                        : 'Text body'}{' '}
                    {p.message}.
                  </List.Item>
                ))}
              </List>
            </Alert>
          )}
          {preview.error && !preview.data ? (
            <Alert color="red" role="alert" title="The preview could not be rendered">
              {errorMessage(preview.error)}
            </Alert>
          ) : (
            <Tabs defaultValue="html" keepMounted={false}>
              <Tabs.List>
                <Tabs.Tab value="html">Email</Tabs.Tab>
                <Tabs.Tab value="text">Plain text</Tabs.Tab>
                <Tabs.Tab value="moment">Teachable moment</Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="html" pt="sm">
                <Paper withBorder radius="md" p="sm" mb="sm">
                  <Stack gap={2}>
                    <Text size="sm">
                      <Text span c="dimmed" size="sm" w={64} display="inline-block">
                        From
                      </Text>
                      <span data-testid="preview-from">{preview.data?.from || '—'}</span>
                    </Text>
                    <Text size="sm">
                      <Text span c="dimmed" size="sm" w={64} display="inline-block">
                        Subject
                      </Text>
                      <Text span fw={600} size="sm" data-testid="preview-subject">
                        {preview.data?.subject || '—'}
                      </Text>
                    </Text>
                  </Stack>
                </Paper>
                <SandboxedPreview title="Email preview" html={preview.data?.html ?? ''} height={640} />
                <Text size="xs" c="dimmed" mt={4}>
                  Shown to a sample person (Alex Morgan, Finance). Links lead nowhere in the preview.
                </Text>
              </Tabs.Panel>
              <Tabs.Panel value="text" pt="sm">
                <Paper withBorder radius="md" p="md">
                  <Text
                    component="pre"
                    size="xs"
                    ff="monospace"
                    style={{ whiteSpace: 'pre-wrap', margin: 0 }}
                  >
                    {preview.data?.text ?? ''}
                  </Text>
                </Paper>
              </Tabs.Panel>
              <Tabs.Panel value="moment" pt="sm">
                <SandboxedPreview
                  title="Teachable moment preview"
                  html={preview.data?.teachableMoment ?? ''}
                  height={640}
                />
                <Text size="xs" c="dimmed" mt={4}>
                  What someone sees after clicking the link or submitting the landing page: this template’s
                  red flags.
                </Text>
              </Tabs.Panel>
            </Tabs>
          )}
        </Stack>
      </SimpleGrid>

      <LeaveGuardModal blocker={blocker}>Your changes to this template have not been saved.</LeaveGuardModal>
    </Stack>
  );
}

function RedFlagsEditor({
  flags,
  readOnly,
  error,
  onChange,
}: {
  flags: string[];
  readOnly: boolean;
  error?: string;
  onChange: (flags: string[]) => void;
}) {
  return (
    <Input.Wrapper
      label="Red flags"
      description="What gives this email away, in a short sentence each. Shown on the teachable-moment page."
      error={error}
    >
      <Stack gap={6} mt={6}>
        {flags.length === 0 && (
          <Text size="sm" c="dimmed">
            No red flags yet.
          </Text>
        )}
        {flags.map((flag, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: flags are edited in place; their text is the content
          <Group key={index} gap={6} wrap="nowrap">
            <Textarea
              aria-label={`Red flag ${index + 1}`}
              value={flag}
              readOnly={readOnly}
              onChange={(e) => onChange(flags.map((f, i) => (i === index ? e.currentTarget.value : f)))}
              maxLength={300}
              autosize
              minRows={1}
              maxRows={4}
              style={{ flex: 1 }}
            />
            {!readOnly && (
              <ActionIcon
                variant="subtle"
                color="gray"
                aria-label={`Remove red flag ${index + 1}`}
                onClick={() => onChange(flags.filter((_, i) => i !== index))}
              >
                <IconTrash size={16} />
              </ActionIcon>
            )}
          </Group>
        ))}
        {!readOnly && flags.length < 10 && (
          <Button
            variant="subtle"
            size="xs"
            leftSection={<IconPlus size={14} />}
            onClick={() => onChange([...flags, ''])}
            w="fit-content"
          >
            Add red flag
          </Button>
        )}
      </Stack>
    </Input.Wrapper>
  );
}
