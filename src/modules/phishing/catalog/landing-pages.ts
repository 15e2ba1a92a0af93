/**
 * The built-in landing pages: sign-in style pages of a generic "Your organization", imitating no real
 * brand. Their forms carry no names, actions or methods: what someone types stays in the browser,
 * and the tracking server only learns that the form was submitted.
 */
import type { CatalogLandingPage } from './types.ts';

const STYLE = `<style>
*{box-sizing:border-box}
body{margin:0;min-height:100vh;background:#eef1f5;font-family:'Segoe UI',Helvetica,Arial,sans-serif;color:#1f2328;display:flex;align-items:center;justify-content:center}
.card{width:100%;max-width:400px;background:#ffffff;border-radius:8px;box-shadow:0 2px 10px rgba(0,0,0,.08);padding:36px 40px;margin:24px}
.brand{display:flex;align-items:center;gap:10px;font-weight:600;font-size:15px;margin-bottom:28px}
.logo{width:28px;height:28px;border-radius:6px;background:#0b5cad;display:inline-block}
h1{font-size:22px;font-weight:600;margin:0 0 8px}
p{font-size:14px;line-height:1.5;margin:0 0 20px;color:#4a4f55}
label{display:block;font-size:13px;font-weight:600;margin:0 0 6px}
input[type=email],input[type=password],input[type=text]{width:100%;padding:10px 12px;border:1px solid #c4c9d0;border-radius:4px;font-size:15px;margin:0 0 16px}
button{width:100%;padding:11px;border:0;border-radius:4px;background:#0b5cad;color:#ffffff;font-size:15px;font-weight:600;cursor:pointer}
.small{font-size:12px;color:#6a7078;margin:18px 0 0;text-align:center}
.doc{display:flex;gap:12px;align-items:center;border:1px solid #dde1e6;border-radius:6px;padding:12px 14px;margin:0 0 22px}
.doc-icon{width:34px;height:40px;border-radius:3px;background:#1f6f5c;flex:none}
.doc-name{font-size:14px;font-weight:600}
.doc-meta{font-size:12px;color:#6a7078}
</style>`;

export const BUILT_IN_LANDING_PAGES: CatalogLandingPage[] = [
  {
    key: 'generic-sign-in',
    version: 1,
    name: 'Account sign-in',
    html: `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in to your account</title>
${STYLE}
</head><body>
<main class="card">
<div class="brand"><span class="logo"></span>Your organization</div>
<h1>Sign in</h1>
<p>Use your work email address and password to continue.</p>
<form autocomplete="off">
<label for="email">Email address</label>
<input id="email" type="email" placeholder="name@yourorganization.com" required>
<label for="password">Password</label>
<input id="password" type="password" placeholder="Password" required>
<button type="submit">Sign in</button>
</form>
<p class="small">Having trouble signing in? Contact your IT service desk.</p>
</main>
</body></html>`,
  },
  {
    key: 'shared-document-sign-in',
    version: 1,
    name: 'Shared document: sign in to view',
    html: `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>A document was shared with you</title>
${STYLE}
</head><body>
<main class="card">
<div class="brand"><span class="logo"></span>Your organization · Documents</div>
<h1>A document was shared with you</h1>
<div class="doc"><span class="doc-icon"></span><div><div class="doc-name">Q3 Budget Review.xlsx</div><div class="doc-meta">Shared by Finance Team · 284 KB</div></div></div>
<p>To protect this file, confirm your identity with your work account.</p>
<form autocomplete="off">
<label for="email">Work email</label>
<input id="email" type="email" placeholder="name@yourorganization.com" required>
<label for="password">Password</label>
<input id="password" type="password" placeholder="Password" required>
<button type="submit">Verify and open</button>
</form>
<p class="small">Secured document access</p>
</main>
</body></html>`,
  },
];
