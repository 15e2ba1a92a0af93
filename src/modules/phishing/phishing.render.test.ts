import { describe, expect, it } from 'vitest';
import { renderPhishingEmail, unknownVariables, usesVariable } from './phishing.render.ts';

const template = {
  subject: 'Hello {{firstName}} {{lastName}}',
  htmlBody:
    '<html><body><p>Hi {{firstName}} of {{department}} ({{email}})</p><a href="{{link}}">Open</a>{{trackingPixel}}</body></html>',
  textBody: 'Hi {{firstName}} of {{department}} ({{email}})\nOpen: {{link}}\n{{trackingPixel}}',
};
const recipient = { firstName: 'Ann', lastName: 'Archer', email: 'ann@acme.test', department: 'Finance' };
const links = {
  link: 'https://t.example/c/abc?x=1&y=2',
  trackingPixelUrl: 'https://t.example/o/abc',
  reportLink: 'https://t.example/r/abc',
};

describe('renderPhishingEmail', () => {
  it('fills every variable in the subject, HTML and text', () => {
    const email = renderPhishingEmail(template, recipient, links);
    expect(email.subject).toBe('Hello Ann Archer');
    expect(email.html).toContain('<p>Hi Ann of Finance (ann@acme.test)</p>');
    expect(email.html).toContain('<a href="https://t.example/c/abc?x=1&amp;y=2">Open</a>');
    expect(email.text).toContain('Hi Ann of Finance (ann@acme.test)\nOpen: https://t.example/c/abc?x=1&y=2');
    expect(email.html).not.toMatch(/\{\{/);
    expect(email.text).not.toMatch(/\{\{/);
  });

  it('escapes a first name of <script> in the HTML and leaves it as typed in the text and subject', () => {
    const hostile = {
      ...recipient,
      firstName: '<script>alert("x")</script>',
      lastName: "O'Brien & Co",
      department: '"><img src=x onerror=alert(1)>',
    };
    const email = renderPhishingEmail(template, hostile, links);
    expect(email.html).toContain(
      'Hi &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; of &quot;&gt;&lt;img src=x onerror=alert(1)&gt;',
    );
    expect(email.html).not.toContain('<script>');
    expect(email.html).not.toContain('<img src=x');
    expect(email.text).toContain('Hi <script>alert("x")</script> of "><img src=x onerror=alert(1)>');
    expect(email.subject).toBe(`Hello <script>alert("x")</script> O'Brien & Co`);
  });

  it('escapes a link that tries to leave its attribute', () => {
    const email = renderPhishingEmail(template, recipient, { link: 'https://t.example/"onmouseover="x' });
    expect(email.html).toContain('href="https://t.example/&quot;onmouseover=&quot;x"');
  });

  it('makes {{trackingPixel}} a 1×1 image in HTML and nothing in text', () => {
    const email = renderPhishingEmail(template, recipient, links);
    expect(email.html).toContain(
      '<img src="https://t.example/o/abc" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0">',
    );
    expect(email.text).not.toContain('t.example/o/');
    expect(email.text).toBe(
      'Hi Ann of Finance (ann@acme.test)\nOpen: https://t.example/c/abc?x=1&y=2\n\n--\nThink this email is suspicious? Report it: https://t.example/r/abc\n',
    );
  });

  it('renders {{trackingPixel}} in a subject as nothing', () => {
    const email = renderPhishingEmail(
      { ...template, subject: 'Hi{{trackingPixel}} {{firstName}}' },
      recipient,
      links,
    );
    expect(email.subject).toBe('Hi Ann');
  });

  it('renders {{trackingPixel}} as nothing without a pixel URL', () => {
    const email = renderPhishingEmail(template, recipient, { link: links.link });
    expect(email.html).not.toContain('<img');
    expect(email.html).not.toContain('{{trackingPixel}}');
  });

  it('adds a report footer before </body> when a report link is given and the template has none', () => {
    const email = renderPhishingEmail(template, recipient, links);
    const footerAt = email.html.indexOf('href="https://t.example/r/abc"');
    expect(footerAt).toBeGreaterThan(0);
    expect(footerAt).toBeLessThan(email.html.indexOf('</body>'));
    expect(email.text).toContain('Report it: https://t.example/r/abc');
  });

  it('adds no footer when the template places {{reportLink}} itself, nor without a report link', () => {
    const placed = {
      ...template,
      htmlBody: '<p><a href="{{link}}">Open</a> · <a href="{{ reportLink }}">Report</a></p>',
      textBody: 'Open {{link}}\nReport {{reportLink}}',
    };
    const email = renderPhishingEmail(placed, recipient, links);
    expect(email.html).toBe(
      '<p><a href="https://t.example/c/abc?x=1&amp;y=2">Open</a> · <a href="https://t.example/r/abc">Report</a></p>',
    );
    expect(email.text).toBe('Open https://t.example/c/abc?x=1&y=2\nReport https://t.example/r/abc');
    const none = renderPhishingEmail(template, recipient, { link: links.link });
    expect(none.html).not.toContain('Report it');
    expect(none.text).not.toContain('Report it');
  });

  it('appends the footer to HTML without a </body>', () => {
    const email = renderPhishingEmail({ ...template, htmlBody: '<p>{{link}}</p>' }, recipient, links);
    expect(email.html.startsWith('<p>https://t.example/c/abc?x=1&amp;y=2</p>\n<p ')).toBe(true);
  });

  it('renders an empty department as nothing, and never re-reads a value as a variable', () => {
    const email = renderPhishingEmail(
      template,
      { ...recipient, firstName: '{{lastName}}', department: null },
      { link: links.link },
    );
    expect(email.text).toContain('Hi {{lastName}} of  (ann@acme.test)');
    expect(email.html).toContain('Hi {{lastName}} of  (ann@acme.test)');
  });

  it('keeps the subject on one line', () => {
    const email = renderPhishingEmail(
      template,
      { ...recipient, firstName: 'Ann\r\nBcc: x@evil.test' },
      links,
    );
    expect(email.subject).toBe('Hello Ann Bcc: x@evil.test Archer');
  });

  it('accepts spaces inside the braces', () => {
    const email = renderPhishingEmail({ ...template, subject: 'Hi {{ firstName }}' }, recipient, links);
    expect(email.subject).toBe('Hi Ann');
  });
});

describe('unknownVariables', () => {
  it('names each unknown variable once, in order, and accepts the known ones', () => {
    expect(unknownVariables('{{firstName}} {{first_name}} {{ Link }} {{first_name}} {{}} {{link}}')).toEqual([
      'first_name',
      'Link',
      '',
    ]);
    expect(
      unknownVariables(
        '{{firstName}}{{lastName}}{{email}}{{department}}{{link}}{{trackingPixel}}{{reportLink}}',
      ),
    ).toEqual([]);
    expect(unknownVariables('no variables, {single} braces')).toEqual([]);
  });

  it('tells whether a text uses a variable', () => {
    expect(usesVariable('<a href="{{ link }}">', 'link')).toBe(true);
    expect(usesVariable('<a href="{{links}}">', 'link')).toBe(false);
  });
});
