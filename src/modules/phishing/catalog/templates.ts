/**
 * The built-in lures. Each imitates an email people really get at work, with the small mistakes a real
 * phish has (a look-alike sender, pressure, a link that goes elsewhere), graded by how hard they are to
 * spot. No real brand is named or imitated: senders are generic services on made-up domains.
 */
import type { CatalogTemplate } from './types.ts';

interface Layout {
  /** The sender's banner: a name in the header bar. */
  banner: string;
  /** The header bar's colour. */
  accent: string;
  /** The message, HTML (may use {{variables}}). */
  body: string;
  /** Small print under the message. */
  footer: string;
}

/** A plain corporate notification layout (tables and inline styles, as mail clients need). */
function layout({ banner, accent, body, footer }: Layout): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"></head>
<body style="margin:0;padding:0;background:#f3f4f6;font-family:Segoe UI,Helvetica,Arial,sans-serif;color:#222222">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f4f6;padding:24px 0">
<tr><td align="center">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border:1px solid #e1e4e8">
<tr><td style="background:${accent};padding:14px 28px;color:#ffffff;font-size:16px;font-weight:600">${banner}</td></tr>
<tr><td style="padding:28px;font-size:14px;line-height:1.6">
${body}
</td></tr>
<tr><td style="padding:16px 28px;border-top:1px solid #e1e4e8;color:#777777;font-size:11px;line-height:1.5">${footer}</td></tr>
</table>
</td></tr>
</table>
{{trackingPixel}}
</body></html>`;
}

const button = (label: string, color = '#0b5cad') =>
  `<p style="margin:24px 0"><a href="{{link}}" style="background:${color};color:#ffffff;text-decoration:none;padding:11px 22px;border-radius:4px;display:inline-block;font-weight:600">${label}</a></p>`;

export const BUILT_IN_TEMPLATES: CatalogTemplate[] = [
  {
    key: 'password-expiry',
    version: 1,
    name: 'Password expires today',
    category: 'IT & accounts',
    difficulty: 'easy',
    subject: 'Your network password expires in 24 hours',
    senderName: 'IT Service Desk',
    senderAddress: 'it-servicedesk@account-notices.net',
    htmlBody: layout({
      banner: 'IT Service Desk',
      accent: '#2f3b4c',
      body: `<p>Dear {{firstName}},</p>
<p>The password for your account <strong>{{email}}</strong> will expire in <strong>24 hours</strong>.</p>
<p>To avoid losing access to email, files and other company systems, keep your current password or choose a new one now:</p>
${button('Keep current password')}
<p>If no action is taken, your account will be locked and you will need to call the service desk to unlock it.</p>
<p>Thank you,<br>IT Service Desk</p>`,
      footer: 'This is an automated message from the IT Service Desk. Please do not reply to this email.',
    }),
    textBody: `Dear {{firstName}},

The password for your account {{email}} will expire in 24 hours.

To avoid losing access to email, files and other company systems, keep your current password or choose a new one now:
{{link}}

If no action is taken, your account will be locked and you will need to call the service desk to unlock it.

Thank you,
IT Service Desk

This is an automated message from the IT Service Desk. Please do not reply to this email.`,
    redFlags: [
      'The sender’s address ends in account-notices.net, not your organization’s own domain.',
      'It threatens to lock your account within 24 hours to rush you.',
      'Real IT teams never offer to let you “keep” an expiring password through an email link.',
      'The link leads to a sign-in page that is not your organization’s usual one.',
    ],
  },
  {
    key: 'shared-document',
    version: 1,
    name: 'Document shared with you',
    category: 'Collaboration',
    difficulty: 'medium',
    subject: '{{firstName}}, "Q3 Budget Review.xlsx" was shared with you',
    senderName: 'Document Sharing',
    senderAddress: 'no-reply@docs-share-notify.com',
    htmlBody: layout({
      banner: 'Document Sharing',
      accent: '#1f6f5c',
      body: `<p>Hello {{firstName}},</p>
