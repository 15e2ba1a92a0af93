import type { CatalogCourse } from './types.ts';

export const phishingBasics: CatalogCourse = {
  key: 'phishing-basics',
  version: 1,
  title: 'Spotting Phishing Emails',
  summary:
    'Learn the tell-tale signs of a phishing email, from look-alike sender addresses to fake login pages, and what to do when one lands in your inbox.',
  estimatedMinutes: 12,
  passMark: 80,
  lessons: [
    {
      title: 'Who is really writing to you?',
      markdown: `### What phishing is

Phishing is an email written to trick you into doing something that helps an attacker: clicking a link, opening a file, typing in a password or sending money. It is one of the most common ways attacks on organizations begin, because it is cheap to send and only needs to work once.

The good news: almost every phishing email has to fake **who it is from** and **why you should act now**. Once you know where to look, both often show.

### The name is not the address

Your email app shows a friendly **display name**, and anyone can set it to anything. An email that appears to come from "IT Service Desk" might really be:

\`IT Service Desk <it-support@acme-helpdesk.co>\`

If your organization is Acme and its real addresses end in \`@acme.com\`, this is a stranger's domain dressed up to look official. Open or tap the sender's name to see the **full address** before you trust it.

### Look-alike domains

Attackers register domains that pass a quick glance:

- **Swapped characters:** \`acrne.com\` (an "r" and an "n" posing as an "m"), or a zero in place of an "o".
- **Extra words:** \`acme-payroll.com\` or \`acme-helpdesk.co\` look related, but have nothing to do with \`acme.com\`.
- **Different endings:** \`acme.co\` or \`acme.cm\` instead of \`acme.com\`.
- **Trusted names at the front:** in \`acme.com.account-check.net\`, the real domain is \`account-check.net\`. Everything before it is decoration.

The part that tells you who owns a domain is **the end of it**, so read it from right to left.

### Real accounts, fake requests

Sometimes the address is genuine because a supplier's or colleague's mailbox has been **taken over**. A correct sender is not a free pass: an unexpected request to change bank details, buy something or "review a shared document" still deserves a second look, especially if the tone or timing feels unusual.`,
    },
    {
      title: 'Pressure, links and attachments',
      markdown: `### Pressure is the point

Phishing works by rushing you past your own judgement. Watch for messages that push an emotion:

- **Urgency:** "Your mailbox will be deleted in 2 hours."
- **Fear:** "Unusual sign-in detected. Confirm your identity or your account will be locked."
- **Authority:** "The CEO needs this done before the board meeting."
- **Curiosity or reward:** "Salary adjustments for your team (confidential)" or "You have a parcel waiting."

Real deadlines rarely depend on you clicking a link in the next ten minutes. When a message makes you feel hurried or anxious, **treat that feeling as a warning sign**.

### The link text can lie

The words you see in an email and the place a link actually goes are two separate things. A button that says **View invoice**, or even text that reads \`https://portal.acme.com\`, can lead anywhere.

Before clicking:

- On a computer, **hover** over the link and read the real address that appears at the bottom of the window or in a small pop-up.
- On a phone, **press and hold** the link to preview it without opening it.
- Check the domain using what you learned in the previous lesson.

Shortened links and **QR codes** hide the destination entirely, so be extra careful with them in messages you weren't expecting.

### Attachments

Attachments can install malware or open a fake login page. Be wary of:

- Office documents that ask you to **"Enable editing" or "Enable content"**. That is how malicious macros get to run.
- **HTML files** (\`.html\` or \`.htm\`) attached to an email. They often open a fake sign-in page straight from your own computer.
- **Zip files, especially password-protected ones** with the password in the email body. The password stops security tools from scanning inside.
- Unexpected "shared document", "fax" or "voicemail" notifications.

If you weren't expecting a file, **confirm with the sender through another channel** before opening it.`,
    },
    {
      title: 'Fake login pages',
      markdown: `### How credential harvesting works

Many phishing emails carry no malware at all. They simply send you to a **fake login page** that looks exactly like your email, file-sharing or payroll sign-in. Whatever you type goes straight to the attacker, who can then read your email, send more phishing to your colleagues from your account, or move on to other systems.

A typical example:

> **Subject:** Action required: 3 messages held for delivery
>
> Some incoming messages could not be delivered to your mailbox. Sign in below to release them.

The button leads to \`https://acme-mail365.com/login\`, a perfect copy of the sign-in page you see every day.

### Check before you type

Before entering a password, look at the **address bar, not the page**. Logos, colours and layout are trivial to copy; the real domain is not.

Useful habits:

- **Let your password manager help.** If it normally fills in your password but suddenly offers nothing, the domain may be wrong.
- **Be suspicious of sign-in prompts you didn't expect.** If clicking a link in an email leads straight to a login page, stop and think.
- **Go there yourself.** Open the service from a bookmark, an app or by typing the address you know, instead of following the link.
- A page that asks for your password **and then your MFA code** may be passing both to an attacker in real time. MFA helps a lot, but it can't protect a code you hand over.

### If you already typed your password

It happens, even to careful people. What matters now is speed:

1. **Change the password straight away**, on the real site, and anywhere else you used the same one.
2. **Report it to your security team immediately**, so they can end any sessions the attacker has opened and check for misuse.
3. **Tell them whether you also entered an MFA code** or approved a prompt.

Reporting within minutes can turn a serious incident into a non-event.`,
    },
    {
      title: 'What to do with a suspicious email',
      markdown: `### Report it

Your most useful move is also the simplest: **report the message**. Many organizations add a **Report** or **Report phishing** button to the email app; if yours doesn't have one, your security team will tell you where to send suspicious messages.

Reporting helps because:

- The security team can **remove the same email from everyone else's inbox**.
- They can **block the sender and the link** for the whole organization.
- Your report is often the **first sign** that an attack is under way.

You don't need to be sure it's phishing. A report that turns out to be harmless costs a minute; a missed attack can cost far more.

### Don't engage

Until a message has been checked:

- **Don't click links or scan QR codes** in it.
- **Don't open attachments** or enable content.
- **Don't reply**, not even to ask "is this real?". You would be talking to the attacker.
- **Don't forward it to colleagues** to ask their opinion. It spreads the risk; use the report option instead.

### Verify out of band

If a message might be genuine, such as a supplier chasing an invoice or IT asking you to update something, check it **through a different channel that you already trust**:

- Call the person on a number from your company directory or an earlier, known-good document, **never one from the suspicious email**.
- Go to the service directly through a bookmark or the official app.
- Contact the IT service desk through its usual portal or phone number.

Genuine senders won't mind you checking. Attackers will.

### If you clicked

Report it anyway, straight away, and say exactly what you did. Clicking a link is a mistake anyone can make; **staying quiet about it** is what gives an attacker time.

For more on recognising and reporting scams, see the UK NCSC's guidance on [phishing](https://www.ncsc.gov.uk/collection/phishing-scams).`,
    },
  ],
  quiz: [
    {
      prompt:
        'You receive an email from "IT Service Desk <it-support@acme-helpdesk.co>". Your organization\'s real email domain is acme.com. What does this tell you?',
      options: [
        'It is genuine, because the display name says IT Service Desk.',
        "The sender's domain is not your organization's, so treat the email as suspicious.",
        'It is genuine, because .co is just a short form of .com.',
        'It is safe as long as the email contains your company logo.',
      ],
      correct: [1],
      explanation:
        'Display names can be set to anything. The domain after the @ shows where the email really came from, and acme-helpdesk.co is not acme.com.',
    },
    {
      prompt:
        'An email contains a link whose text reads "https://portal.acme.com". What is the best way to check where it really goes?',
      options: [
        'Trust it, since the text shows the real company address.',
        'Click it and see whether the page looks right.',
        'Hover over it (or press and hold on a phone) to preview the real destination.',
        'Reply to the sender and ask whether the link is safe.',
      ],
      correct: [2],
      explanation:
        'The visible text and the actual destination of a link are separate things. Previewing shows where it really leads without opening it.',
    },
    {
      prompt: 'Which of these are warning signs of a phishing email? (Choose all that apply.)',
      options: [
        'It is addressed to you by your full name.',
        'It threatens to lock your account unless you act within the hour.',
        "It includes your organization's logo and email footer.",
        'It asks you to sign in through a link to acme-secure-login.net instead of acme.com.',
      ],
      correct: [1, 3],
      explanation:
        'Urgent threats and sign-in links to look-alike domains are classic signs of phishing. Your name, logo and footer are easy for attackers to copy, so they prove nothing either way.',
    },
    {
      prompt:
        'An email that appears to come from your HR team asks you to confirm your salary details through a link. You are not sure it is real. What is the best way to check?',
      options: [
        'Reply to the email and ask whether it is genuine.',
        'Click the link and see whether the page looks like the usual HR system.',
        'Call the phone number given in the email signature.',
        'Contact HR using details from your intranet or company directory.',
      ],
      correct: [3],
      explanation:
        'Replies, links and phone numbers in a suspicious email may all lead to the attacker. Checking through a channel you already trust is the only reliable confirmation.',
    },
    {
      prompt:
        'You clicked a link in an email and entered your password on a page you now think was fake. What should you do first?',
      options: [
        'Wait to see whether anything unusual happens to your account.',
        'Delete the email so that nobody else sees it.',
        'Change your password on the real site and report it to your security team right away.',
        'Run a virus scan and carry on if it finds nothing.',
      ],
      correct: [2],
      explanation:
        'Changing the password and reporting quickly lets the security team shut out the attacker before the password is used. A virus scan will not help, because the password was stolen rather than malware installed.',
    },
    {
      prompt: 'You are not sure whether an email is phishing. What is the best thing to do?',
      options: [
        "Report it using the report button or your security team's usual process.",
        'Delete it and move on.',
        'Forward it to your team and ask what they think.',
        'Open the link in a private browsing window to check it safely.',
      ],
      correct: [0],
      explanation:
        "Reporting lets the security team check the message and remove it from everyone else's inbox, and you don't need to be certain first. A private browsing window does not protect you from a malicious page.",
    },
  ],
};
