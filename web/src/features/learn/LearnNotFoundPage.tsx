import { Button, Paper, Stack, Text, Title } from '@mantine/core';
import { IconMapSearch } from '@tabler/icons-react';
import { Link } from 'react-router';
import { LearnShell } from './LearnShell.tsx';

/** Any other /learn/… address: the portal's own "not found", never the admin console's. */
export default function LearnNotFoundPage() {
  return (
    <LearnShell title="Page not found" requireSignIn={false}>
      <Paper withBorder p={{ base: 'lg', sm: 'xl' }}>
        <Stack align="center" gap="sm" ta="center">
          <IconMapSearch size={40} color="var(--mantine-color-indigo-6)" aria-hidden />
          <Title order={1} size="h2">
            Page not found
          </Title>
          <Text c="dimmed" maw={440}>
            There is nothing at this address. The link may be incomplete, or the page may have moved. Your
            courses are all in My Learning.
          </Text>
          <Button component={Link} to="/learn" mt="xs">
            Go to My Learning
          </Button>
        </Stack>
      </Paper>
    </LearnShell>
  );
}