<p><strong>Finance Team</strong> shared a file with you:</p>
<table role="presentation" cellpadding="0" cellspacing="0" style="border:1px solid #d9dde3;border-radius:6px;width:100%">
<tr><td style="padding:14px 16px;font-size:14px"><strong>Q3 Budget Review.xlsx</strong><br><span style="color:#666666;font-size:12px">Spreadsheet · 284 KB · Edited 2 hours ago</span></td></tr>
</table>
<p style="margin-top:16px">“Please review your department’s figures before Thursday’s meeting.”</p>
${button('Open document', '#1f6f5c')}
<p style="color:#666666;font-size:12px">You are receiving this email because a file was shared with {{email}}.</p>`,
      footer: 'Document Sharing notifications · Manage your notification settings in your account.',
    }),
    textBody: `Hello {{firstName}},

Finance Team shared a file with you:

Q3 Budget Review.xlsx (Spreadsheet, 284 KB, edited 2 hours ago)

"Please review your department's figures before Thursday's meeting."

Open document: {{link}}

You are receiving this email because a file was shared with {{email}}.`,
    redFlags: [
      'The notification comes from docs-share-notify.com, not the file-sharing service your organization uses.',
      'The “Finance Team” sharer has no name or address you can check.',
      'The document link asks you to sign in again, which shared files you already have access to do not need.',
      'A budget spreadsheet with a deadline plays on curiosity and urgency.',
    ],
  },
  {
    key: 'overdue-invoice',
    version: 1,
    name: 'Overdue invoice',
    category: 'Finance',
    difficulty: 'medium',
    subject: 'Payment reminder: invoice INV-20418 is 14 days overdue',
    senderName: 'Accounts Receivable',
    senderAddress: 'billing@northwind-invoicing.com',
    htmlBody: layout({
      banner: 'Northwind Supplies · Accounts Receivable',
      accent: '#7a4a12',
      body: `<p>Dear {{firstName}} {{lastName}},</p>
<p>Our records show that the following invoice addressed to your department is now <strong>14 days overdue</strong>:</p>
<table role="presentation" cellpadding="6" cellspacing="0" style="border-collapse:collapse;font-size:14px">
<tr><td style="color:#666666">Invoice</td><td><strong>INV-20418</strong></td></tr>
<tr><td style="color:#666666">Amount due</td><td><strong>$4,860.00</strong></td></tr>
<tr><td style="color:#666666">Due date</td><td>14 days ago</td></tr>
</table>
<p>Please review the invoice and arrange payment to avoid a late fee of 5% and a hold on further deliveries.</p>
${button('View invoice', '#7a4a12')}
<p>If payment has already been made, please disregard this reminder.</p>
<p>Kind regards,<br>Accounts Receivable<br>Northwind Supplies</p>`,
      footer: 'Northwind Supplies · Accounts Receivable · This mailbox is not monitored.',
    }),
    textBody: `Dear {{firstName}} {{lastName}},

Our records show that the following invoice addressed to your department is now 14 days overdue:

Invoice: INV-20418
Amount due: $4,860.00
Due date: 14 days ago

Please review the invoice and arrange payment to avoid a late fee of 5% and a hold on further deliveries.

View invoice: {{link}}

If payment has already been made, please disregard this reminder.

Kind regards,
Accounts Receivable
Northwind Supplies`,
    redFlags: [
      'You were not expecting an invoice from this supplier, and it is not sent to your accounts payable team.',
      'A late fee and a delivery hold are threatened to make you act before checking.',
      'The invoice is behind a link instead of being attached or sent through your usual purchasing system.',
      'The mailbox “is not monitored”, so you cannot reply to ask a question.',
    ],
  },
  {
    key: 'parcel-delivery',
    version: 1,
    name: 'Missed parcel delivery',
    category: 'Delivery',
    difficulty: 'easy',
    subject: 'Delivery attempt failed: your parcel is waiting',
    senderName: 'Parcel Tracking',
    senderAddress: 'notifications@parcel-track-delivery.com',
    htmlBody: layout({
      banner: 'Parcel Tracking',
      accent: '#b4361f',
      body: `<p>Hello {{firstName}},</p>
