/**
 * Bad input, route by route: malformed JSON, wrong types, unknown fields, over-long strings, invalid
 * emails and UUIDs, bad query values, empty lists, oversized bodies, broken CSV. Each is answered with
 * a clear 4xx application/problem+json (validation problems name the offending path in errors[]),
 * and nothing is written: what the organization sees of itself, its audit log included, is the same
 * after every refused request as before.
 */
import type { InjectOptions } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomToken, sha256 } from '../src/platform/crypto.ts';
import { createGroup, createOrg, createUsers, TEST_PASSWORD, type TestOrg } from './helpers/factories.ts';
import { createCampaign, launchCampaign, tokensOf } from './helpers/phishing.ts';
import { apiRoutes, type RouteKey, routeOf } from './helpers/routes.ts';
import { everythingOf } from './helpers/state.ts';
import { storedStateOf } from './helpers/stored-state.ts';
import { createTestApp, type TestApp } from './helpers/test-app.ts';

let t: TestApp;
let routes: RouteKey[];
beforeAll(async () => {
  t = await createTestApp();
  routes = (await apiRoutes(t)).served;
});
afterAll(async () => {
  await t.close();
});

interface BadInput {
  what: string;
  request: InjectOptions;
  status: number;
  /** For a validation problem: a path errors[] must name (e.g. "body.email", "querystring.limit"). */
  path?: string;
  /** Sent with the owner's session instead of the API key (API keys are managed by admins only). */
  asAdmin?: boolean;
}

interface World {
  org: TestOrg;
  ann: { id: string; email: string };
  bob: { id: string; email: string };
  department: { id: string };
  group: { id: string };
  course: { id: string };
  template: { id: string };
  landingPage: { id: string };
  /** A course Ann is enrolled in, and Ann's learner cookie. */
  enrolledCourse: { id: string };
  learner: { cookie: string };
  /** A draft campaign aimed at nobody (launching it is a 409), and one launched to Bob. */
  draft: { id: string };
  launched: { id: string; recipientId: string };
}

const ONE_MEGABYTE_AND_MORE = 'x'.repeat(1024 * 1024 + 1);
const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const SOME_UUID = '3b241101-e2bb-4255-8caf-4136c566a962';

function json(method: InjectOptions['method'], url: string, payload: unknown): InjectOptions {
  return { method, url, payload: payload as object };
}

function raw(method: InjectOptions['method'], url: string, body: string, contentType: string): InjectOptions {
  return { method, url, headers: { 'content-type': contentType }, payload: body };
}

/** A GET of `url` with the query string it is given (a list route's query cases). */
function getWithQuery(url: string): (query: string) => InjectOptions {
  return (query) => ({ method: 'GET', url: `${url}?${query}` });
}

/** A page size out of range or not a whole number: 0, one over the most, a word, a fraction. */
function limitBasics(q: (query: string) => InjectOptions, max: number): BadInput[] {
  return [
    { what: 'limit 0', request: q('limit=0'), status: 400, path: 'querystring.limit' },
    { what: `limit ${max + 1}`, request: q(`limit=${max + 1}`), status: 400, path: 'querystring.limit' },
    { what: 'a limit that is not a number', request: q('limit=ten'), status: 400, path: 'querystring.limit' },
    { what: 'a fractional limit', request: q('limit=2.5'), status: 400, path: 'querystring.limit' },
  ];
}

/**
 * What every route taking a JSON object body must refuse; `valid` is a body it would accept. Routes
 * sized for 100,000 ids or emails (`bigBody`) keep their own limit; every other route has 1 MB.
 */
function jsonBodyBasics(
  method: InjectOptions['method'],
  url: string,
  valid: Record<string, unknown>,
  { bigBody = false } = {},
): BadInput[] {
  return [
    { what: 'malformed JSON', request: raw(method, url, '{"name": "x",', 'application/json'), status: 400 },
    {
      what: 'an empty body declared as JSON',
      request: raw(method, url, '', 'application/json'),
      status: 400,
    },
    { what: 'no body at all', request: { method, url }, status: 400, path: 'body' },
    {
      what: 'a JSON array instead of an object',
      request: json(method, url, [valid]),
      status: 400,
      path: 'body',
    },
    {
      what: 'a bare JSON string',
      request: raw(method, url, '"text"', 'application/json'),
      status: 400,
      path: 'body',
    },
    { what: 'JSON null', request: raw(method, url, 'null', 'application/json'), status: 400, path: 'body' },
    {
      what: 'an unknown field',
      request: json(method, url, { ...valid, isAdmin: true }),
      status: 400,
      path: 'body',
    },
    ...(bigBody
      ? []
      : [
          {
            what: 'a body over the 1 MB limit of this route',
            request: json(method, url, { ...valid, padding: ONE_MEGABYTE_AND_MORE }),
            status: 413,
          },
        ]),
    {
      what: 'a form-encoded body',
      request: raw(method, url, 'name=x', 'application/x-www-form-urlencoded'),
      status: 415,
    },
  ];
}

const VALID_COURSE = {
  title: 'Invoice fraud',
  estimatedMinutes: 10,
  passMark: 80,
  lessons: [{ title: 'One', markdown: 'Text' }],
  quiz: [{ prompt: 'Q', options: ['a', 'b'], correct: [0] }],
};

const VALID_TEMPLATE = {
  name: 'Gift cards',
  difficulty: 'easy',
  subject: 'Hi {{firstName}}',
  senderName: 'CEO office',
  senderAddress: 'ceo@exec-mail.test',
  htmlBody: '<a href="{{link}}">Open</a>',
  textBody: 'Open {{link}}',
  redFlags: ['Odd sender.'],
};

/** What a template body must refuse, on create and on edit. */
function templateBodyBasics(method: InjectOptions['method'], url: string): BadInput[] {
  const valid = VALID_TEMPLATE;
  const bad = (what: string, change: Record<string, unknown>, path: string): BadInput => ({
    what,
    request: json(method, url, { ...valid, ...change }),
    status: 400,
    path,
  });
  return [
    ...jsonBodyBasics(method, url, valid),
    bad('no name', { name: ' ' }, 'body.name'),
    bad('a name of 201 characters', { name: 'n'.repeat(201) }, 'body.name'),
    bad('an unknown difficulty', { difficulty: 'extreme' }, 'body.difficulty'),
    bad('a sender address that is not an email', { senderAddress: 'it desk' }, 'body.senderAddress'),
    bad('no subject', { subject: '' }, 'body.subject'),
    bad('a subject naming an unknown variable', { subject: 'Hi {{name}}' }, 'body.subject'),
    bad('an HTML body naming an unknown variable', { htmlBody: '{{link}} {{manager}}' }, 'body.htmlBody'),
    bad('an HTML body without {{link}}', { htmlBody: '<p>No link</p>' }, 'body.htmlBody'),
    bad('a text body without {{link}}', { textBody: 'No link' }, 'body.textBody'),
    bad(
      'an HTML body over 200,000 characters',
      { htmlBody: `{{link}}${'x'.repeat(200_000)}` },
      'body.htmlBody',
    ),
    bad(
      'eleven red flags',
      { redFlags: Array.from({ length: 11 }, (_, i) => `Flag ${i}.`) },
      'body.redFlags',
    ),
    bad('an empty red flag', { redFlags: ['  '] }, 'body.redFlags.0'),
    bad('red flags that are not a list', { redFlags: 'urgent' }, 'body.redFlags'),
  ];
}

/** What a landing-page body must refuse, on create and on edit. */
function landingPageBodyBasics(method: InjectOptions['method'], url: string): BadInput[] {
  const valid = { name: 'Sign-in', html: '<form><input type="password"></form>' };
  return [
    ...jsonBodyBasics(method, url, valid),
    { what: 'no name', request: json(method, url, { ...valid, name: '' }), status: 400, path: 'body.name' },
    { what: 'no HTML', request: json(method, url, { ...valid, html: ' ' }), status: 400, path: 'body.html' },
    {
      what: 'HTML over 500,000 characters',
      request: json(method, url, { ...valid, html: 'x'.repeat(500_001) }),
      status: 400,
      path: 'body.html',
    },
    {
      what: 'HTML that is not a string',
      request: json(method, url, { ...valid, html: 5 }),
      status: 400,
      path: 'body.html',
    },
  ];
}

/** What a course body must refuse, on create and on edit. */
function courseBodyBasics(method: InjectOptions['method'], url: string): BadInput[] {
  const valid = VALID_COURSE;
  const question = valid.quiz[0]!;
  return [
    ...jsonBodyBasics(method, url, valid),
    {
      what: 'no title',
      request: json(method, url, { ...valid, title: '  ' }),
      status: 400,
      path: 'body.title',
    },
    {
      what: 'a title of 201 characters',
      request: json(method, url, { ...valid, title: 't'.repeat(201) }),
      status: 400,
      path: 'body.title',
    },
    {
      what: 'no lessons',
      request: json(method, url, { ...valid, lessons: [] }),
      status: 400,
      path: 'body.lessons',
    },
    { what: 'no quiz', request: json(method, url, { ...valid, quiz: [] }), status: 400, path: 'body.quiz' },
    {
      what: 'a lesson without Markdown',
      request: json(method, url, { ...valid, lessons: [{ title: 'One' }] }),
      status: 400,
      path: 'body.lessons.0.markdown',
    },
    {
      what: 'a question with one answer',
      request: json(method, url, { ...valid, quiz: [{ ...question, options: ['a'] }] }),
      status: 400,
      path: 'body.quiz.0.options',
    },
    {
      what: 'a right answer that does not exist',
      request: json(method, url, { ...valid, quiz: [{ ...question, correct: [5] }] }),
      status: 400,
      path: 'body.quiz.0.correct',
    },
    {
      what: 'no right answer',
      request: json(method, url, { ...valid, quiz: [{ ...question, correct: [] }] }),
      status: 400,
      path: 'body.quiz.0.correct',
    },
    {
      what: 'a pass mark of 101',
      request: json(method, url, { ...valid, passMark: 101 }),
      status: 400,
      path: 'body.passMark',
    },
    {
      what: 'zero minutes',
      request: json(method, url, { ...valid, estimatedMinutes: 0 }),
      status: 400,
      path: 'body.estimatedMinutes',
    },
    {
      what: 'a video URL over plain http',
      request: json(method, url, { ...valid, videoUrl: 'http://video.example/x' }),
      status: 400,
      path: 'body.videoUrl',
    },
    {
      what: 'a javascript: video URL',
      request: json(method, url, { ...valid, videoUrl: 'javascript:alert(1)' }),
      status: 400,
      path: 'body.videoUrl',
    },
  ];
}

/** Sent with the world's learner cookie (the learner portal takes no other credential). */
function asLearner(w: World, c: BadInput): BadInput {
  return {
    ...c,
    request: { ...c.request, headers: { ...(c.request.headers ?? {}), cookie: w.learner.cookie } },
  };
}

/** What every route with an :id parameter must refuse. */
function idParamBasics(
  method: InjectOptions['method'],
  url: (id: string) => string,
  body?: unknown,
): BadInput[] {
  const request = (id: string) =>
    body === undefined ? { method, url: url(id) } : json(method, url(id), body);
  return [
    { what: 'an id that is not a UUID', request: request('123'), status: 400, path: 'params.id' },
    { what: 'an id with SQL in it', request: request("1'%20or%20'1'%3D'1"), status: 400, path: 'params.id' },
    {
      what: 'a UUID with a NUL character',
      request: request(`${SOME_UUID}%00`),
      status: 400,
      path: 'params.id',
    },
  ];
}

