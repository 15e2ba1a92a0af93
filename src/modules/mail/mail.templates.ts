/**
 * The one layout every Heed email uses: an HTML part that renders in mail clients (tables, inline
 * styles) and a plain-text part with the same words and links. Every string that could come from a
 * user or an admin (names, organization, course titles) is escaped here, once, so a template cannot
 * forget to.
 */

export interface EmailContent {
  organizationName: string;
  /** Short line shown by clients beside the subject. */
  preheader?: string;
  heading: string;
  /** Plain text paragraphs (escaped; no markup). */
  paragraphs: string[];
  /** A list under the paragraphs, each with an optional link (e.g. pending courses). */
  items?: { label: string; detail?: string; url?: string }[];
  action?: { label: string; url: string };
  /** Small print under the message, e.g. why the recipient got it. */
  footer?: string;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** Only http(s) links are ever written into an email. */
function safeUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new Error(`refusing to put a ${parsed.protocol} link into an email`);
  }
  return parsed.toString();
}

export function renderEmail(content: EmailContent): { html: string; text: string } {
  const org = escapeHtml(content.organizationName);
  const paragraphs = content.paragraphs
    .map((p) => `<p style="margin:0 0 16px;line-height:1.5">${escapeHtml(p)}</p>`)
    .join('\n');
  const items = content.items?.length
    ? `<ul style="margin:0 0 16px;padding-left:20px;line-height:1.5">${content.items
        .map((item) => {
          const label = item.url
            ? `<a href="${escapeHtml(safeUrl(item.url))}" style="color:#1c7ed6">${escapeHtml(item.label)}</a>`
            : escapeHtml(item.label);
          const detail = item.detail ? ` <span style="color:#555">— ${escapeHtml(item.detail)}</span>` : '';
          return `<li>${label}${detail}</li>`;
        })
        .join('')}</ul>`
    : '';
  const action = content.action
    ? `<p style="margin:24px 0"><a href="${escapeHtml(safeUrl(content.action.url))}" style="background:#1c7ed6;color:#ffffff;text-decoration:none;padding:12px 20px;border-radius:6px;display:inline-block;font-weight:600">${escapeHtml(content.action.label)}</a></p>
<p style="margin:0 0 16px;color:#555;font-size:13px">Or open this link: <a href="${escapeHtml(safeUrl(content.action.url))}" style="color:#1c7ed6">${escapeHtml(safeUrl(content.action.url))}</a></p>`
    : '';
  const footer = content.footer
    ? `<p style="margin:24px 0 0;color:#777;font-size:12px">${escapeHtml(content.footer)}</p>`
    : '';
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escapeHtml(content.heading)}</title></head>
<body style="margin:0;padding:0;background:#f4f5f7;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#1a1b1e">
${content.preheader ? `<div style="display:none;max-height:0;overflow:hidden">${escapeHtml(content.preheader)}</div>` : ''}
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f5f7;padding:24px 0">
<tr><td align="center">
<table role="presentation" width="560" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:8px;padding:32px">
<tr><td>
<p style="margin:0 0 24px;color:#555;font-size:13px;font-weight:600">${org}</p>
<h1 style="margin:0 0 16px;font-size:20px">${escapeHtml(content.heading)}</h1>
${paragraphs}
${items}
${action}
${footer}
</td></tr></table>
<p style="margin:16px 0 0;color:#999;font-size:11px">Sent by Heed for ${org}</p>
</td></tr></table>
</body></html>`;

  const textLines = [
    content.organizationName,
    '',
    content.heading,
    '',
    ...content.paragraphs.flatMap((p) => [p, '']),
  ];
  if (content.items?.length) {
    for (const item of content.items) {
      textLines.push(
        `- ${item.label}${item.detail ? ` (${item.detail})` : ''}${item.url ? `\n  ${safeUrl(item.url)}` : ''}`,
      );
    }
    textLines.push('');
  }
  if (content.action) textLines.push(`${content.action.label}: ${safeUrl(content.action.url)}`, '');
  if (content.footer) textLines.push(content.footer, '');
  textLines.push(`Sent by Heed for ${content.organizationName}`);
  return { html, text: textLines.join('\n') };
}

/**
 * An email queued as a template and its parameters is rendered at delivery by the renderer of that
 * template (each module registers its own in the container), for its organization.
 */
export interface RenderedContent {
  html: string;
  text: string;
  /** The template's own subject and sender (simulation emails), instead of the queued subject and the organization's From. */
  subject?: string;
  from?: string;
}
/** `"Name" <address>` with the name quoted, for a From header. */
export function formatAddress(name: string, address: string): string {
  const quoted = name.replace(/[\r\n]+/g, ' ').replace(/["\\]/g, '\\$&');
  return quoted ? `"${quoted}" <${address}>` : address;
}

export type EmailRenderer = (orgId: string, params: Record<string, unknown>) => Promise<RenderedContent>;
export type EmailRenderers = Record<string, EmailRenderer>;

export async function renderQueued(
  renderers: EmailRenderers,
  orgId: string,
  email: {
    template: string | null;
    params: Record<string, unknown> | null;
    html: string | null;
    text: string | null;
  },
): Promise<RenderedContent> {
  if (email.html !== null && email.text !== null) return { html: email.html, text: email.text };
  const render = email.template ? renderers[email.template] : undefined;
  if (!render || !email.params) throw new Error(`no renderer for the email template ${email.template}`);
  return render(orgId, email.params);
}