<p>We tried to deliver your parcel today but nobody was available to receive it.</p>
<table role="presentation" cellpadding="6" cellspacing="0" style="border-collapse:collapse;font-size:14px">
<tr><td style="color:#666666">Tracking number</td><td><strong>PT 4471 9920 318</strong></td></tr>
<tr><td style="color:#666666">Status</td><td>Held at depot</td></tr>
<tr><td style="color:#666666">Outstanding fee</td><td>$2.99 (redelivery)</td></tr>
</table>
<p>Choose a new delivery date and pay the small redelivery fee within <strong>48 hours</strong>, or the parcel will be returned to the sender.</p>
${button('Reschedule delivery', '#b4361f')}
<p>Thank you for choosing us.</p>`,
      footer: 'Parcel Tracking notifications. Please do not reply to this message.',
    }),
    textBody: `Hello {{firstName}},

We tried to deliver your parcel today but nobody was available to receive it.

Tracking number: PT 4471 9920 318
Status: Held at depot
Outstanding fee: $2.99 (redelivery)

Choose a new delivery date and pay the small redelivery fee within 48 hours, or the parcel will be returned to the sender.

Reschedule delivery: {{link}}

Thank you for choosing us.`,
    redFlags: [
      'It does not say what the parcel is or who sent it.',
      'Delivery companies do not ask for a small fee by email link; the fee is a way to collect card details.',
      'The 48-hour deadline is there to rush you.',
      'It came to your work address, though you may not have ordered anything to work.',
    ],
  },
  {
    key: 'hr-policy-update',
    version: 1,
    name: 'HR policy acknowledgement',
    category: 'HR',
    difficulty: 'medium',
    subject: 'Action required: acknowledge the updated remote work policy by Friday',
    senderName: 'Human Resources',
    senderAddress: 'hr-policies@people-portal.net',
    htmlBody: layout({
      banner: 'Human Resources',
      accent: '#5b3f8c',
      body: `<p>Dear {{firstName}},</p>
<p>We have updated our <strong>Remote and Hybrid Work Policy</strong>. The changes affect office attendance, equipment allowances and working-hours expectations for the {{department}} team.</p>
<p>All employees must read and acknowledge the updated policy <strong>by Friday</strong>. Employees who have not acknowledged it by then may have remote work arrangements paused until they do.</p>
${button('Review and acknowledge', '#5b3f8c')}
<p>If you have questions, please contact your HR business partner.</p>
<p>Best regards,<br>Human Resources</p>`,
      footer: 'You received this message because you are listed as an employee. People Portal notifications.',
    }),
    textBody: `Dear {{firstName}},

We have updated our Remote and Hybrid Work Policy. The changes affect office attendance, equipment allowances and working-hours expectations for the {{department}} team.

All employees must read and acknowledge the updated policy by Friday. Employees who have not acknowledged it by then may have remote work arrangements paused until they do.

Review and acknowledge: {{link}}

If you have questions, please contact your HR business partner.

Best regards,
Human Resources`,
    redFlags: [
      'The sender’s domain is people-portal.net, not your organization’s.',
      'A policy change that affects your working arrangements is used as a threat to make you click quickly.',
      'HR announcements usually link to your intranet or HR system, which you can open yourself instead.',
      'It names no HR contact by name, only “your HR business partner”.',
    ],
  },
  {
    key: 'mfa-reset',
    version: 1,
    name: 'Re-register sign-in verification',
    category: 'IT & accounts',
    difficulty: 'hard',
    subject: 'Security update: re-register your sign-in verification method',
    senderName: 'Identity & Access Team',
    senderAddress: 'security@identity-verify-center.com',
    htmlBody: layout({
      banner: 'Identity & Access',
      accent: '#0b4f8a',
      body: `<p>Hi {{firstName}},</p>
<p>As part of this quarter’s security improvements, we are moving all accounts to a stronger sign-in verification method. Your current method for <strong>{{email}}</strong> will stop working after the migration window closes.</p>
<p>Re-registering takes about two minutes:</p>
<ol style="padding-left:20px">
<li>Sign in with your work account.</li>
<li>Confirm the code sent to your phone.</li>
<li>Choose your new verification method.</li>
</ol>
${button('Start re-registration', '#0b4f8a')}
<p>Accounts that have not re-registered will be asked to verify with the service desk before they can sign in again.</p>
<p>Thanks for helping keep our accounts secure,<br>Identity &amp; Access Team</p>`,
      footer: 'Identity & Access Team · Security notification · Ref. IAM-2291',
    }),
    textBody: `Hi {{firstName}},