/** Query values every keyset-paginated user list must refuse. */
function userListQueryBasics(url: string): BadInput[] {
  const q = getWithQuery(url);
  return [
    ...limitBasics(q, 500),
    { what: 'an unknown sort', request: q('sort=salary'), status: 400, path: 'querystring.sort' },
    { what: 'two sorts', request: q('sort=name&sort=email'), status: 400, path: 'querystring.sort' },
    { what: 'an unknown order', request: q('order=sideways'), status: 400, path: 'querystring.order' },
    { what: 'an unknown status', request: q('status=banned'), status: 400, path: 'querystring.status' },
    {
      what: 'a department id that is not a UUID',
      request: q('departmentId=7'),
      status: 400,
      path: 'querystring.departmentId',
    },
    {
      what: 'a search over 200 characters',
      request: q(`search=${'a'.repeat(201)}`),
      status: 400,
      path: 'querystring.search',
    },
    {
      what: 'a search with a NUL character',
      request: q('search=a%00b'),
      status: 400,
      path: 'querystring.search',
    },
    { what: 'an unknown query parameter', request: q('orderBy=name'), status: 400, path: 'querystring' },
    {
      what: 'a cursor that is not base64 JSON',
      request: q('cursor=not-a-cursor'),
      status: 400,
      path: 'querystring.cursor',
    },
    {
      what: 'a cursor with an id that is not a UUID',
      request: q(`cursor=${cursorOf(['ann', "1' or 1=1"])}`),
      status: 400,
      path: 'querystring.cursor',
    },
    {
      what: 'a cursor with a NUL character',
      request: q(`cursor=${cursorOf(['\u0000', SOME_UUID])}`),
      status: 400,
      path: 'querystring.cursor',
    },
    {
      what: 'a date-sorted cursor whose value is not an ISO timestamp',
      request: q(`sort=createdAt&cursor=${cursorOf(['1', SOME_UUID])}`),
      status: 400,
      path: 'querystring.cursor',
    },
    {
      what: 'a date-sorted cursor in year 0',
      request: q(`sort=lastLogin&cursor=${cursorOf(['0000-01-01T00:00:00.000Z', SOME_UUID])}`),
      status: 400,
      path: 'querystring.cursor',
    },
    {
      what: 'a cursor over 1000 characters',
      request: q(`cursor=${'a'.repeat(1001)}`),
      status: 400,
      path: 'querystring.cursor',
    },
  ];
}

/** Name bodies (departments, groups): `{ name }`, trimmed, 1 to 100 characters. */
function nameBodyBasics(method: InjectOptions['method'], url: string): BadInput[] {
  return [
    ...jsonBodyBasics(method, url, { name: 'Fine' }),
    { what: 'no name', request: json(method, url, {}), status: 400, path: 'body.name' },
    { what: 'an empty name', request: json(method, url, { name: '' }), status: 400, path: 'body.name' },
    {
      what: 'a name of spaces only',
      request: json(method, url, { name: '   ' }),
      status: 400,
      path: 'body.name',
    },
    {
      what: 'a name of 101 characters',
      request: json(method, url, { name: 'n'.repeat(101) }),
      status: 400,
      path: 'body.name',
    },
    { what: 'a number as name', request: json(method, url, { name: 42 }), status: 400, path: 'body.name' },
    { what: 'a list as name', request: json(method, url, { name: ['a'] }), status: 400, path: 'body.name' },
    {
      what: 'a name with a NUL character',
      request: json(method, url, { name: 'a\u0000b' }),
      status: 400,
      path: 'body.name',
    },
  ];
}

const BAD_EMAILS = [
  'not-an-email',
  'ann@',
  '@acme.test',
  'ann@@acme.test',
  'ann acme@acme.test',
  `${'a'.repeat(250)}@acme.test`,
];

const usersUrl = '/api/v1/users';
const campaignsUrl = '/api/v1/phishing/campaigns';
const phishedUsersUrl = '/api/v1/phishing/settings/phished-users';

/** A campaign body the world's organization would accept. */
const validCampaign = (w: World) => ({
  name: 'Quarterly test',
  templateIds: [w.template.id],
  landingPageId: w.landingPage.id,
  groupIds: [w.group.id],
});

/** What a campaign body must refuse, on create and on edit. */
function campaignBodyBasics(method: InjectOptions['method'], url: string, w: World): BadInput[] {
  const valid = validCampaign(w);
  const bad = (what: string, change: Record<string, unknown>, path: string): BadInput => ({
    what,
    request: json(method, url, { ...valid, ...change }),
    status: 400,
    path,
  });
  const many = (count: number) => Array.from({ length: count }, () => SOME_UUID);
  return [
    ...jsonBodyBasics(method, url, valid),
    bad('no name', { name: undefined }, 'body.name'),
    bad('a name of spaces only', { name: '   ' }, 'body.name'),
    bad('a name of 201 characters', { name: 'n'.repeat(201) }, 'body.name'),
    bad('a number as name', { name: 42 }, 'body.name'),
    bad('no templates', { templateIds: undefined }, 'body.templateIds'),
    bad('an empty list of templates', { templateIds: [] }, 'body.templateIds'),
    bad('21 templates', { templateIds: many(21) }, 'body.templateIds'),
    bad('a template id that is not a UUID', { templateIds: ['gift-cards'] }, 'body.templateIds.0'),
    bad('a template id instead of a list', { templateIds: w.template.id }, 'body.templateIds'),
    bad('a template that does not exist', { templateIds: [w.template.id, SOME_UUID] }, 'body.templateIds'),
    bad('no landing page', { landingPageId: undefined }, 'body.landingPageId'),
    bad('a landing page id that is not a UUID', { landingPageId: 'sign-in' }, 'body.landingPageId'),
    bad('a landing page that does not exist', { landingPageId: SOME_UUID }, 'body.landingPageId'),
    bad('a group id that is not a UUID', { groupIds: ['Pilots'] }, 'body.groupIds.0'),
    bad('a group that does not exist', { groupIds: [w.group.id, SOME_UUID] }, 'body.groupIds'),
    bad('a department that does not exist', { departmentIds: [SOME_UUID] }, 'body.departmentIds'),
    bad('a user that does not exist', { userIds: [w.ann.id, SOME_UUID] }, 'body.userIds'),
    bad('an email instead of a user id', { userIds: ['ann@acme.test'] }, 'body.userIds.0'),
    bad('10,001 user ids', { userIds: many(10_001) }, 'body.userIds'),
    bad('groups as null', { groupIds: null }, 'body.groupIds'),
    bad('a launch time that is not a date', { launchAt: 'tomorrow' }, 'body.launchAt'),
    bad('a launch date without a time', { launchAt: '2099-01-01' }, 'body.launchAt'),
    bad('a launch time as a number', { launchAt: Date.now() }, 'body.launchAt'),
    bad('a launch in year 0', { launchAt: '0000-01-01T00:00:00Z' }, 'body.launchAt'),
    bad('a launch in year 10000 (UTC)', { launchAt: '9999-12-31T23:59:59-14:00' }, 'body.launchAt'),
    bad('an end in year 10000 (UTC)', { endsAt: '9999-12-31T23:59:59-14:00' }, 'body.endsAt'),
    bad(
      'an end before the launch',
      { launchAt: '2099-01-02T09:00:00Z', endsAt: '2099-01-01T09:00:00Z' },
      'body.endsAt',
    ),
    bad(
      'an end at the launch itself',
      { launchAt: '2099-01-02T09:00:00Z', endsAt: '2099-01-02T10:00:00+01:00' },
      'body.endsAt',
    ),
    bad('an end in the past, launching at once', { endsAt: '2020-01-01T00:00:00Z' }, 'body.endsAt'),
    bad('an end that is not a date', { endsAt: 'in two weeks' }, 'body.endsAt'),
    bad('a send window of -1 minutes', { sendWindowMinutes: -1 }, 'body.sendWindowMinutes'),
    bad('a send window of 999,999 minutes', { sendWindowMinutes: 999_999 }, 'body.sendWindowMinutes'),
    bad('a fractional send window', { sendWindowMinutes: 1.5 }, 'body.sendWindowMinutes'),
    bad('a send window as text', { sendWindowMinutes: '60' }, 'body.sendWindowMinutes'),
    bad('nothing counting as failing', { failOn: [] }, 'body.failOn'),
    bad('opening counting as failing', { failOn: ['opened'] }, 'body.failOn.0'),
    bad('failOn as a string', { failOn: 'clicked' }, 'body.failOn'),
    bad('a status (launching has its own route)', { status: 'completed' }, 'body'),
  ];
}

/** What every route with a campaign :id must refuse (the id's format; a campaign that never existed). */
function campaignIdBasics(method: InjectOptions['method'], suffix: string, body?: unknown): BadInput[] {
  const url = (id: string) => `${campaignsUrl}/${id}${suffix}`;
  return [
    ...idParamBasics(method, url, body),
    {
      what: 'a campaign that never existed',
      request: body === undefined ? { method, url: url(SOME_UUID) } : json(method, url(SOME_UUID), body),
      status: 404,
    },
  ];
}

