/**
 * The page behind the one-time setup link `npm start` prints on an empty instance. Until the web
 * console ships, this small page (plain HTML and a script, no framework) is the way in for people who
 * follow the link rather than the printed curl command.
 */
import type { FastifyInstance } from 'fastify';

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Set up Heed</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; background: #f5f6f8; color: #1d2330; margin: 0; }
  main { max-width: 420px; margin: 10vh auto; background: #fff; padding: 32px; border-radius: 12px; box-shadow: 0 2px 12px #0001; }
  h1 { font-size: 1.4rem; margin: 0 0 4px; } p { margin: 0 0 20px; color: #4a5265; }
  label { display: block; font-weight: 600; margin: 14px 0 4px; }
  input { width: 100%; box-sizing: border-box; padding: 9px 10px; border: 1px solid #c5cad6; border-radius: 8px; font: inherit; }
  button { margin-top: 22px; width: 100%; padding: 10px; border: 0; border-radius: 8px; background: #2f5bea; color: #fff; font: inherit; font-weight: 600; cursor: pointer; }
  button:disabled { opacity: .6; } .error { color: #b42318; margin-top: 14px; } .done a { color: #2f5bea; }
</style>
</head>
<body>
<main>
  <h1>Welcome to Heed</h1>
  <p>Create your organization and its owner account. This link works once.</p>
  <form id="setup" novalidate>
    <label for="organizationName">Organization name</label>
    <input id="organizationName" name="organizationName" required maxlength="200" autocomplete="organization">
    <label for="email">Your email</label>
    <input id="email" name="email" type="email" required maxlength="254" autocomplete="email">
    <label for="password">Password (at least 12 characters)</label>
    <input id="password" name="password" type="password" required minlength="12" maxlength="200" autocomplete="new-password">
    <button type="submit">Create organization</button>
    <div id="message" role="alert" class="error"></div>
  </form>
</main>
<script src="/setup.js"></script>
</body>
</html>`;

const SCRIPT = `
const form = document.getElementById('setup');
const message = document.getElementById('message');
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  message.textContent = '';
  const button = form.querySelector('button');
  button.disabled = true;
  const data = Object.fromEntries(new FormData(form));
  data.token = new URLSearchParams(location.search).get('token') || '';
  try {
    const response = await fetch('/api/v1/setup', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(data),
    });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      const field = body.errors && body.errors[0];
      message.textContent = field ? field.path.replace(/^body\\./, '') + ' ' + field.message : (body.detail || 'Setup failed.');
      button.disabled = false;
      return;
    }
    form.outerHTML = '<p class="done">Your organization <strong></strong> is ready and you are signed in. ' +
      'Create an API key and explore the API at <a href="/api/docs">/api/docs</a>.</p>';
    document.querySelector('.done strong').textContent = body.organization.name;
  } catch {
    message.textContent = 'Heed could not be reached. Check that the server is running and try again.';
    button.disabled = false;
  }
});
`;

export function registerSetupPage(app: FastifyInstance) {
  app.get('/setup', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(PAGE),
  );
  app.get('/setup.js', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').send(SCRIPT),
  );
}