As part of this quarter's security improvements, we are moving all accounts to a stronger sign-in verification method. Your current method for {{email}} will stop working after the migration window closes.

Re-registering takes about two minutes:
1. Sign in with your work account.
2. Confirm the code sent to your phone.
3. Choose your new verification method.

Start re-registration: {{link}}

Accounts that have not re-registered will be asked to verify with the service desk before they can sign in again.

Thanks for helping keep our accounts secure,
Identity & Access Team`,
    redFlags: [
      'It asks you to sign in and then confirm a code from your phone: exactly what an attacker needs to get past multi-factor authentication.',
      'The sender’s domain, identity-verify-center.com, is not your organization’s.',
      'It sounds routine and helpful, with a reference number, to lower your guard.',
      'A real change of sign-in method would be announced through channels you can check, such as the intranet or your manager.',
    ],
  },
  {
    key: 'payroll-direct-deposit',
    version: 1,
    name: 'Confirm payroll bank details',
    category: 'Finance',
    difficulty: 'hard',
    subject: 'Payroll: confirm your direct deposit details before the next pay run',
    senderName: 'Payroll Services',
    senderAddress: 'payroll@payroll-services-online.com',
    htmlBody: layout({
      banner: 'Payroll Services',
      accent: '#245c3a',
      body: `<p>Dear {{firstName}} {{lastName}},</p>
<p>We are moving to a new payroll platform from the next pay run. To make sure your salary is paid on time, please confirm your direct deposit details in the new employee portal.</p>
<p>Please have your bank account details ready. Confirmation takes less than five minutes.</p>
${button('Confirm my details', '#245c3a')}
<p>Employees who have not confirmed their details before the cut-off may see their payment delayed until the following pay run.</p>
<p>Regards,<br>Payroll Services</p>`,
      footer: 'Payroll Services · Confidential: intended only for {{email}}.',
    }),
    textBody: `Dear {{firstName}} {{lastName}},

We are moving to a new payroll platform from the next pay run. To make sure your salary is paid on time, please confirm your direct deposit details in the new employee portal.

Please have your bank account details ready. Confirmation takes less than five minutes.

Confirm my details: {{link}}

Employees who have not confirmed their details before the cut-off may see their payment delayed until the following pay run.

Regards,
Payroll Services

Confidential: intended only for {{email}}.`,
    redFlags: [
      'It asks for bank account details through an email link, which payroll teams do not do.',
      'The threat of a delayed salary is meant to make you act without checking.',
      'The sender’s domain, payroll-services-online.com, is not your organization’s or its payroll provider’s.',
      'A change of payroll platform would be announced by your organization, not only by an unknown sender.',
    ],
  },
  {
    key: 'mailbox-quota',
    version: 1,
    name: 'Mailbox almost full',
    category: 'IT & accounts',
    difficulty: 'easy',
    subject: 'Warning: your mailbox is 98% full',
    senderName: 'Mail Administrator',
    senderAddress: 'postmaster@mailbox-admin-alerts.com',
    htmlBody: layout({
      banner: 'Mailbox Administrator',
      accent: '#8a1c1c',
      body: `<p>Dear user,</p>
<p>Your mailbox <strong>{{email}}</strong> has used <strong>98%</strong> of its storage quota (4.91 GB of 5 GB).</p>
<p>When it is full you will no longer be able to send or receive email, and incoming messages will be returned to their senders.</p>
<p>Increase your storage for free now:</p>
${button('Increase mailbox storage', '#8a1c1c')}
<p>Mail Administrator</p>`,
      footer: 'Automated message. Do not reply.',
    }),
    textBody: `Dear user,

Your mailbox {{email}} has used 98% of its storage quota (4.91 GB of 5 GB).

When it is full you will no longer be able to send or receive email, and incoming messages will be returned to their senders.

Increase your storage for free now: {{link}}

Mail Administrator

