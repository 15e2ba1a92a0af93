/**
 * Landing pages: what the lure's link opens, and the teachable moment after it.
 *
 * `prepareLandingPage` is the one gate every landing page's HTML passes — when an admin saves it,
 * and again when the tracking server serves it. What it guarantees, whatever the admin wrote:
 *
 * - nothing runs: no `<script>`, no event-handler attributes (`onclick`, `onerror`, …), no
 *   `javascript:` or other non-web URLs, no `<iframe>`/`<object>`/`<embed>`/`<svg>`/`<base>`/`<meta
 *   http-equiv>`/`<link>`;
 * - nothing typed can leave the page: form controls (`input`, `select`, `textarea`, `button`) lose
 *   their `name` (a browser submits only named controls), image buttons become plain submit buttons
 *   (they would send click coordinates), and `form`/`formaction`/`formmethod`/`formenctype`/
 *   `formtarget`/`dirname` attributes are dropped, as are every form's `action`, `method`, `enctype`
 *   and `target`. With `submitUrl` (the tracking server), each form posts to it — an empty body: the
 *   fact of submission and nothing else.
 *
 * It is an allow-list (sanitize-html over htmlparser2), not a search for bad patterns: a tag or
 * attribute not listed here does not survive. `<style>` is kept so pages can look like pages: with
 * no scripts, CSS cannot read what is typed (typed text never becomes an attribute).
 */
import { createRequire } from 'node:module';
import type SanitizeHtml from 'sanitize-html';
import { escapeHtml } from '../mail/mail.templates.ts';

// Loaded on first use, not at start: sanitize-html (with htmlparser2 and postcss) adds ≈ 17 MB to the
// resident memory of a server that may never prepare a landing page, against a 150 MB idle budget.
const require = createRequire(import.meta.url);
let sanitizer: typeof SanitizeHtml | undefined;
const sanitizeHtml: typeof SanitizeHtml = ((html: string, options?: SanitizeHtml.IOptions) => {
  sanitizer ??= require('sanitize-html') as typeof SanitizeHtml;
  return sanitizer(html, options);
}) as typeof SanitizeHtml;

const GLOBAL_ATTRIBUTES = ['id', 'class', 'style', 'title', 'lang', 'dir', 'role', 'aria-*', 'data-*'];

const ALLOWED_TAGS = [
  'html',
  'head',
  'body',
  'title',
  'meta',
  'style',
  'main',
  'header',
  'footer',
  'section',
  'article',
  'aside',
  'nav',
  'div',
  'span',
  'p',
  'br',
  'hr',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'strong',
  'b',
  'em',
  'i',
  'u',
  'small',
  'sub',
  'sup',
  'ul',
  'ol',
  'li',
  'dl',
  'dt',
  'dd',
  'a',
  'img',
  'figure',
  'figcaption',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'th',
  'td',
  'caption',
  'blockquote',
  'code',
  'pre',
  'form',
  'fieldset',
  'legend',
  'label',
  'input',
  'select',
  'option',
  'optgroup',
  'textarea',
  'button',
];

const INPUT_TYPES = new Set([
  'text',
  'email',
  'password',
  'tel',
  'number',
  'search',
  'url',
  'checkbox',
  'radio',
  'submit',
  'button',
  'reset',
  'hidden',
  'date',
]);

export interface PrepareOptions {
  /** The tracking server's submit URL for this recipient: every form posts (empty) there. */
  submitUrl?: string;
}

