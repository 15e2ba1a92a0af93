import { Box } from '@mantine/core';

/**
 * HTML shown in an iframe with every sandbox restriction on (`sandbox=""`): no scripts, no forms, no
 * navigation of the console, a unique origin. A template or landing page can never act in the console.
 */
export function SandboxedPreview({
  html,
  title,
  height = 560,
}: {
  html: string;
  title: string;
  height?: number;
}) {
  return (
    <Box
      component="iframe"
      title={title}
      sandbox=""
      srcDoc={html}
      referrerPolicy="no-referrer"
      style={{
        width: '100%',
        height,
        border: '1px solid var(--mantine-color-gray-3)',
        borderRadius: 'var(--mantine-radius-md)',
        background: 'white',
        display: 'block',
      }}
    />
  );
}