/** Every route that takes input, with the bad inputs it must refuse. */
const CASES: Array<[RouteKey, (w: World) => BadInput[]]> = [
  [
    'POST /api/v1/setup',
    () => {
      const valid = {
        token: 'some token',
        organizationName: 'New Co',
        email: 'owner@new.test',
        password: 'long enough password',
      };
      const url = '/api/v1/setup';
      return [
        ...jsonBodyBasics('POST', url, valid),
        {
          what: 'a number as token',
          request: json('POST', url, { ...valid, token: 7 }),
          status: 400,
          path: 'body.token',
        },
        {
          what: 'an empty token',
          request: json('POST', url, { ...valid, token: '' }),
          status: 400,
          path: 'body.token',
        },
        {
          what: 'an invalid email',
          request: json('POST', url, { ...valid, email: 'owner' }),
          status: 400,
          path: 'body.email',
        },
        {
          what: 'a short password',
          request: json('POST', url, { ...valid, password: 'short' }),
          status: 400,
          path: 'body.password',
        },
        {
          what: 'a password of 201 characters',
          request: json('POST', url, { ...valid, password: 'p'.repeat(201) }),
          status: 400,
          path: 'body.password',
        },
        {
          what: 'an organization name of 201 characters',
          request: json('POST', url, { ...valid, organizationName: 'o'.repeat(201) }),
          status: 400,
          path: 'body.organizationName',
        },
        {
          what: 'no organization name',
          request: json('POST', url, { ...valid, organizationName: undefined }),
          status: 400,
          path: 'body.organizationName',
        },
      ];
    },
  ],
  [
    'POST /api/v1/auth/login',
    (w) => {
      const url = '/api/v1/auth/login';
      const valid = { email: w.org.ownerEmail, password: TEST_PASSWORD };
      return [
        ...jsonBodyBasics('POST', url, valid),
        {
          what: 'no password',
          request: json('POST', url, { email: w.org.ownerEmail }),
          status: 400,
          path: 'body.password',
        },
        {
          what: 'an empty password',
          request: json('POST', url, { ...valid, password: '' }),
          status: 400,
          path: 'body.password',
        },
        {
          what: 'a number as password',
          request: json('POST', url, { ...valid, password: 12345 }),
          status: 400,
          path: 'body.password',
        },
        {
          what: 'a password of 201 characters',
          request: json('POST', url, { ...valid, password: 'p'.repeat(201) }),
          status: 400,
          path: 'body.password',
        },
        {
          what: 'an email of 255 characters',
          request: json('POST', url, { ...valid, email: `${'a'.repeat(245)}@acme.test` }),
          status: 400,
          path: 'body.email',
        },
        {
          what: 'an email with a NUL character',
          request: json('POST', url, { ...valid, email: `${w.org.ownerEmail}\u0000` }),
          status: 400,
          path: 'body.email',
        },
      ];
    },
  ],
  [
    'POST /api/v1/api-keys',
    () => {
      const url = '/api/v1/api-keys';
      return [
        ...jsonBodyBasics('POST', url, { name: 'CI' }),
        { what: 'no name', request: json('POST', url, {}), status: 400, path: 'body.name' },
        {
          what: 'a name of spaces only',
          request: json('POST', url, { name: '  ' }),
          status: 400,
          path: 'body.name',
        },
        {
          what: 'a name of 101 characters',
          request: json('POST', url, { name: 'k'.repeat(101) }),
          status: 400,
          path: 'body.name',
        },
        {
          what: 'a boolean as name',
          request: json('POST', url, { name: true }),
          status: 400,
          path: 'body.name',
        },
      ].map((c) => ({ ...c, asAdmin: true }));
    },
  ],
  [
    'GET /api/v1/emails',
    () => {
      const q = getWithQuery('/api/v1/emails');
      return [
        ...limitBasics(q, 500),
        {
          what: 'a cursor this API never issued',
          request: q('cursor=abc'),
          status: 400,
          path: 'querystring.cursor',
        },
        {
          what: 'a cursor whose value is not a timestamp',
          request: q(`cursor=${cursorOf(['yesterday', SOME_UUID])}`),
          status: 400,
          path: 'querystring.cursor',
        },
        { what: 'an unknown status', request: q('status=bounced'), status: 400, path: 'querystring.status' },
        {
          what: 'a userId that is not a UUID',
          request: q('userId=42'),
          status: 400,
          path: 'querystring.userId',
        },
        {
          what: 'a search of 201 characters',
          request: q(`search=${'s'.repeat(201)}`),
          status: 400,
          path: 'querystring.search',
        },
        { what: 'an unknown parameter', request: q('sort=subject'), status: 400, path: 'querystring' },
      ];
    },
  ],
  ['GET /api/v1/emails/:id', () => idParamBasics('GET', (id) => `/api/v1/emails/${id}`)],
  ['POST /api/v1/emails/:id/retry', () => idParamBasics('POST', (id) => `/api/v1/emails/${id}/retry`)],
  [
    'PUT /api/v1/mail/settings',
    () => {
      const url = '/api/v1/mail/settings';
      const valid = { smtpUrl: 'smtp://smtp.acme.test:587', from: 'Acme <it@acme.test>' };
      return [
        ...jsonBodyBasics('PUT', url, valid),
        { what: 'no smtpUrl', request: json('PUT', url, { from: null }), status: 400, path: 'body.smtpUrl' },
        {
          what: 'an http URL as SMTP server',
          request: json('PUT', url, { ...valid, smtpUrl: 'http://smtp.acme.test' }),
          status: 400,
          path: 'body.smtpUrl',
        },
        {
          what: 'an SMTP URL with a space',
          request: json('PUT', url, { ...valid, smtpUrl: 'smtp://smtp acme.test' }),
          status: 400,
          path: 'body.smtpUrl',
        },
        {
          what: 'a number as SMTP URL',
          request: json('PUT', url, { ...valid, smtpUrl: 25 }),
          status: 400,
          path: 'body.smtpUrl',
        },
        {
          what: 'a From with a line break (header injection)',
          request: json('PUT', url, { ...valid, from: 'Acme <it@acme.test>\r\nBcc: all@evil.test' }),
          status: 400,
          path: 'body.from',
        },
        {
          what: 'a From of 321 characters',
          request: json('PUT', url, { ...valid, from: 'f'.repeat(321) }),
          status: 400,
          path: 'body.from',
        },
      ].map((c) => ({ ...c, asAdmin: true }));
    },
  ],
  [
    'GET /api/v1/courses',
    () => [
      {
        what: 'an unknown status',
        request: { method: 'GET', url: '/api/v1/courses?status=deleted' },
        status: 400,
        path: 'querystring.status',
      },
      {
        what: 'an unknown parameter',
        request: { method: 'GET', url: '/api/v1/courses?sort=title' },
        status: 400,
        path: 'querystring',
      },
    ],
  ],
  ['POST /api/v1/courses', () => courseBodyBasics('POST', '/api/v1/courses')],
  ['GET /api/v1/courses/:id', () => idParamBasics('GET', (id) => `/api/v1/courses/${id}`)],
  [
    'PUT /api/v1/courses/:id',
    (w) => [
      ...idParamBasics('PUT', (id) => `/api/v1/courses/${id}`, VALID_COURSE),
      ...courseBodyBasics('PUT', `/api/v1/courses/${w.course.id}`),
    ],
  ],
  ['POST /api/v1/courses/:id/clone', () => idParamBasics('POST', (id) => `/api/v1/courses/${id}/clone`)],
  ['POST /api/v1/courses/:id/archive', () => idParamBasics('POST', (id) => `/api/v1/courses/${id}/archive`)],
  ['POST /api/v1/courses/:id/restore', () => idParamBasics('POST', (id) => `/api/v1/courses/${id}/restore`)],
  [
    'GET /api/v1/phishing/templates',
    () => {
      const q = getWithQuery('/api/v1/phishing/templates');
      return [
        { what: 'an unknown status', request: q('status=deleted'), status: 400, path: 'querystring.status' },
        {
          what: 'an unknown difficulty',
          request: q('difficulty=extreme'),
          status: 400,
          path: 'querystring.difficulty',
        },
        {
          what: 'a search of 201 characters',
          request: q(`search=${'s'.repeat(201)}`),
          status: 400,
          path: 'querystring.search',
        },
        { what: 'an unknown parameter', request: q('sort=name'), status: 400, path: 'querystring' },
      ];
    },
  ],
  ['POST /api/v1/phishing/templates', () => templateBodyBasics('POST', '/api/v1/phishing/templates')],
  [
    'POST /api/v1/phishing/templates/preview',
    () => {
      const url = '/api/v1/phishing/templates/preview';
      const valid = { subject: 'Hi', htmlBody: '{{link}}' };
      return [
        ...jsonBodyBasics('POST', url, valid),
        {
          what: 'a sample user with an unknown field',
          request: json('POST', url, { ...valid, sampleUser: { firstName: 'A', role: 'x' } }),
          status: 400,
          path: 'body.sampleUser',
        },
        {
          what: 'a subject of 301 characters',
          request: json('POST', url, { ...valid, subject: 's'.repeat(301) }),
          status: 400,
          path: 'body.subject',
        },
        {
          what: 'eleven red flags',
          request: json('POST', url, { ...valid, redFlags: Array.from({ length: 11 }, () => 'x') }),
          status: 400,
          path: 'body.redFlags',
        },
      ];
    },
  ],
  [
    'GET /api/v1/phishing/templates/:id',
    () => idParamBasics('GET', (id) => `/api/v1/phishing/templates/${id}`),
  ],
  [
    'PUT /api/v1/phishing/templates/:id',
    (w) => [
      ...idParamBasics('PUT', (id) => `/api/v1/phishing/templates/${id}`, VALID_TEMPLATE),
      ...templateBodyBasics('PUT', `/api/v1/phishing/templates/${w.template.id}`),
    ],
  ],
  [
    'POST /api/v1/phishing/templates/:id/clone',
    () => idParamBasics('POST', (id) => `/api/v1/phishing/templates/${id}/clone`),
  ],
  [
    'POST /api/v1/phishing/templates/:id/archive',
    () => idParamBasics('POST', (id) => `/api/v1/phishing/templates/${id}/archive`),
  ],
  [
    'POST /api/v1/phishing/templates/:id/restore',
    () => idParamBasics('POST', (id) => `/api/v1/phishing/templates/${id}/restore`),
  ],
  [
    'GET /api/v1/phishing/landing-pages',
    () => {
      const q = getWithQuery('/api/v1/phishing/landing-pages');
      return [
        { what: 'an unknown status', request: q('status=gone'), status: 400, path: 'querystring.status' },
        {
          what: 'a search of 201 characters',
          request: q(`search=${'s'.repeat(201)}`),
          status: 400,
          path: 'querystring.search',
        },
        { what: 'an unknown parameter', request: q('difficulty=easy'), status: 400, path: 'querystring' },
      ];
    },
  ],
  [
    'POST /api/v1/phishing/landing-pages',
    () => landingPageBodyBasics('POST', '/api/v1/phishing/landing-pages'),
  ],
  [
    'POST /api/v1/phishing/landing-pages/preview',
    () => {
      const url = '/api/v1/phishing/landing-pages/preview';
      return [
        ...jsonBodyBasics('POST', url, { html: '<p>x</p>' }),
        { what: 'no HTML', request: json('POST', url, {}), status: 400, path: 'body.html' },
        {
          what: 'HTML over 500,000 characters',
          request: json('POST', url, { html: 'x'.repeat(500_001) }),
          status: 400,
          path: 'body.html',
        },
      ];
    },
  ],
  [
    'GET /api/v1/phishing/landing-pages/:id',
    () => idParamBasics('GET', (id) => `/api/v1/phishing/landing-pages/${id}`),
  ],
  [
    'PUT /api/v1/phishing/landing-pages/:id',
    (w) => [
      ...idParamBasics('PUT', (id) => `/api/v1/phishing/landing-pages/${id}`, {
        name: 'x',
        html: '<p>x</p>',
      }),
      ...landingPageBodyBasics('PUT', `/api/v1/phishing/landing-pages/${w.landingPage.id}`),
    ],
  ],
  [
    'POST /api/v1/phishing/landing-pages/:id/clone',
    () => idParamBasics('POST', (id) => `/api/v1/phishing/landing-pages/${id}/clone`),
  ],
  [
    'POST /api/v1/phishing/landing-pages/:id/archive',
    () => idParamBasics('POST', (id) => `/api/v1/phishing/landing-pages/${id}/archive`),
  ],
  [
    'POST /api/v1/phishing/landing-pages/:id/restore',
    () => idParamBasics('POST', (id) => `/api/v1/phishing/landing-pages/${id}/restore`),
  ],
  [
    'POST /api/v1/assignments',
    (w) => {
      const url = '/api/v1/assignments';
      const valid = { courseId: w.course.id, userIds: [w.ann.id], dueAt: '2099-01-01T00:00:00Z' };
      return [
        ...jsonBodyBasics('POST', url, valid, { bigBody: true }),
        {
          what: 'no one to assign to',
          request: json('POST', url, { ...valid, userIds: [] }),
          status: 400,
          path: 'body.userIds',
        },
        {
          what: 'a courseId that is not a UUID',
          request: json('POST', url, { ...valid, courseId: 'phishing' }),
          status: 400,
          path: 'body.courseId',
        },
        {
          what: 'no due date',
          request: json('POST', url, { courseId: w.course.id, userIds: [w.ann.id] }),
          status: 400,
          path: 'body.dueAt',
        },
        {
          what: 'a due date that is not a date',
          request: json('POST', url, { ...valid, dueAt: 'next friday' }),
          status: 400,
          path: 'body.dueAt',
        },
        {
          what: 'a due date in the past',
          request: json('POST', url, { ...valid, dueAt: '2020-01-01T00:00:00Z' }),
          status: 400,
          path: 'body.dueAt',
        },
        {
          what: 'a user id that is not a UUID',
          request: json('POST', url, { ...valid, userIds: ['ann'] }),
          status: 400,
          path: 'body.userIds.0',
        },
        {
          what: '101 groups',
          request: json('POST', url, { ...valid, groupIds: Array.from({ length: 101 }, () => SOME_UUID) }),
          status: 400,
          path: 'body.groupIds',
        },
        {
          what: 'includeFutureMembers as text',
          request: json('POST', url, { ...valid, includeFutureMembers: 'yes' }),
          status: 400,
          path: 'body.includeFutureMembers',
        },
      ];
    },
  ],
  [
    'GET /api/v1/assignments',
    () => {
      const q = getWithQuery('/api/v1/assignments');
      return [
        ...limitBasics(q, 500),
        {
          what: 'a cursor this API never issued',
          request: q('cursor=abc'),
          status: 400,
          path: 'querystring.cursor',
        },
        {
          what: 'a courseId that is not a UUID',
          request: q('courseId=1'),
          status: 400,
          path: 'querystring.courseId',
        },
      ];
    },
  ],
  ...(['courses', 'groups', 'users'] as const).map((scope): [RouteKey, (w: World) => BadInput[]] => [
    `GET /api/v1/${scope}/:id/enrollments`,
    (w) => {
      const id = scope === 'courses' ? w.course.id : scope === 'groups' ? w.group.id : w.ann.id;
      const q = getWithQuery(`/api/v1/${scope}/${id}/enrollments`);
      return [
        ...idParamBasics('GET', (x) => `/api/v1/${scope}/${x}/enrollments`),
        { what: 'an unknown status', request: q('status=late'), status: 400, path: 'querystring.status' },
        ...limitBasics(q, 500),
        {
          what: 'a cursor this API never issued',
          request: q('cursor=abc'),
          status: 400,
          path: 'querystring.cursor',
        },
        {
          what: 'a courseId that is not a UUID',
          request: q('courseId=x'),
          status: 400,
          path: 'querystring.courseId',
        },
      ];
    },
  ]),
  [
    'POST /api/v1/learn/sign-in-links',
    () => {
      const url = '/api/v1/learn/sign-in-links';
      return [
        ...jsonBodyBasics('POST', url, { email: 'ann@acme.test' }),
        { what: 'no email', request: json('POST', url, {}), status: 400, path: 'body.email' },
        {
          what: 'an invalid email',
          request: json('POST', url, { email: 'ann@' }),
          status: 400,
          path: 'body.email',
        },
        {
          what: 'an email of 255 characters',
          request: json('POST', url, { email: `${'a'.repeat(243)}@example.com` }),
          status: 400,
          path: 'body.email',
        },
      ];
    },
  ],
  [
    'POST /api/v1/learn/sessions',
    () => {
      const url = '/api/v1/learn/sessions';
      return [
        ...jsonBodyBasics('POST', url, { token: 'x'.repeat(43) }),
        { what: 'no token', request: json('POST', url, {}), status: 400, path: 'body.token' },
        {
          what: 'a short token',
          request: json('POST', url, { token: 'abc' }),
          status: 400,
          path: 'body.token',
        },
        {
          what: 'a token nobody was sent',
          request: json('POST', url, { token: 'x'.repeat(43) }),
          status: 401,
        },
      ];
    },
  ],
  [
    'GET /api/v1/learn/courses/:id',
    (w) => idParamBasics('GET', (id) => `/api/v1/learn/courses/${id}`).map((c) => asLearner(w, c)),
  ],
  [
    'POST /api/v1/learn/courses/:id/progress',
    (w) => {
      const url = `/api/v1/learn/courses/${w.enrolledCourse.id}/progress`;
      return [
        ...idParamBasics('POST', (id) => `/api/v1/learn/courses/${id}/progress`, { lessonsCompleted: 1 }),
        ...jsonBodyBasics('POST', url, { lessonsCompleted: 1 }),
        {
          what: 'zero lessons',
          request: json('POST', url, { lessonsCompleted: 0 }),
          status: 400,
          path: 'body.lessonsCompleted',
        },
        {
          what: 'more lessons than the course has',
          request: json('POST', url, { lessonsCompleted: 29 }),
          status: 400,
          path: 'body.lessonsCompleted',
        },
        {
          what: 'lessons as text',
          request: json('POST', url, { lessonsCompleted: 'all' }),
          status: 400,
          path: 'body.lessonsCompleted',
        },
      ].map((c) => asLearner(w, c));
    },
  ],
  [
    'POST /api/v1/learn/courses/:id/quiz',
    (w) => {
      const url = `/api/v1/learn/courses/${w.enrolledCourse.id}/quiz`;
      return [
        ...idParamBasics('POST', (id) => `/api/v1/learn/courses/${id}/quiz`, { answers: [[0]] }),
        ...jsonBodyBasics('POST', url, { answers: [[0]] }),
        {
          what: 'no answers',
          request: json('POST', url, { answers: [] }),
          status: 400,
          path: 'body.answers',
        },
        {
          what: 'an answer that is not an index',
          request: json('POST', url, { answers: [['a']] }),
          status: 400,
          path: 'body.answers.0.0',
        },
        {
          what: 'a negative answer index',
          request: json('POST', url, { answers: [[-1]] }),
          status: 400,
          path: 'body.answers.0.0',
        },
      ].map((c) => asLearner(w, c));
    },
  ],
  [
    'POST /api/v1/groups/:id/reminders',
    (w) => {
      const url = `/api/v1/groups/${w.group.id}/reminders`;
      return [
        ...idParamBasics('POST', (id) => `/api/v1/groups/${id}/reminders`),
        {
          what: 'malformed JSON',
          request: raw('POST', url, '{"userIds": [', 'application/json'),
          status: 400,
        },
        {
          what: 'an empty list of users',
          request: json('POST', url, { userIds: [] }),
          status: 400,
          path: 'body.userIds',
        },
        {
          what: 'a user id that is not a UUID',
          request: json('POST', url, { userIds: ['ann'] }),
          status: 400,
          path: 'body.userIds.0',
        },
        {
          what: 'an unknown field',
          request: json('POST', url, { userIds: [w.ann.id], all: true }),
          status: 400,
          path: 'body',
        },
      ];
    },
  ],
  [
    'POST /api/v1/users/reminders',
    (w) => {
      const url = '/api/v1/users/reminders';
      return [
        ...jsonBodyBasics('POST', url, { userIds: [w.ann.id] }, { bigBody: true }),
        { what: 'no users', request: json('POST', url, {}), status: 400, path: 'body.userIds' },
        {
          what: 'an empty list of users',
          request: json('POST', url, { userIds: [] }),
          status: 400,
          path: 'body.userIds',
        },
        {
          what: 'an email instead of an id',
          request: json('POST', url, { userIds: ['ann@acme.test'] }),
          status: 400,
          path: 'body.userIds.0',
        },
      ];
    },
  ],
  [
    'PUT /api/v1/training/settings',
    () => {
      const url = '/api/v1/training/settings';
      const automaticReminders = { enabled: true, weekday: 1, hour: 9, timeZone: 'Europe/Berlin' };
      const valid = { reminderCooldownHours: 24, automaticReminders };
      return [
        ...jsonBodyBasics('PUT', url, valid),
        {
          what: 'a negative cooldown',
          request: json('PUT', url, { ...valid, reminderCooldownHours: -1 }),
          status: 400,
          path: 'body.reminderCooldownHours',
        },
        {
          what: 'a cooldown of 31 days',
          request: json('PUT', url, { ...valid, reminderCooldownHours: 744 }),
          status: 400,
          path: 'body.reminderCooldownHours',
        },
        {
          what: 'an unknown time zone',
          request: json('PUT', url, {
            ...valid,
            automaticReminders: { ...automaticReminders, timeZone: 'Mars/Olympus' },
          }),
          status: 400,
          path: 'body.automaticReminders.timeZone',
        },
        {
          what: 'hour 24',
          request: json('PUT', url, { ...valid, automaticReminders: { ...automaticReminders, hour: 24 } }),
          status: 400,
          path: 'body.automaticReminders.hour',
        },
        {
          what: 'weekday 7',
          request: json('PUT', url, { ...valid, automaticReminders: { ...automaticReminders, weekday: 7 } }),
          status: 400,
          path: 'body.automaticReminders.weekday',
        },
        {
          what: 'no automatic reminder settings',
          request: json('PUT', url, { reminderCooldownHours: 24 }),
          status: 400,
          path: 'body.automaticReminders',
        },
      ];
    },
  ],
  [
    'POST /api/v1/api-keys/:id/revoke',
    () =>
      idParamBasics('POST', (id) => `/api/v1/api-keys/${id}/revoke`).map((c) => ({ ...c, asAdmin: true })),
  ],
  [
    'POST /api/v1/auth/accept-invitation',
    () => {
      const url = '/api/v1/auth/accept-invitation';
      const valid = { token: 'some token', password: 'long enough password' };
      return [
        ...jsonBodyBasics('POST', url, valid),
        {
          what: 'no token',
          request: json('POST', url, { password: valid.password }),
          status: 400,
          path: 'body.token',
        },
        {
          what: 'an empty token',
          request: json('POST', url, { ...valid, token: '' }),
          status: 400,
          path: 'body.token',
        },
        {
          what: 'a number as token',
          request: json('POST', url, { ...valid, token: 7 }),
          status: 400,
          path: 'body.token',
        },
        {
          what: 'a token of 201 characters',
          request: json('POST', url, { ...valid, token: 't'.repeat(201) }),
          status: 400,
          path: 'body.token',
        },
        {
          what: 'no password',
          request: json('POST', url, { token: valid.token }),
          status: 400,
          path: 'body.password',
        },
        {
          what: 'a short password',
          request: json('POST', url, { ...valid, password: 'short' }),
          status: 400,
          path: 'body.password',
        },
        {
          what: 'a password of 201 characters',
          request: json('POST', url, { ...valid, password: 'p'.repeat(201) }),
          status: 400,
          path: 'body.password',
        },
        {
          what: 'a name of 201 characters',
          request: json('POST', url, { ...valid, name: 'n'.repeat(201) }),
          status: 400,
          path: 'body.name',
        },
        {
          what: 'a token with a NUL character',
          request: json('POST', url, { ...valid, token: 'a\u0000b' }),
          status: 400,
          path: 'body.token',
        },
        { what: 'a token that was never issued', request: json('POST', url, valid), status: 401 },
      ];
    },
  ],
  [
    'POST /api/v1/auth/invitation',
    () => {
      const url = '/api/v1/auth/invitation';
      return [
        ...jsonBodyBasics('POST', url, { token: 'some token' }),
        { what: 'no token', request: json('POST', url, {}), status: 400, path: 'body.token' },
        {
          what: 'an empty token',
          request: json('POST', url, { token: '' }),
          status: 400,
          path: 'body.token',
        },
        {
          what: 'a number as token',
          request: json('POST', url, { token: 7 }),
          status: 400,
          path: 'body.token',
        },
        {
          what: 'a token of 201 characters',
          request: json('POST', url, { token: 't'.repeat(201) }),
          status: 400,
          path: 'body.token',
        },
        {
          what: 'a token with a NUL character',
          request: json('POST', url, { token: 'a\u0000b' }),
          status: 400,
          path: 'body.token',
        },
        {
          what: 'a token that was never issued',
          request: json('POST', url, { token: 'never-issued' }),
          status: 404,
        },
        {
          what: 'a token with SQL in it',
          request: json('POST', url, { token: "1' or '1'='1" }),
          status: 404,
        },
      ];
    },
  ],
  [
    'POST /api/v1/admins',
    (w) => {
      const url = '/api/v1/admins';
      const valid = { email: 'new.admin@acme.test', role: 'admin' };
      return [
        ...jsonBodyBasics('POST', url, valid),
        { what: 'no email', request: json('POST', url, { role: 'admin' }), status: 400, path: 'body.email' },
        ...BAD_EMAILS.map((email) => ({
          what: `the invalid email "${email.slice(0, 30)}"`,
          request: json('POST', url, { ...valid, email }),
          status: 400,
          path: 'body.email',
        })),
        {
          what: 'a number as email',
          request: json('POST', url, { ...valid, email: 42 }),
          status: 400,
          path: 'body.email',
        },
        {
          what: 'no role',
          request: json('POST', url, { email: valid.email }),
          status: 400,
          path: 'body.role',
        },
        {
          what: 'the owner role (ownership is transferred, never invited)',
          request: json('POST', url, { ...valid, role: 'owner' }),
          status: 400,
          path: 'body.role',
        },
        {
          what: 'an unknown role',
          request: json('POST', url, { ...valid, role: 'superuser' }),
          status: 400,
          path: 'body.role',
        },
        {
          what: 'a name of 201 characters',
          request: json('POST', url, { ...valid, name: 'n'.repeat(201) }),
          status: 400,
          path: 'body.name',
        },
        {
          what: 'a name with a NUL character',
          request: json('POST', url, { ...valid, name: 'a\u0000b' }),
          status: 400,
          path: 'body.name',
        },
        {
          what: 'a password (invitees choose their own)',
          request: json('POST', url, { ...valid, password: TEST_PASSWORD }),
          status: 400,
          path: 'body',
        },
        {
          what: "the owner's email, in other case",
          request: json('POST', url, { ...valid, email: w.org.ownerEmail.toUpperCase() }),
          status: 409,
        },
      ].map((c) => ({ ...c, asAdmin: true }));
    },
  ],
  [
    'POST /api/v1/admins/:id/invitation',
    (w) =>
      [
        ...idParamBasics('POST', (id) => `/api/v1/admins/${id}/invitation`),
        {
          what: 'the owner, who has no invitation to re-send',
          request: { method: 'POST' as const, url: `/api/v1/admins/${w.org.ownerId}/invitation` },
          status: 409,
        },
        {
          what: 'an admin id that never existed',
          request: { method: 'POST' as const, url: `/api/v1/admins/${SOME_UUID}/invitation` },
          status: 404,
        },
      ].map((c) => ({ ...c, asAdmin: true })),
  ],
  [
    'PATCH /api/v1/admins/:id',
    (w) => {
      const url = `/api/v1/admins/${w.org.ownerId}`;
      return [
        ...jsonBodyBasics('PATCH', url, { name: 'Fine' }),
        ...idParamBasics('PATCH', (id) => `/api/v1/admins/${id}`, { name: 'Fine' }),
        { what: 'neither name nor role', request: json('PATCH', url, {}), status: 400, path: 'body' },
        {
          what: 'an unknown role',
          request: json('PATCH', url, { role: 'superuser' }),
          status: 400,
          path: 'body.role',
        },
        {
          what: 'a number as name',
          request: json('PATCH', url, { name: 42 }),
          status: 400,
          path: 'body.name',
        },
        {
          what: 'a name of 201 characters',
          request: json('PATCH', url, { name: 'n'.repeat(201) }),
          status: 400,
          path: 'body.name',
        },
        {
          what: 'a status (disable and enable have their own routes)',
          request: json('PATCH', url, { status: 'disabled' }),
          status: 400,
          path: 'body',
        },
        {
          what: 'the owner made an admin (ownership is transferred instead)',
          request: json('PATCH', url, { role: 'admin' }),
          status: 409,
        },
      ].map((c) => ({ ...c, asAdmin: true }));
    },
  ],
  [
    'POST /api/v1/admins/:id/disable',
    (w) =>
      [
        ...idParamBasics('POST', (id) => `/api/v1/admins/${id}/disable`),
        {
          what: 'the owner',
          request: { method: 'POST' as const, url: `/api/v1/admins/${w.org.ownerId}/disable` },
          status: 409,
        },
      ].map((c) => ({ ...c, asAdmin: true })),
  ],
  [
    'POST /api/v1/admins/:id/enable',
    () =>
      [
        ...idParamBasics('POST', (id) => `/api/v1/admins/${id}/enable`),
        {
          what: 'an admin id that never existed',
          request: { method: 'POST' as const, url: `/api/v1/admins/${SOME_UUID}/enable` },
          status: 404,
        },
      ].map((c) => ({ ...c, asAdmin: true })),
  ],
  [
    'DELETE /api/v1/admins/:id',
    (w) =>
      [
        ...idParamBasics('DELETE', (id) => `/api/v1/admins/${id}`),
        {
          what: 'the owner (an admin who has accepted is disabled, not deleted)',
          request: { method: 'DELETE' as const, url: `/api/v1/admins/${w.org.ownerId}` },
          status: 409,
        },
      ].map((c) => ({ ...c, asAdmin: true })),
  ],
  [
    'GET /api/v1/users',
    () =>
      userListQueryBasics(usersUrl).concat([
        {
          what: 'a group id that is not a UUID',
          request: { method: 'GET', url: `${usersUrl}?groupId=abc` },
          status: 400,
          path: 'querystring.groupId',
        },
        {
          what: 'a notInGroupId that is not a UUID',
          request: { method: 'GET', url: `${usersUrl}?notInGroupId=abc` },
          status: 400,
          path: 'querystring.notInGroupId',
        },
      ]),
  ],
  [
    'POST /api/v1/users',
    (w) => {
      const valid = { email: 'new@acme.test', firstName: 'New' };
      const with_ = (extra: Record<string, unknown>) => json('POST', usersUrl, { ...valid, ...extra });
      return [
        ...jsonBodyBasics('POST', usersUrl, valid),
        {
          what: 'CSV sent to the JSON-only route',
          request: raw('POST', usersUrl, 'Email\nnew@acme.test\n', 'text/csv'),
          status: 415,
        },
        {
          what: 'no email',
          request: json('POST', usersUrl, { firstName: 'New' }),
          status: 400,
          path: 'body.email',
        },
        { what: 'a number as email', request: with_({ email: 42 }), status: 400, path: 'body.email' },
        ...BAD_EMAILS.map((email) => ({
          what: `the invalid email "${email.slice(0, 30)}"`,
          request: with_({ email }),
          status: 400,
          path: 'body.email',
        })),
        {
          what: 'a number as first name',
          request: with_({ firstName: 1 }),
          status: 400,
          path: 'body.firstName',
        },
        {
          what: 'a first name of 101 characters',
          request: with_({ firstName: 'f'.repeat(101) }),
          status: 400,
          path: 'body.firstName',
        },
        {
          what: 'a last name of 101 characters',
          request: with_({ lastName: 'l'.repeat(101) }),
          status: 400,
          path: 'body.lastName',
        },
        {
          what: 'a language of 36 characters',
          request: with_({ language: 'l'.repeat(36) }),
          status: 400,
          path: 'body.language',
        },
        {
          what: 'a location of 201 characters',
          request: with_({ location: 'l'.repeat(201) }),
          status: 400,
          path: 'body.location',
        },
        {
          what: 'a role of 101 characters',
          request: with_({ role: 'r'.repeat(101) }),
          status: 400,
          path: 'body.role',
        },
        { what: 'an unknown status', request: with_({ status: 'banned' }), status: 400, path: 'body.status' },
        {
          what: 'a department id that is not a UUID',
          request: with_({ departmentId: 'Finance' }),
          status: 400,
          path: 'body.departmentId',
        },
        {
          what: 'a department that does not exist',
          request: with_({ departmentId: SOME_UUID }),
          status: 400,
          path: 'body.departmentId',
        },
        {
          what: 'a first name with a NUL character',
          request: with_({ firstName: 'a\u0000' }),
          status: 400,
          path: 'body.firstName',
        },
        {
          what: 'the email of an existing user, in other case',
          request: with_({ email: w.ann.email.toUpperCase() }),
          status: 409,
        },
      ];
    },
  ],
  ['GET /api/v1/users/:id', () => idParamBasics('GET', (id) => `${usersUrl}/${id}`)],
  [
    'PATCH /api/v1/users/:id',
    (w) => {
      const url = `${usersUrl}/${w.ann.id}`;
      return [
        ...jsonBodyBasics('PATCH', url, { firstName: 'Annie' }),
        ...idParamBasics('PATCH', (id) => `${usersUrl}/${id}`, { firstName: 'Annie' }),
        {
          what: 'an invalid email',
          request: json('PATCH', url, { email: 'ann' }),
          status: 400,
          path: 'body.email',
        },
        {
          what: 'a null email',
          request: json('PATCH', url, { email: null }),
          status: 400,
          path: 'body.email',
        },
        {
          what: 'a first name of 101 characters',
          request: json('PATCH', url, { firstName: 'f'.repeat(101) }),
          status: 400,
          path: 'body.firstName',
        },
        {
          what: 'an unknown status',
          request: json('PATCH', url, { status: 'deleted' }),
          status: 400,
          path: 'body.status',
        },
        {
          what: 'a department that does not exist',
          request: json('PATCH', url, { departmentId: SOME_UUID }),
          status: 400,
          path: 'body.departmentId',
        },
        {
          what: 'an id field in the body',
          request: json('PATCH', url, { id: w.bob.id }),
          status: 400,
          path: 'body',
        },
        {
          what: 'the email of another user',
          request: json('PATCH', url, { email: w.bob.email }),
          status: 409,
        },
      ];
    },
  ],
  ['POST /api/v1/users/:id/disable', () => idParamBasics('POST', (id) => `${usersUrl}/${id}/disable`)],
  ['POST /api/v1/users/:id/enable', () => idParamBasics('POST', (id) => `${usersUrl}/${id}/enable`)],
  ...(['disable', 'enable'] as const).map((action): [RouteKey, (w: World) => BadInput[]] => [
    `POST /api/v1/users/${action}`,
    (w) => {
      const url = `${usersUrl}/${action}`;
      return [
        ...jsonBodyBasics('POST', url, { userIds: [w.ann.id] }, { bigBody: true }),
        { what: 'no userIds', request: json('POST', url, {}), status: 400, path: 'body.userIds' },
        {
          what: 'an empty userIds list',
          request: json('POST', url, { userIds: [] }),
          status: 400,
          path: 'body.userIds',
        },
        {
          what: 'userIds as a string',
          request: json('POST', url, { userIds: w.ann.id }),
          status: 400,
          path: 'body.userIds',
        },
        {
          what: 'a user id that is not a UUID',
          request: json('POST', url, { userIds: [w.ann.id, 'bob'] }),
          status: 400,
          path: 'body.userIds.1',
        },
        {
          what: 'emails instead of user ids',
          request: json('POST', url, { emails: [w.ann.email] }),
          status: 400,
          path: 'body',
        },
      ];
    },
  ]),
  [
    'POST /api/v1/users/bulk',
    () => {
      const url = '/api/v1/users/bulk';
      const csv = (body: string, query = '') => raw('POST', `${url}${query}`, body, 'text/csv');
      const users = [{ email: 'new@acme.test' }];
      return [
        {
          what: 'malformed JSON',
          request: raw('POST', url, '{"users": [{"email": "a@acme.test"}', 'application/json'),
          status: 400,
        },
        {
          what: 'a bare JSON string (not CSV)',
          request: raw('POST', url, '"Email\\nnew@acme.test"', 'application/json'),
          status: 400,
          path: 'body',
        },
        {
          what: 'JSON null',
          request: raw('POST', url, 'null', 'application/json'),
          status: 400,
          path: 'body',
        },
        {
          what: 'a JSON array of users without the object around it',
          request: json('POST', url, users),
          status: 400,
          path: 'body',
        },
        {
          what: 'no users field',
          request: json('POST', url, { group: 'All' }),
          status: 400,
          path: 'body.users',
        },
        {
          what: 'an empty users list',
          request: json('POST', url, { users: [] }),
          status: 400,
          path: 'body.users',
        },
        {
          what: 'users as an object',
          request: json('POST', url, { users: { email: 'new@acme.test' } }),
          status: 400,
          path: 'body.users',
        },
        {
          what: 'an unknown top-level field',
          request: json('POST', url, { users, replace: true }),
          status: 400,
          path: 'body',
        },
        {
          what: 'a group name of 101 characters',
          request: json('POST', url, { users, group: 'g'.repeat(101) }),
          status: 400,
          path: 'body.group',
        },
        {
          what: 'an empty group name',
          request: json('POST', url, { users, group: ' ' }),
          status: 400,
          path: 'body.group',
        },
        {
          what: 'more than 100,000 users',
          request: json('POST', url, { users: Array.from({ length: 100_001 }, () => ({})) }),
          status: 400,
          path: 'body.users',
        },
        {
          what: 'a dryRun that is not true or false',
          request: json('POST', `${url}?dryRun=yes`, { users }),
          status: 400,
          path: 'querystring.dryRun',
        },
        {
          what: 'an unknown query parameter',
          request: json('POST', `${url}?mode=replace`, { users }),
          status: 400,
          path: 'querystring',
        },
        {
          what: 'a group of 101 characters in the query',
          request: csv('Email\nnew@acme.test\n', `?group=${'g'.repeat(101)}`),
          status: 400,
          path: 'querystring.group',
        },
        {
          what: 'a form-encoded body',
          request: raw('POST', url, 'email=new@acme.test', 'application/x-www-form-urlencoded'),
          status: 415,
        },
        {
          what: 'a CSV without an Email column',
          request: csv('First Name,Last Name\nNew,Person\n'),
          status: 400,
          path: 'body',
        },
        {
          what: 'a CSV with an E-mail header it does not know',
          request: csv('Mail,First Name\nnew@acme.test,New\n'),
          status: 400,
          path: 'body',
        },
        { what: 'an empty CSV', request: csv(''), status: 400, path: 'body' },
        { what: 'a CSV of blank lines', request: csv('\n\n\r\n'), status: 400, path: 'body' },
        {
          what: 'a CSV with the Email column twice',
          request: csv('Email,email\na@acme.test,b@acme.test\n'),
          status: 400,
          path: 'body',
        },
        {
          what: 'a CSV with a quote never closed',
          request: csv('Email,First Name\nnew@acme.test,"New\n'),
          status: 400,
          path: 'body',
        },
        {
          what: 'a CSV with text after a closing quote',
          request: csv('Email,First Name\nnew@acme.test,"New"er\n'),
          status: 400,
          path: 'body',
        },
        {
          what: 'a CSV with a NUL character',
          request: csv('Email,First Name\nnew@acme.test,Ne\u0000w\n'),
          status: 400,
          path: 'body',
        },
        {
          what: 'a CSV of more than 100,000 rows',
          request: csv(`Email\n${'x\n'.repeat(100_001)}`),
          status: 400,
          path: 'body',
        },
        {
          what: 'a JSON row with a NUL character',
          request: json('POST', url, { users: [{ email: 'new@acme.test', lastName: '\u0000' }] }),
          status: 400,
          path: 'body.users.0.lastName',
        },
        {
          what: 'NUL characters in two rows (the first is named)',
          request: json('POST', url, {
            users: [
              { email: 'new@acme.test', firstName: 'N', lastName: 'a\u0000' },
              { email: 'two@acme.test', lastName: 'b\u0000' },
            ],
          }),
          status: 400,
          path: 'body.users.0.lastName',
        },
      ];
    },
  ],
  ['POST /api/v1/departments', () => nameBodyBasics('POST', '/api/v1/departments')],
  ['GET /api/v1/departments/:id', () => idParamBasics('GET', (id) => `/api/v1/departments/${id}`)],
  [
    'PATCH /api/v1/departments/:id',
    (w) => [
      ...nameBodyBasics('PATCH', `/api/v1/departments/${w.department.id}`),
      ...idParamBasics('PATCH', (id) => `/api/v1/departments/${id}`, { name: 'Fine' }),
    ],
  ],
  ['DELETE /api/v1/departments/:id', () => idParamBasics('DELETE', (id) => `/api/v1/departments/${id}`)],
  [
    'GET /api/v1/groups',
    () => {
      const q = getWithQuery('/api/v1/groups');
      return [
        { what: 'an unknown kind', request: q('kind=secret'), status: 400, path: 'querystring.kind' },
        {
          what: 'a search over 100 characters',
          request: q(`search=${'s'.repeat(101)}`),
          status: 400,
          path: 'querystring.search',
        },
        {
          what: 'a search with a NUL character',
          request: q('search=%00'),
          status: 400,
          path: 'querystring.search',
        },
        { what: 'an unknown query parameter', request: q('limit=10'), status: 400, path: 'querystring' },
      ];
    },
  ],
  [
    'POST /api/v1/groups',
    () => [
      ...nameBodyBasics('POST', '/api/v1/groups'),
      {
        what: 'a kind (only custom groups are created here)',
        request: json('POST', '/api/v1/groups', { name: 'Smart', kind: 'smart' }),
        status: 400,
        path: 'body',
      },
      {
        what: 'the name of an existing group, in other case',
        request: json('POST', '/api/v1/groups', { name: 'PILOTS' }),
        status: 409,
      },
    ],
  ],
  ['GET /api/v1/groups/:id', () => idParamBasics('GET', (id) => `/api/v1/groups/${id}`)],
  [
    'PATCH /api/v1/groups/:id',
    (w) => [
      ...nameBodyBasics('PATCH', `/api/v1/groups/${w.group.id}`),
      ...idParamBasics('PATCH', (id) => `/api/v1/groups/${id}`, { name: 'Fine' }),
    ],
  ],
  ['DELETE /api/v1/groups/:id', () => idParamBasics('DELETE', (id) => `/api/v1/groups/${id}`)],
  [
    'GET /api/v1/groups/:id/members',
    (w) => [
      ...idParamBasics('GET', (id) => `/api/v1/groups/${id}/members`),
      ...userListQueryBasics(`/api/v1/groups/${w.group.id}/members`),
      {
        what: 'a groupId filter (the group is in the path)',
        request: { method: 'GET', url: `/api/v1/groups/${w.group.id}/members?groupId=${w.group.id}` },
        status: 400,
        path: 'querystring',
      },
    ],
  ],
  [
    'GET /api/v1/groups/:id/member-ids',
    (w) => {
      const q = getWithQuery(`/api/v1/groups/${w.group.id}/member-ids`);
      return [
        ...idParamBasics('GET', (id) => `/api/v1/groups/${id}/member-ids`),
        { what: 'an unknown status', request: q('status=banned'), status: 400, path: 'querystring.status' },
        {
          what: 'a department id that is not a UUID',
          request: q('departmentId=7'),
          status: 400,
          path: 'querystring.departmentId',
        },
        {
          what: 'a search over 200 characters',
          request: q(`search=${'a'.repeat(201)}`),
          status: 400,
          path: 'querystring.search',
        },
        {
          what: 'a search with a NUL character',
          request: q('search=a%00b'),
          status: 400,
          path: 'querystring.search',
        },
        { what: 'a sort (ids come unsorted)', request: q('sort=name'), status: 400, path: 'querystring' },
        {
          what: 'a page limit (all ids come at once)',
          request: q('limit=10'),
          status: 400,
          path: 'querystring',
        },
        {
          what: 'a groupId filter (the group is in the path)',
          request: q(`groupId=${w.group.id}`),
          status: 400,
          path: 'querystring',
        },
      ];
    },
  ],
  [
    'POST /api/v1/groups/:id/members',
    (w) => {
      const url = `/api/v1/groups/${w.group.id}/members`;
      return [
        ...jsonBodyBasics('POST', url, { userIds: [w.bob.id] }, { bigBody: true }),
        ...idParamBasics('POST', (id) => `/api/v1/groups/${id}/members`, { userIds: [w.bob.id] }),
        { what: 'neither userIds nor emails', request: json('POST', url, {}), status: 400, path: 'body' },
        {
          what: 'two empty lists',
          request: json('POST', url, { userIds: [], emails: [] }),
          status: 400,
          path: 'body',
        },
        {
          what: 'a user id that is not a UUID',
          request: json('POST', url, { userIds: [w.bob.id, 'ann'] }),
          status: 400,
          path: 'body.userIds.1',
        },
        {
          what: 'userIds as a string',
          request: json('POST', url, { userIds: w.bob.id }),
          status: 400,
          path: 'body.userIds',
        },
        ...BAD_EMAILS.map((email) => ({
          what: `the invalid email "${email.slice(0, 30)}" next to a good one`,
          request: json('POST', url, { emails: [w.bob.email, email] }),
          status: 400,
          path: 'body.emails.1',
        })),
        {
          what: 'a number in emails',
          request: json('POST', url, { emails: [7] }),
          status: 400,
          path: 'body.emails.0',
        },
        {
          what: 'a NUL character in the third email of a list',
          request: json('POST', url, { emails: [w.bob.email, w.ann.email, 'c\u0000@acme.test'] }),
          status: 400,
          path: 'body.emails.2',
        },
      ];
    },
  ],
  [
    'POST /api/v1/groups/:id/members/remove',
    (w) => {
      const url = `/api/v1/groups/${w.group.id}/members/remove`;
      return [
        ...jsonBodyBasics('POST', url, { userIds: [w.ann.id] }, { bigBody: true }),
        ...idParamBasics('POST', (id) => `/api/v1/groups/${id}/members/remove`, { userIds: [w.ann.id] }),
        { what: 'no userIds', request: json('POST', url, {}), status: 400, path: 'body.userIds' },
        {
          what: 'an empty userIds list',
          request: json('POST', url, { userIds: [] }),
          status: 400,
          path: 'body.userIds',
        },
        {
          what: 'a user id that is not a UUID',
          request: json('POST', url, { userIds: ['ann'] }),
          status: 400,
          path: 'body.userIds.0',
        },
        {
          what: 'emails (removal is by user id)',
          request: json('POST', url, { emails: [w.ann.email] }),
          status: 400,
          path: 'body',
        },
      ];
    },
  ],
  [
    'GET /api/v1/groups/:id/members.csv',
    () => idParamBasics('GET', (id) => `/api/v1/groups/${id}/members.csv`),
  ],
  [
    'GET /api/v1/groups/:id/enrollments.csv',
    () => idParamBasics('GET', (id) => `/api/v1/groups/${id}/enrollments.csv`),
  ],
  [
    'GET /api/v1/groups/:id/enrollment-counts',
    () => idParamBasics('GET', (id) => `/api/v1/groups/${id}/enrollment-counts`),
  ],
  [
    'GET /api/v1/courses/:id/enrollments.csv',
    () => idParamBasics('GET', (id) => `/api/v1/courses/${id}/enrollments.csv`),
  ],
  [
    'GET /api/v1/audit-log',
    () => {
      const q = getWithQuery('/api/v1/audit-log');
      return [
        ...limitBasics(q, 500),
        {
          what: 'a cursor that is not an entry id',
          request: q('cursor=abc'),
          status: 400,
          path: 'querystring.cursor',
        },
        {
          what: 'a cursor past the largest entry id',
          request: q('cursor=9999999999999999999'),
          status: 400,
          path: 'querystring.cursor',
        },
        {
          what: 'a since that is not a date',
          request: q('since=yesterday'),
          status: 400,
          path: 'querystring.since',
        },
        {
          what: 'a since of February 31st',
          request: q('since=2026-02-31T00:00:00Z'),
          status: 400,
          path: 'querystring.since',
        },
        {
          what: 'a since in year 0',
          request: q('since=0000-01-01T00:00:00Z'),
          status: 400,
          path: 'querystring.since',
        },
        {
          what: 'an until past year 9999',
          request: q('until=9999-12-31T23:00:00-05:00'),
          status: 400,
          path: 'querystring.until',
        },
        {
          what: 'an actorId that is not a UUID',
          request: q('actorId=admin'),
          status: 400,
          path: 'querystring.actorId',
        },
        {
          what: 'an action over 100 characters',
          request: q(`action=${'a'.repeat(101)}`),
          status: 400,
          path: 'querystring.action',
        },
        {
          what: 'an action with a NUL character',
          request: q('action=user.created%00'),
          status: 400,
          path: 'querystring.action',
        },
        {
          what: 'an unknown query parameter',
          request: q('orgId=00000000-0000-0000-0000-000000000000'),
          status: 400,
          path: 'querystring',
        },
      ];
    },
  ],
  [
    'GET /api/v1/phishing/campaigns',
    () => {
      const q = getWithQuery(campaignsUrl);
      return [
        { what: 'an unknown status', request: q('status=running'), status: 400, path: 'querystring.status' },
        {
          what: 'two statuses',
          request: q('status=draft&status=completed'),
          status: 400,
          path: 'querystring.status',
        },
        {
          what: 'a search of 201 characters',
          request: q(`search=${'s'.repeat(201)}`),
          status: 400,
          path: 'querystring.search',
        },
        ...limitBasics(q, 200),
        {
          what: 'a cursor this API never issued',
          request: q('cursor=not-a-cursor'),
          status: 400,
          path: 'querystring.cursor',
        },
        {
          what: 'a cursor whose value is not a timestamp',
          request: q(`cursor=${cursorOf(['yesterday', SOME_UUID])}`),
          status: 400,
          path: 'querystring.cursor',
        },
        {
          what: 'a cursor with an id that is not a UUID',
          request: q(`cursor=${cursorOf([new Date().toISOString(), "1' or 1=1"])}`),
          status: 400,
          path: 'querystring.cursor',
        },
        {
          what: 'a cursor of 501 characters',
          request: q(`cursor=${'a'.repeat(501)}`),
          status: 400,
          path: 'querystring.cursor',
        },
        { what: 'an unknown parameter', request: q('sort=name'), status: 400, path: 'querystring' },
      ];
    },
  ],
  ['POST /api/v1/phishing/campaigns', (w) => campaignBodyBasics('POST', campaignsUrl, w)],
  [
    'POST /api/v1/phishing/campaigns/audience-preview',
    (w) => {
      const url = `${campaignsUrl}/audience-preview`;
      const valid = { groupIds: [w.group.id] };
      return [
        ...jsonBodyBasics('POST', url, valid),
        {
          what: 'a group id that is not a UUID',
          request: json('POST', url, { groupIds: ['Pilots'] }),
          status: 400,
          path: 'body.groupIds.0',
        },
        {
          what: 'a group id instead of a list',
          request: json('POST', url, { groupIds: w.group.id }),
          status: 400,
          path: 'body.groupIds',
        },
        {
          what: 'a department id that is not a UUID',
          request: json('POST', url, { departmentIds: [7] }),
          status: 400,
          path: 'body.departmentIds.0',
        },
        {
          what: '10,001 user ids',
          request: json('POST', url, { userIds: Array.from({ length: 10_001 }, () => SOME_UUID) }),
          status: 400,
          path: 'body.userIds',
        },
        {
          what: 'a whole campaign (the preview takes only the audience)',
          request: json('POST', url, validCampaign(w)),
          status: 400,
          path: 'body',
        },
      ];
    },
  ],
  ['GET /api/v1/phishing/campaigns/:id', () => campaignIdBasics('GET', '')],
  [
    'PUT /api/v1/phishing/campaigns/:id',
    (w) => [
      ...campaignIdBasics('PUT', '', validCampaign(w)),
      ...campaignBodyBasics('PUT', `${campaignsUrl}/${w.draft.id}`, w),
      {
        what: 'a launched campaign (it cannot change)',
        request: json('PUT', `${campaignsUrl}/${w.launched.id}`, validCampaign(w)),
        status: 409,
      },
    ],
  ],
  [
    'DELETE /api/v1/phishing/campaigns/:id',
    (w) => [
      ...campaignIdBasics('DELETE', ''),
      {
        what: 'a launched campaign (it is cancelled instead)',
        request: { method: 'DELETE', url: `${campaignsUrl}/${w.launched.id}` },
        status: 409,
      },
    ],
  ],
  [
    'POST /api/v1/phishing/campaigns/:id/launch',
    (w) => [
      ...campaignIdBasics('POST', '/launch'),
      {
        what: 'a campaign already launched',
        request: { method: 'POST', url: `${campaignsUrl}/${w.launched.id}/launch` },
        status: 409,
      },
      {
        what: 'a draft aimed at nobody',
        request: { method: 'POST', url: `${campaignsUrl}/${w.draft.id}/launch` },
        status: 409,
      },
    ],
  ],
  [
    'POST /api/v1/phishing/campaigns/:id/cancel',
    (w) => [
      ...campaignIdBasics('POST', '/cancel'),
      {
        what: 'a draft (it is deleted instead)',
        request: { method: 'POST', url: `${campaignsUrl}/${w.draft.id}/cancel` },
        status: 409,
      },
    ],
  ],
  ['GET /api/v1/phishing/campaigns/:id/results', () => campaignIdBasics('GET', '/results')],
  ['GET /api/v1/phishing/campaigns/:id/results.csv', () => campaignIdBasics('GET', '/results.csv')],
  [
    'GET /api/v1/phishing/campaigns/:id/recipients',
    (w) => {
      const q = getWithQuery(`${campaignsUrl}/${w.launched.id}/recipients`);
      return [
        ...campaignIdBasics('GET', '/recipients'),
        {
          what: 'a campaign that never existed, filtered',
          request: {
            method: 'GET',
            url: `${campaignsUrl}/${SOME_UUID}/recipients?status=clicked&failed=true`,
          },
          status: 404,
        },
        { what: 'an unknown status', request: q('status=phished'), status: 400, path: 'querystring.status' },
        { what: 'failed as yes', request: q('failed=yes'), status: 400, path: 'querystring.failed' },
        ...limitBasics(q, 200),
        {
          what: 'a search of 201 characters',
          request: q(`search=${'s'.repeat(201)}`),
          status: 400,
          path: 'querystring.search',
        },
        {
          what: 'a cursor this API never issued',
          request: q('cursor=abc'),
          status: 400,
          path: 'querystring.cursor',
        },
        {
          what: 'a cursor with an id that is not a UUID',
          request: q(`cursor=${cursorOf(['bob@acme.test', "1' or 1=1"])}`),
          status: 400,
          path: 'querystring.cursor',
        },
        {
          what: 'a cursor with a NUL character',
          request: q(`cursor=${cursorOf(['\u0000', SOME_UUID])}`),
          status: 400,
          path: 'querystring.cursor',
        },
        { what: 'an unknown parameter', request: q('sort=email'), status: 400, path: 'querystring' },
      ];
    },
  ],
  [
    'GET /api/v1/phishing/campaigns/:id/recipients/:recipientId',
    (w) => {
      const url = (campaign: string, recipient: string) =>
        `${campaignsUrl}/${campaign}/recipients/${recipient}`;
      return [
        ...idParamBasics('GET', (id) => url(id, w.launched.recipientId)),
        {
          what: 'a recipient id that is not a UUID',
          request: { method: 'GET', url: url(w.launched.id, 'bob') },
          status: 400,
          path: 'params.recipientId',
        },
        {
          what: 'a recipient id with SQL in it',
          request: { method: 'GET', url: url(w.launched.id, "1'%20or%20'1'%3D'1") },
          status: 400,
          path: 'params.recipientId',
        },
        {
          what: 'a campaign that never existed',
          request: { method: 'GET', url: url(SOME_UUID, w.launched.recipientId) },
          status: 404,
        },
        {
          what: 'a recipient that never existed',
          request: { method: 'GET', url: url(w.launched.id, SOME_UUID) },
          status: 404,
        },
        {
          what: 'a recipient of another campaign',
          request: { method: 'GET', url: url(w.draft.id, w.launched.recipientId) },
          status: 404,
        },
      ];
    },
  ],
  [
    'PUT /api/v1/phishing/settings/phished-users',
    (w) => {
      const url = phishedUsersUrl;
      const valid = { enabled: true, groupName: 'Phished Users', removeAfter: 'never' };
      const bad = (what: string, change: Record<string, unknown>, path: string): BadInput => ({
        what,
        request: json('PUT', url, { ...valid, ...change }),
        status: 400,
        path,
      });
      return [
        ...jsonBodyBasics('PUT', url, valid),
        bad('no enabled', { enabled: undefined }, 'body.enabled'),
        bad('enabled as text', { enabled: 'yes' }, 'body.enabled'),
        bad('no group name', { groupName: undefined }, 'body.groupName'),
        bad('a group name of spaces only', { groupName: '  ' }, 'body.groupName'),
        bad('a group name of 201 characters', { groupName: 'g'.repeat(201) }, 'body.groupName'),
        bad('no removal period', { removeAfter: undefined }, 'body.removeAfter'),
        bad('removal after 2w', { removeAfter: '2w' }, 'body.removeAfter'),
        bad('removal after a number of days', { removeAfter: 30 }, 'body.removeAfter'),
        bad(
          'a course id that is not a UUID',
          { remediationCourseIds: ['phishing-101'] },
          'body.remediationCourseIds.0',
        ),
        bad(
          'a course id instead of a list',
          { remediationCourseIds: w.course.id },
          'body.remediationCourseIds',
        ),
        bad(
          '51 courses',
          { remediationCourseIds: Array.from({ length: 51 }, () => w.course.id) },
          'body.remediationCourseIds',
        ),
        bad(
          'a course that does not exist',
          { remediationCourseIds: [w.course.id, SOME_UUID] },
          'body.remediationCourseIds.1',
        ),
        bad('due in 0 days', { remediationDueDays: 0 }, 'body.remediationDueDays'),
        bad('due in 366 days', { remediationDueDays: 366 }, 'body.remediationDueDays'),
        bad('due in 1.5 days', { remediationDueDays: 1.5 }, 'body.remediationDueDays'),
        bad('due days as text', { remediationDueDays: '14' }, 'body.remediationDueDays'),
        bad('a group id (it is read-only)', { groupId: w.group.id }, 'body'),
        {
          what: 'the name of an existing group',
          request: json('PUT', url, { ...valid, groupName: 'Pilots' }),
          status: 409,
        },
      ];
    },
  ],
];

