import { Typography } from '@mantine/core';
import Markdown, { type Components } from 'react-markdown';
import classes from './LessonMarkdown.module.css';

/**
 * A lesson's Markdown (CommonMark), rendered as React elements: raw HTML in it is dropped, never
 * injected, and link targets go through react-markdown's URL filter (no `javascript:`). Lessons are
 * written by admins, so links leave the portal in a new tab, and images, which the console's content
 * security policy would block anyway when they live elsewhere, become links to them.
 */
const components: Components = {
  a: ({ node: _node, href, children }) => (
    <a href={href} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  ),
  img: ({ node: _node, src, alt }) =>
    typeof src === 'string' && src ? (
      <a href={src} target="_blank" rel="noopener noreferrer">
        {alt || 'Image'}
      </a>
    ) : null,
};

export function LessonMarkdown({ markdown }: { markdown: string }) {
  return (
    <Typography className={classes.lesson}>
      <Markdown skipHtml components={components}>
        {markdown}
      </Markdown>
    </Typography>
  );
}
