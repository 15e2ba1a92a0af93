/**
 * The one renderer of simulation emails. A template's subject, HTML body and text body name
 * variables as `{{name}}`; rendering substitutes them for one recipient:
 *
 * - in the HTML body every value is HTML-escaped (a first name `<script>` arrives as text), links
 *   included (they sit inside `href="…"`); `{{trackingPixel}}` becomes a 1×1 `<img>`;
 * - in the text body and the subject values go in as they are (it is not markup), line breaks
 *   removed from the subject; `{{trackingPixel}}` is nothing in text.
 *
 * Every simulation email carries a report link: a campaign passes `reportLink`, and unless the
 * template places `{{reportLink}}` itself, a short report footer is added to both parts. Built-in
 * lures leave it to the footer. A variable the renderer does not know is refused when a template
 * is saved (`unknownVariables`), so rendering never meets one it cannot fill.
 */
import { escapeHtml } from '../mail/mail.templates.ts';

export const TEMPLATE_VARIABLES = [
  'firstName',
  'lastName',
  'email',
  'department',
  'link',
  'trackingPixel',
  'reportLink',
] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];

/** `{{ name }}`: group 1 is the name. Global: use with matchAll/replace. */
export const VARIABLE_PATTERN = /\{\{\s*([^{}]*?)\s*\}\}/g;
const VARIABLE = VARIABLE_PATTERN;
const KNOWN = new Set<string>(TEMPLATE_VARIABLES);

export interface TemplateParts {
  subject: string;
  htmlBody: string;
  textBody: string;
}

export interface Recipient {
  firstName: string;
  lastName: string;
  email: string;
  department: string | null;
}

export interface RenderLinks {
  /** The tracked link of the lure (a click counts). */
  link: string;
  /** The open-tracking image; without it `{{trackingPixel}}` renders as nothing. */
  trackingPixelUrl?: string | null;
  /** Where the recipient reports the email; without it there is no report footer. */
  reportLink?: string | null;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/** The variables a text names that the renderer does not know, each once, in order of appearance. */
export function unknownVariables(text: string): string[] {
  const unknown = new Set<string>();
  for (const match of text.matchAll(VARIABLE)) {
    if (!KNOWN.has(match[1]!)) unknown.add(match[1]!);
  }
  return [...unknown];
}

export function usesVariable(text: string, variable: TemplateVariable): boolean {
  for (const match of text.matchAll(VARIABLE)) if (match[1] === variable) return true;
  return false;
}

function substitute(text: string, values: Record<string, string>): string {
  return text.replace(VARIABLE, (whole, name: string) =>
    Object.hasOwn(values, name) ? values[name]! : whole,
  );
}

const REPORT_FOOTER_HTML = (href: string) =>
  `<p style="margin:24px 0 0;padding-top:12px;border-top:1px solid #dddddd;color:#666666;font-size:12px;font-family:Arial,Helvetica,sans-serif">Think this email is suspicious? <a href="${href}" style="color:#1c7ed6">Report it</a>.</p>`;

export function renderPhishingEmail(
  template: TemplateParts,
  recipient: Recipient,
  links: RenderLinks,
): RenderedEmail {
  const plain: Record<string, string> = {
    firstName: recipient.firstName,
    lastName: recipient.lastName,
    email: recipient.email,
    department: recipient.department ?? '',
    link: links.link,
    reportLink: links.reportLink ?? '',
  };
  const escaped: Record<string, string> = {};
  for (const [name, value] of Object.entries(plain)) escaped[name] = escapeHtml(value);
  escaped.trackingPixel = links.trackingPixelUrl
    ? `<img src="${escapeHtml(links.trackingPixelUrl)}" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0">`
    : '';

  // The pixel is an image: nothing in text, nor in a subject.
  const asText = { ...plain, trackingPixel: '' };
  let html = substitute(template.htmlBody, escaped);
  let text = substitute(template.textBody, asText);
  const subject = substitute(template.subject, asText).replace(/[\r\n]+/g, ' ');

  if (links.reportLink) {
    if (!usesVariable(template.htmlBody, 'reportLink')) {
      const footer = REPORT_FOOTER_HTML(escaped.reportLink!);
      const bodyEnd = html.search(/<\/body\s*>/i);
      html =
        bodyEnd < 0 ? `${html}\n${footer}` : `${html.slice(0, bodyEnd)}${footer}\n${html.slice(bodyEnd)}`;
    }
    if (!usesVariable(template.textBody, 'reportLink')) {
      const footer = `--\nThink this email is suspicious? Report it: ${links.reportLink}\n`;
      text = text.trim() ? `${text.trimEnd()}\n\n${footer}` : footer;
    }
  }
  return { subject, html, text };
}
