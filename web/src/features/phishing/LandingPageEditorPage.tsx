/**
 * A landing page's page: its name and HTML, and a sandboxed preview of the page as it will be stored
 * and served (prepared by the API: no scripts, form actions or input names). Built-in pages open
 * read-only, with Clone to make an editable copy.
 */
import {
  Alert,
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconDeviceFloppy } from '@tabler/icons-react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, errorMessage } from '../../shared/api.ts';
import { fieldErrors } from '../../shared/formErrors.ts';
import { LeaveGuardModal, useLeaveGuard } from '../../shared/LeaveGuard.tsx';
import { ErrorState, PageLoader } from '../../shared/PageState.tsx';
import { SandboxedPreview } from '../../shared/SandboxedPreview.tsx';
import { ContentBadges, ContentEditorActions } from './contentActions.tsx';
import {
  type LandingPageDetail,
  type LandingPageInput,
  landingPageDetailQuery,
  phishingQueryKey,
  previewLandingPage,
  saveLandingPage,
} from './phishingApi.ts';

const FIELDS = ['name', 'html'] as const;

const STARTER: LandingPageInput = {
  name: '',
  html: `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in</title>
<style>body{font-family:Arial,sans-serif;background:#f3f4f6;display:flex;justify-content:center;padding:60px 16px}
form{background:#fff;padding:32px;border-radius:8px;width:320px}
input,button{display:block;width:100%;margin:8px 0 16px;padding:10px;box-sizing:border-box}</style>
</head><body>
<form>
<h1>Sign in</h1>
<label>Email <input type="email"></label>
<label>Password <input type="password"></label>
<button type="submit">Sign in</button>
</form>
</body></html>`,
};

export default function LandingPageEditorPage() {
  const { landingPageId } = useParams();
  const page = useQuery({ ...landingPageDetailQuery(landingPageId ?? ''), enabled: Boolean(landingPageId) });
  if (!landingPageId) return <LandingPageEditor page={null} />;
  if (page.isPending) return <PageLoader />;
  if (page.error) {
    return (
      <Stack gap="md">
        <Anchor component={Link} to="/phishing/landing-pages" size="sm">
          <Group gap={4}>
            <IconArrowLeft size={14} /> Landing Pages
          </Group>
        </Anchor>
        {page.error instanceof ApiError && page.error.problem.status === 404 ? (
          <Alert color="yellow" title="This landing page does not exist" role="alert">
            It may belong to another organization, or the address is mistyped.
          </Alert>
        ) : (
          <ErrorState error={page.error} onRetry={() => page.refetch()} />
        )}
      </Stack>
    );
  }
  return <LandingPageEditor key={`${page.data.id}:${page.data.version}`} page={page.data} />;
}

function LandingPageEditor({ page }: { page: LandingPageDetail | null }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const readOnly = page?.builtIn ?? false;
  const saved = page ? { name: page.name, html: page.html } : STARTER;
  const [draft, setDraft] = useState<LandingPageInput>(saved);
  const dirty = !readOnly && (draft.name !== saved.name || draft.html !== saved.html);

  const save = useMutation({
    mutationFn: () => saveLandingPage(page?.id ?? null, draft),
    onSuccess: (result) => {
      queryClient.invalidateQueries({ queryKey: phishingQueryKey });
      queryClient.setQueryData(landingPageDetailQuery(result.id).queryKey, result);
      notifications.show({
        color: 'green',
        message: page ? `Saved “${result.name}”.` : `Created “${result.name}”.`,
      });
      if (!page) navigate(`/phishing/landing-pages/${result.id}`, { replace: true });
    },
  });
  const errors = save.error ? fieldErrors(save.error, FIELDS) : { fields: {}, rest: null };

  const blocker = useLeaveGuard(dirty, () => !save.isPending);

  const [previewHtml] = useDebouncedValue(draft.html, 350);
  const preview = useQuery({
    queryKey: [...phishingQueryKey, 'landing-preview', previewHtml],
    queryFn: ({ signal }) => previewLandingPage(previewHtml, signal),
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
        <Anchor component={Link} to="/phishing/landing-pages" size="sm">
          Landing Pages
        </Anchor>
        <Text size="sm" truncate="end" maw={420}>
          {page ? page.name : 'New landing page'}
        </Text>
      </Breadcrumbs>

      <Group justify="space-between" align="flex-start">
        <Group gap="sm">
          <Title order={2}>{page ? page.name : 'New landing page'}</Title>
          <ContentBadges item={page} />
        </Group>
        {page && <ContentEditorActions kind="landing-page" item={page} />}
      </Group>

      {readOnly && (
        <Alert color="indigo" title="This is a built-in landing page" role="status">
          Built-in pages are kept up to date by Heed and cannot be edited. Clone it to make your own version
          you can change.
        </Alert>
      )}

      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        <Paper withBorder radius="md" p="md" component="form" onSubmit={submit} aria-label="Landing page">
          <Stack gap="sm">
            <TextInput
              label="Name"
              required={!readOnly}
              readOnly={readOnly}
              value={draft.name}
              onChange={(e) => {
                const name = e.currentTarget.value;
                setDraft((d) => ({ ...d, name }));
              }}
              error={errors.fields.name}
              maxLength={200}
            />
            <Textarea
              label="HTML"
              description="A whole page with a form. When it is saved, scripts, event handlers, form actions and the names of inputs are removed, so nothing typed can leave the browser."
              required={!readOnly}
              readOnly={readOnly}
              value={draft.html}
              onChange={(e) => {
                const html = e.currentTarget.value;
                setDraft((d) => ({ ...d, html }));
              }}
              error={errors.fields.html}
              autosize
              minRows={16}
              maxRows={30}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
              spellCheck={false}
            />
            {errors.rest && (
              <Alert color="red" role="alert" title="Could not save the landing page">
                {errors.rest}
              </Alert>
            )}
            {!readOnly && (
              <Group justify="flex-end">
                <Button
                  type="submit"
                  leftSection={<IconDeviceFloppy size={16} />}
                  loading={save.isPending}
                  disabled={Boolean(page) && !dirty}
                >
                  {page ? 'Save changes' : 'Create landing page'}
                </Button>
              </Group>
            )}
          </Stack>
        </Paper>

        <Stack gap="sm" aria-label="Preview" style={{ position: 'sticky', top: 72, alignSelf: 'start' }}>
          {preview.error && !preview.data ? (
            <Alert color="red" role="alert" title="The preview could not be rendered">
              {errorMessage(preview.error)}
            </Alert>
          ) : (
            <>
              <Group justify="space-between">
                <Text fw={600} size="sm">
                  Preview, as it will be served
                </Text>
                {preview.data &&
                  (preview.data.formCount > 0 ? (
                    <Badge variant="light" color="green">
                      Form found: submissions are recorded
                    </Badge>
                  ) : (
                    <Badge variant="light" color="yellow">
                      No form: only clicks are recorded
                    </Badge>
                  ))}
              </Group>
              <SandboxedPreview title="Landing page preview" html={preview.data?.html ?? ''} height={640} />
            </>
          )}
        </Stack>
      </SimpleGrid>

      <LeaveGuardModal blocker={blocker}>
        Your changes to this landing page have not been saved.
      </LeaveGuardModal>
    </Stack>
  );
}
