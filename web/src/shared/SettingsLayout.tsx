import { Skeleton, Stack, Text, Title } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ErrorState } from './PageState.tsx';

/**
 * A settings page: its title and what it governs, then the form once the stored settings are in
 * (`children`), skeletons of the form's sections meanwhile, or the error with a retry.
 */
export function SettingsLayout<T>(props: {
  title: string;
  description: string;
  settings: UseQueryResult<T>;
  /** Heights of the form's sections, drawn while loading. */
  skeletons: number[];
  children: (settings: T) => ReactNode;
}) {
  const { settings } = props;
  return (
    <Stack gap="md" maw={760}>
      <div>
        <Title order={2}>{props.title}</Title>
        <Text c="dimmed" size="sm">
          {props.description}
        </Text>
      </div>
      {settings.error ? (
        <ErrorState error={settings.error} onRetry={() => settings.refetch()} />
      ) : settings.data ? (
        props.children(settings.data)
      ) : (
        <Stack gap="md" aria-label="Loading">
          {props.skeletons.map((height, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: fixed placeholders
            <Skeleton key={i} height={height} radius="md" />
          ))}
        </Stack>
      )}
    </Stack>
  );
}