/** Routes that take no input at all: no parameters, no query, no body. */
const NO_INPUT: RouteKey[] = [
  'GET /api/v1/health',
  'GET /api/v1/auth/me',
  'POST /api/v1/auth/logout',
  'GET /api/v1/api-keys',
  'GET /api/v1/admins',
  'GET /api/v1/departments',
  'GET /api/v1/mail/settings',
  'POST /api/v1/learn/sign-out',
  'GET /api/v1/learn/me',
  'GET /api/v1/learn/tasks',
  'GET /api/v1/training/settings',
  'GET /api/v1/phishing/stats',
  'GET /api/v1/phishing/settings/phished-users',
];

async function aWorld(): Promise<World> {
  const org = await createOrg(t);
  const department = (
    await org.request({ method: 'POST', url: '/api/v1/departments', payload: { name: 'Finance' } })
  ).json();
  const [ann, bob] = await createUsers(org, [
    { email: 'ann@acme.test', firstName: 'Ann', departmentId: department.id },
    { email: 'bob@acme.test', firstName: 'Bob' },
  ]);
  const group = await createGroup(org, 'Pilots');
  await org.request({
    method: 'POST',
    url: `/api/v1/groups/${group.id}/members`,
    payload: { userIds: [ann!.id] },
  });
  const course = (
    await org.request({ method: 'POST', url: '/api/v1/courses', payload: VALID_COURSE })
  ).json();
  const enrolledCourse = (
    await org.request({ method: 'POST', url: '/api/v1/courses', payload: VALID_COURSE })
  ).json();
  const template = (
    await org.request({ method: 'POST', url: '/api/v1/phishing/templates', payload: VALID_TEMPLATE })
  ).json();
  const landingPage = (
    await org.request({
      method: 'POST',
      url: '/api/v1/phishing/landing-pages',
      payload: { name: 'Sign-in', html: '<form><input type="password"></form>' },
    })
  ).json();
  const assigned = await org.request({
    method: 'POST',
    url: '/api/v1/assignments',
    payload: { courseId: enrolledCourse.id, userIds: [ann!.id], dueAt: '2099-01-01T00:00:00Z' },
  });
  expect(assigned.statusCode).toBe(201);
  const draft = await createCampaign(org, {
    name: 'Draft',
    templateIds: [template.id],
    landingPageId: landingPage.id,
  });
  const launched = await launchCampaign(org, { name: 'Launched', userIds: [bob!.id] });
  const [recipient] = (await tokensOf(t, org.orgId, launched.id)).values();
  // Ann signed in to the learner portal (as an emailed link would do).
  const token = randomToken();
  await t.database.db
    .insertInto('learner_sessions')
    .values({
      token_hash: sha256(token),
      org_id: org.orgId,
      user_id: ann!.id,
      expires_at: new Date(Date.now() + 86400_000),
      created_at: new Date(),
    })
    .execute();
  return {
    org,
    ann: ann!,
    bob: bob!,
    department,
    group,
    course,
    template,
    landingPage,
    enrolledCourse,
    learner: { cookie: `heed_learner=${token}` },
    draft,
    launched: { id: launched.id, recipientId: recipient!.id },
  };
}

