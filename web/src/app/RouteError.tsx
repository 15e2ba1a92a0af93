import { Button, Center, Stack, Text, Title } from '@mantine/core';
import { isRouteErrorResponse, useRouteError } from 'react-router';

/** A page's code could not be fetched: most often Heed was updated since the tab opened (old chunks are gone). */
const isChunkLoadError = (error: unknown) =>
  error instanceof Error &&
  /dynamically imported module|module script failed|Importing a module script/i.test(error.message);

/** What shows when a page cannot be loaded or fails while drawing, instead of a blank screen. */
export function RouteError() {
  const error = useRouteError();
  const detail = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : null;
  return (
    <Center mih="60vh" p="md">
      <Stack align="center" gap="sm" maw={520} role="alert">
        <Title order={2}>This page could not be shown</Title>
        <Text c="dimmed" ta="center">
          {isChunkLoadError(error)
            ? 'Heed has probably been updated since this tab was opened. Reloading the page fixes it.'
            : 'Something went wrong while showing this page. Reloading it may help; if it does not, tell your Heed administrator what you were doing.'}
        </Text>
        {detail && (
          <Text size="xs" c="dimmed" ta="center">
            {detail}
          </Text>
        )}
        <Button onClick={() => window.location.reload()}>Reload the page</Button>
      </Stack>
    </Center>
  );
}
