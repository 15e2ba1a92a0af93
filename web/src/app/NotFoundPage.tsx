import { Button, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';

export default function NotFoundPage() {
  return (
    <Stack align="flex-start" gap="sm" py="xl">
      <Title order={2}>Page not found</Title>
      <Text c="dimmed">There is nothing at this address. It may have been moved or deleted.</Text>
      <Button component={Link} to="/users" variant="light">
        Go to Users
      </Button>
    </Stack>
  );
}