/** Landing-page HTML that runs nothing and can send nothing typed into it (see the module header). */
export function prepareLandingPage(html: string, options: PrepareOptions = {}): string {
  const formAttributes = ['autocomplete', 'novalidate'];
  if (options.submitUrl) formAttributes.push('action', 'method');
  // The sanitizer drops the doctype; keep a page in standards mode if it was.
  const doctype = /^\s*<!doctype html>/i.test(html);
  const prepared = sanitizeHtml(html, {
    allowedTags: ALLOWED_TAGS,
    allowVulnerableTags: true, // <style>: see the module header
    allowedAttributes: {
      '*': GLOBAL_ATTRIBUTES,
      // No http-equiv: a meta refresh could send the visitor elsewhere.
      meta: ['charset', 'name', 'content'],
      a: ['href', 'target', 'rel'],
      img: ['src', 'alt', 'width', 'height'],
      table: ['width', 'cellpadding', 'cellspacing', 'border', 'align'],
      td: ['width', 'align', 'valign', 'colspan', 'rowspan'],
      th: ['width', 'align', 'valign', 'colspan', 'rowspan', 'scope'],
      form: formAttributes,
      label: ['for'],
      input: [
        'type',
        'placeholder',
        'autocomplete',
        'value',
        'checked',
        'required',
        'disabled',
        'readonly',
        'maxlength',
        'size',
        'autofocus',
        'inputmode',
        'spellcheck',
      ],
      select: ['required', 'disabled', 'multiple', 'size'],
      option: ['value', 'selected', 'disabled'],
      optgroup: ['label', 'disabled'],
      textarea: ['placeholder', 'rows', 'cols', 'required', 'disabled', 'readonly', 'maxlength'],
      button: ['type', 'disabled'],
    },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https', 'data'] },
    allowProtocolRelative: false,
    transformTags: {
      form: (tagName, attribs) => {
        const { action: _action, method: _method, ...rest } = attribs;
        return {
          tagName,
          attribs: options.submitUrl ? { ...rest, action: options.submitUrl, method: 'post' } : rest,
        };
      },
      input: (tagName, attribs) => {
        const type = (attribs.type ?? 'text').toLowerCase();
        // An image button submits where it was clicked; a file input is not a lure's business.
        const safeType = type === 'image' ? 'submit' : INPUT_TYPES.has(type) ? type : 'text';
        return { tagName, attribs: { ...attribs, type: safeType } };
      },
    },
    // Anything else a form control carries (name, form, formaction, dirname, …) is simply not allowed.
  });
  return doctype ? `<!doctype html>\n${prepared.trimStart()}` : prepared;
}

/** How many forms a prepared page has: a lure page without one can only record clicks. */
export function countForms(preparedHtml: string): number {
  return preparedHtml.match(/<form[\s>]/gi)?.length ?? 0;
}

export interface TeachableMoment {
  organizationName: string;
  /** The red flags of the lure that brought the person here, plain text. */
  redFlags: string[];
}

/**
 * "This was a phishing simulation": shown after a click or a submission. Calm, short, specific to
 * the lure (its red flags), and saying what to do next time. Every value is escaped.
 */
export function renderTeachableMoment(content: TeachableMoment): string {
  const org = escapeHtml(content.organizationName);
  const flags = content.redFlags.length
    ? `<h2>What gave this email away</h2>
<ul class="flags">${content.redFlags.map((flag) => `<li>${escapeHtml(flag)}</li>`).join('')}</ul>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>This was a phishing simulation</title>
<style>
body{margin:0;background:#f4f5f7;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#1a1b1e;line-height:1.5}
main{max-width:640px;margin:40px auto;background:#fff;border-radius:10px;padding:32px 36px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
.org{color:#555;font-size:13px;font-weight:600;margin:0 0 20px}
h1{font-size:24px;margin:0 0 12px}
h2{font-size:17px;margin:28px 0 8px}
.lead{font-size:16px;margin:0 0 8px}
.flags li{margin:0 0 6px}
.flags{padding-left:22px;margin:0}
.note{background:#e7f5ff;border-radius:8px;padding:12px 16px;margin:24px 0 0;font-size:14px}
</style></head>
<body><main>
<p class="org">${org}</p>
<h1>This was a phishing simulation</h1>
<p class="lead">Don't worry: nothing happened. This email was a test sent by ${org} to help everyone spot phishing. Nothing you typed was sent or stored.</p>
${flags}
<h2>What to do next time</h2>
<ul class="flags">
<li>Stop before you click: check who really sent the email and where its link goes.</li>
<li>Never enter your password on a page you reached from an email link. Open the site yourself instead.</li>
<li>Use the report button or link in your email app to report a suspicious message. Reporting is always the right move.</li>
<li>If you think you entered real details on a real phishing page, tell your IT or security team straight away.</li>
</ul>
<p class="note">You may be asked to take a short training course about phishing. It takes a few minutes and helps you catch the next one.</p>
</main></body></html>`;
}