/** What the instance holds outside any organization's API view: organizations, admins, sessions, setup. */
async function instanceCounts(org: TestOrg) {
  const { rows } = await sql<Record<string, unknown>>`
    select (select count(*)::int from organizations) as organizations,
           (select count(*)::int from admins) as admins,
           (select count(*)::int from admin_sessions) as sessions,
           (select count(*)::int from setup_tokens where used_at is null) as open_setup_tokens,
           (select failed_login_count from admins where org_id = ${org.orgId}::uuid and role = 'owner') as owner_failed_sign_ins`.execute(
    t.database.db,
  );
  return rows[0];
}

let addressCounter = 0;

describe.each(CASES)('%s', (route, casesOf) => {
  it('answers every bad input with a clear 4xx problem and writes nothing', async () => {
    const w = await aWorld();
    // After each refused request, every stored row of the organization and of the instance is
    // compared (stored-state.ts: one statement), so a write is caught at the request that made it.
    // After the route's last case, everything the organization sees through the API is compared too
    // (state.ts: dozens of requests, cached pages included): campaigns as listed (status, funnel,
    // updatedAt) and the audit log (every API write is audited); each campaign's results,
    // recipients and CSV are read in the tenancy suite, where a change by another organization is
    // what is looked for.
    const depth = { phishingDetail: false };
    const before = await everythingOf(t, w.org, depth);
    const storedBefore = await storedStateOf(t.database.db, w.org.orgId);
    const countsBefore = await instanceCounts(w.org);
    const cases = casesOf(w);
    expect(cases.length).toBeGreaterThan(0);

    for (const c of cases) {
      const label = `${c.what} → ${c.status}`;
      expect(routeOf(routes, c.request.method ?? 'GET', String(c.request.url)), label).toBe(route);
      const response = await t.app.inject({
        ...c.request,
        // Sign-in and setup are rate-limited per address: each attempt comes from its own.
        remoteAddress: `198.51.100.${++addressCounter % 250}`,
        headers: { ...(c.asAdmin ? w.org.session : w.org.key), ...(c.request.headers ?? {}) },
      });
      expect(response.statusCode, `${label}: ${response.body.slice(0, 300)}`).toBe(c.status);
      expect(response.headers['content-type'], label).toMatch(/^application\/problem\+json/);
      const problem = response.json();
      expect(problem, label).toMatchObject({
        type: expect.stringMatching(/^https:\/\/heed\.dev\/problems\/[a-z-]+$/),
        title: expect.any(String),
        status: c.status,
        detail: expect.any(String),
      });
      expect(problem.title.length, label).toBeGreaterThan(0);
      expect(problem.detail.length, label).toBeGreaterThan(10);
      if (c.path) {
        expect(problem.type, label).toBe('https://heed.dev/problems/validation');
        expect(problem.errors, label).toEqual(
          expect.arrayContaining([{ path: c.path, message: expect.any(String) }]),
        );
        for (const error of problem.errors) expect(error.message.length, label).toBeGreaterThan(0);
      }
      expect(await storedStateOf(t.database.db, w.org.orgId), `${label}: something was written`).toEqual(
        storedBefore,
      );
      expect(await instanceCounts(w.org), `${label}: something was written`).toEqual(countsBefore);
    }
    expect(await everythingOf(t, w.org, depth), 'what the organization sees changed').toEqual(before);
  });
});