Automated message. Do not reply.`,
    redFlags: [
      'It greets you as “Dear user”, not by name.',
      'The sender, mailbox-admin-alerts.com, is not your organization’s IT team.',
      'It threatens that you will stop receiving email to make you act fast.',
      'Mailbox storage is managed by your IT team: there is nothing to “increase” through a link.',
    ],
  },
  {
    key: 'calendar-invite',
    version: 1,
    name: 'Meeting invitation: team changes',
    category: 'Collaboration',
    difficulty: 'hard',
    subject: 'Invitation: {{department}} organisation update (Thu 10:00)',
    senderName: 'Office of the COO',
    senderAddress: 'calendar@meeting-invites.co',
    htmlBody: layout({
      banner: 'Meeting invitation',
      accent: '#3d4a5c',
      body: `<p>Hi {{firstName}},</p>
<p>You have been invited to a meeting.</p>
<table role="presentation" cellpadding="6" cellspacing="0" style="border-collapse:collapse;font-size:14px">
<tr><td style="color:#666666">Title</td><td><strong>{{department}} organisation update</strong></td></tr>
<tr><td style="color:#666666">When</td><td>Thursday, 10:00 – 10:30</td></tr>
<tr><td style="color:#666666">Where</td><td>Online meeting</td></tr>
<tr><td style="color:#666666">Organiser</td><td>Office of the COO</td></tr>
</table>
<p>Agenda: upcoming changes to team structure and reporting lines. Please review the attached briefing before the meeting. It is confidential and not to be forwarded.</p>
${button('View briefing and respond', '#3d4a5c')}
<p style="color:#666666;font-size:12px">Accept · Tentative · Decline</p>`,
      footer:
        'Invitation sent to {{email}}. Forwarding this invitation might allow any recipient to respond.',
    }),
    textBody: `Hi {{firstName}},

You have been invited to a meeting.

Title: {{department}} organisation update
When: Thursday, 10:00 - 10:30
Where: Online meeting
Organiser: Office of the COO

Agenda: upcoming changes to team structure and reporting lines. Please review the attached briefing before the meeting. It is confidential and not to be forwarded.

View briefing and respond: {{link}}

Invitation sent to {{email}}.`,
    redFlags: [
      'The invitation comes from meeting-invites.co, not from a colleague’s address inside your organization.',
      'The organiser is an office, not a person you could ask about the meeting.',
      'News about team changes plays on worry and curiosity, and “confidential, do not forward” discourages you from checking with anyone.',
      'A real invitation opens in your calendar; this one asks you to follow a link to read a “briefing”.',
    ],
  },
  {
    key: 'voicemail',
    version: 1,
    name: 'New voicemail message',
    category: 'Collaboration',
    difficulty: 'medium',
    subject: 'New voicemail from +1 (555) 014-2283 (0:47)',
    senderName: 'Voice Messaging',
    senderAddress: 'voicemail@unified-voice-msg.com',
    htmlBody: layout({
      banner: 'Voice Messaging',
      accent: '#1b5e7a',
      body: `<p>You have a new voice message.</p>
<table role="presentation" cellpadding="6" cellspacing="0" style="border-collapse:collapse;font-size:14px">
<tr><td style="color:#666666">From</td><td><strong>+1 (555) 014-2283</strong></td></tr>
<tr><td style="color:#666666">To</td><td>{{firstName}} {{lastName}}</td></tr>
<tr><td style="color:#666666">Length</td><td>0:47</td></tr>
<tr><td style="color:#666666">Received</td><td>Today</td></tr>
</table>
${button('Play message', '#1b5e7a')}
<p style="color:#666666;font-size:12px">To listen, sign in with your work account. Messages are deleted after 7 days.</p>`,
      footer:
        'Unified Voice Messaging · You are receiving this because voicemail-to-email is enabled for {{email}}.',
    }),
    textBody: `You have a new voice message.

From: +1 (555) 014-2283
To: {{firstName}} {{lastName}}
Length: 0:47
Received: Today

Play message: {{link}}

To listen, sign in with your work account. Messages are deleted after 7 days.`,
    redFlags: [
      'Does your organization’s phone system send voicemails by email at all? If not, this cannot be yours.',
      'Listening to a message should not need you to sign in with your work password.',
      'The sender’s domain, unified-voice-msg.com, is not your organization’s.',
      'An unknown number and a message that will be “deleted after 7 days” push you to act without thinking.',
    ],
  },
];