describe('bad rows of a bulk upload', () => {
  const upload = (org: TestOrg, body: string | object, contentType = 'text/csv') =>
    org.request({
      method: 'POST',
      url: '/api/v1/users/bulk',
      headers: { 'content-type': contentType },
      payload: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('reports an email repeated in one CSV on the row that repeats it, and keeps the first', async () => {
    const w = await aWorld();
    const response = await upload(
      w.org,
      ['Email,First Name', 'new@acme.test,First', 'other@acme.test,Other', 'NEW@acme.test,Second'].join('\n'),
    );
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      total: 3,
      created: 2,
      failed: 1,
      errors: [
        {
          row: 4,
          email: 'NEW@acme.test',
          message: 'Duplicate email: it already appears on row 2 of this upload.',
        },
      ],
    });
    const users = (await w.org.request({ method: 'GET', url: '/api/v1/users?search=new@' })).json().data;
    expect(users.map((u: { email: string; firstName: string }) => [u.email, u.firstName])).toEqual([
      ['new@acme.test', 'First'],
    ]);
  });

  it('reports an email repeated in one JSON upload, even one already stored, and applies only its first row', async () => {
    const w = await aWorld();
    const before = await everythingOf(t, w.org, { phishingDetail: false });
    const response = await upload(
      w.org,
      { users: [{ email: 'ann@acme.test' }, { email: ' Ann@Acme.test ', firstName: 'Overwritten' }] },
      'application/json',
    );
    expect(response.json()).toMatchObject({
      total: 2,
      created: 0,
      updated: 0,
      unchanged: 1,
      failed: 1,
      errors: [{ row: 2, email: 'Ann@Acme.test', message: expect.stringContaining('row 1') }],
    });
    expect(await everythingOf(t, w.org, { phishingDetail: false })).toEqual(before);
  });

  it('reports every bad row with its number and reason, and writes nothing when no row is good', async () => {
    const w = await aWorld();
    const before = await everythingOf(t, w.org, { phishingDetail: false });
    const csv = [
      'Email,First Name,Last Name,Department,Language,Location,Groups',
      'not-an-email,Bad,Email,,,,',
      `long@acme.test,${'f'.repeat(101)},,,,,`,
      `,No,Email,Finance,,,`,
      `dept@acme.test,,,${'d'.repeat(101)},,,`,
      `group@acme.test,,,,,,${'g'.repeat(101)}`,
      `lang@acme.test,,,,${'l'.repeat(36)},,`,
    ].join('\n');
    const response = await upload(w.org, csv);
    expect(response.statusCode).toBe(200);
    const report = response.json();
    expect(report).toMatchObject({ total: 6, created: 0, updated: 0, unchanged: 0, failed: 6 });
    expect(report.errors.map((e: { row: number }) => e.row)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(report.errors.map((e: { message: string }) => e.message)).toEqual([
      expect.stringMatching(/valid email/),
      expect.stringMatching(/First Name must be at most 100 characters/),
      expect.stringMatching(/Email is required/),
      expect.stringMatching(/Department must be at most 100 characters/),
      expect.stringMatching(/group name must be at most 100 characters/),
      expect.stringMatching(/Language must be at most 35 characters/),
    ]);
    expect(await everythingOf(t, w.org, { phishingDetail: false })).toEqual(before);
  });

  it('reports JSON rows with unknown fields or wrong types per row, and writes none of them', async () => {
    const w = await aWorld();
    const before = await everythingOf(t, w.org, { phishingDetail: false });
    const response = await upload(
      w.org,
      {
        users: [
          { email: 'new@acme.test', admin: true },
          { email: 42 },
          'just-a-string@acme.test',
          { email: 'groups@acme.test', groups: 'Pilots' },
          null,
          { email: 'ann@acme.test', firstName: ['Ann'] },
        ],
      },
      'application/json',
    );
    expect(response.statusCode).toBe(200);
    const report = response.json();
    expect(report).toMatchObject({ total: 6, created: 0, updated: 0, unchanged: 0, failed: 6 });
    expect(report.errors.map((e: { row: number; email: string | null }) => [e.row, e.email])).toEqual([
      [1, 'new@acme.test'],
      [2, null],
      [3, null],
      [4, 'groups@acme.test'],
      [5, null],
      [6, 'ann@acme.test'],
    ]);
    for (const error of report.errors) expect(error.message.length).toBeGreaterThan(5);
    expect(await everythingOf(t, w.org, { phishingDetail: false })).toEqual(before);
  });

  it('writes the good rows of a mixed upload and none of the bad ones', async () => {
    const w = await aWorld();
    const response = await upload(
      w.org,
      [
        'Email,First Name,Department',
        'good@acme.test,Good,Sales',
        `bad@acme.test,${'x'.repeat(101)},Legal`,
      ].join('\n'),
    );
    expect(response.json()).toMatchObject({ created: 1, failed: 1, departmentsCreated: 1 });
    const emails = (await w.org.request({ method: 'GET', url: '/api/v1/users?sort=email' }))
      .json()
      .data.map((u: { email: string }) => u.email);
    expect(emails).toEqual(['ann@acme.test', 'bob@acme.test', 'good@acme.test']);
    const departments = (await w.org.request({ method: 'GET', url: '/api/v1/departments' }))
      .json()
      .data.map((d: { name: string }) => d.name);
    expect(departments).toEqual(['Finance', 'Sales']);
  });
});

describe('coverage', () => {
  it('lists bad inputs for every /api/v1 route that takes input, and names the ones that take none', () => {
    const listed = [...CASES.map(([route]) => route), ...NO_INPUT].sort();
    expect(listed).toEqual([...routes].sort());
  });
});
