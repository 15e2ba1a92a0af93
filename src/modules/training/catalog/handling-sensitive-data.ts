import type { CatalogCourse } from './types.ts';

export const handlingSensitiveData: CatalogCourse = {
  key: 'handling-sensitive-data',
  version: 1,
  title: 'Handling Sensitive Data',
  summary:
    "Know what kind of information you're handling, share it only with the right people, avoid the everyday slips behind most data leaks, and dispose of it securely.",
  estimatedMinutes: 13,
  passMark: 80,
  lessons: [
    {
      title: "Know what you're handling",
      markdown: `### Not all data is equal

Every day you handle information with very different consequences if it leaks. A published price list doesn't matter; a spreadsheet of customers' bank details matters a great deal. **Classification** is simply a way of labelling information by how much harm its exposure would cause, so that everyone knows how to treat it.

### A typical scheme

Your organization's levels may have different names, but most schemes look something like this:

- **Public:** meant for anyone. Marketing material, published reports, job adverts.
- **Internal:** for staff only, with limited harm if it leaks. Internal news, org charts, most everyday documents.
- **Confidential:** could harm the organization, customers or staff if exposed. Contracts, financial figures, customer lists, HR cases.
- **Restricted** (or "highly confidential"): serious harm if exposed. Passwords and keys, health records, payment card data, merger plans, security reports.

Check your organization's own policy for the exact levels and the rules for each: where the data may be stored, who it may be shared with, and whether it must be encrypted.

### When in doubt, treat it as more sensitive

If a document isn't labelled, think about what's in it. **Personal data, financial data and anything about security** should generally be treated as at least confidential. You can always relax a classification later; you can't un-share something.

### Least privilege and need to know

**Least privilege** means people, and systems, get access only to what they need for their work, and no more. It limits the damage when an account is compromised or a mistake is made.

In practice:

- **Request only the access you need**, and tell IT when you no longer need it, for example after a project ends or you change roles.
- **Don't share your account**, or use someone else's to save time.
- **Don't pass information on just because you have it.** Ask yourself: does this person need it to do their job?
- **Report access you shouldn't have.** If you can suddenly see a folder of salary data, tell IT or your security team rather than looking around.`,
    },
    {
      title: 'Sharing files safely',
      markdown: `### Links are keys

Cloud storage makes sharing effortless, which is exactly what makes mistakes easy. A sharing link works like a **key**: anyone who gets hold of it may be able to open the door. Links get forwarded, pasted into chats and found in old email threads.

### Pick the right kind of link

Most file-sharing tools offer choices like these:

- **Specific people:** only the people you name can open it, after signing in. **The safest default for anything that isn't public.**
- **People in your organization:** anyone with a work account and the link.
- **Anyone with the link:** no sign-in needed. **Avoid this for anything confidential**; once the link travels, the file is effectively public.

Think about **permissions** too. Does the person need to **edit**, or would **view** do? Many tools also let you block downloads or set an **expiry date**, which is well worth using when sharing outside the organization.

### Share with care

- **Double-check who you're sharing with**, especially external addresses that look like internal ones.
- **Share the smallest thing that works**: one file rather than a whole folder, a summary rather than a full export of every customer's details.
- **Use approved tools.** Don't move work files to personal email, personal cloud storage or unapproved apps to work from home. Those copies sit outside your organization's protection and control.
- **Be careful with AI tools and free online converters.** Pasting confidential text into a public chatbot, or uploading a contract to a free PDF converter, is sharing it with a third party. Use only tools your organization has approved for that kind of data.

### Tidy up

Access often stays open long after it's needed. Every so often:

- **Review what you've shared**, particularly with external people and "anyone with the link".
- **Remove access** when a project ends or someone leaves.
- **Tell the owner** if you come across a document shared more widely than it should be.`,
    },
    {
      title: 'Email slips and the clean desk',
      markdown: `### The most common data leak

Many data breaches aren't hacks at all. They're **an email sent to the wrong person**. It usually happens like this:

- **Autocomplete** picks "Chris Martin (external)" instead of "Chris Martinez (HR)".
- **Reply all** sends a frank internal comment to a customer who was copied in.
- The **wrong attachment** goes out, or a spreadsheet with a hidden tab containing everyone's data.
- A message to a group of customers puts every address in **To or CC instead of BCC**, showing everyone who else is on the list.

### Before you press Send

- **Check every recipient**, especially when autocomplete suggests a name. Look at the full address, not just the name.
- **Open attachments before sending** to confirm it's the right file and version, and look for hidden sheets, comments and tracked changes.
- **Use BCC**, or better, a proper mailing tool, when writing to many external people who don't know each other.
- **Send a restricted link instead of the file** for sensitive documents, if your tools support it.
- **Add external recipients last**, once you've finished writing and checked the content.

### If it goes wrong

Mistakes happen. If you send something to the wrong person, **don't hide it: report it** to your security or data-protection team straight away. Some data breaches must be reported to regulators within tight deadlines, and the team can help contact the recipient, try to recall the message and work out whether anyone else needs to be told.

### Clean desk, locked screen

Information leaks physically too:

- **Lock your screen** every time you step away: Windows key + L on Windows, or Control + Command + Q on a Mac.
- **Clear your desk** of confidential papers at the end of the day, and lock them away.
- **Collect printouts straight away** rather than leaving them on a shared printer.
- **Mind what's visible**: whiteboards, screens in shared spaces, and what's behind you on a video call.
- **Mind what's audible**: confidential calls don't belong on trains or in cafés.`,
    },
    {
      title: 'Personal data and secure disposal',
      markdown: `### What counts as personal data

**Personal data** is any information about an identifiable person: names, email addresses, phone numbers, home addresses, ID numbers, photos, location data, online identifiers, and even opinions about someone. It covers customers, colleagues, job applicants and suppliers' staff alike.

Some kinds are **especially sensitive**, such as health information, ethnicity, religion, sexual orientation, political opinions, biometrics and criminal records. Financial details need extra care too. Expect stricter rules and tighter access for all of these.

### Privacy basics

Privacy laws around the world, such as the EU's GDPR, share a few common-sense principles:

- **Collect only what you need**, for a clear purpose.
- **Use it only for that purpose.** Data collected to run payroll shouldn't end up in a marketing list.
- **Keep it accurate**, and **keep it only as long as necessary**.
- **Protect it**, with access limited to the people who need it.
- **Respect people's rights.** Individuals can often ask to see, correct or delete their data. Pass such requests to your privacy or data-protection contact promptly, because legal deadlines apply.

You don't need to be a legal expert. If you're unsure whether you can use personal data in a particular way, **ask before you act**.

### Secure disposal

Information doesn't stop being sensitive when you've finished with it.

- **Paper:** use confidential waste bins or a cross-cut shredder, never the ordinary recycling.
- **Devices:** return old laptops, phones, USB drives and hard disks to IT. **Deleting files, or even formatting a drive, doesn't reliably remove data**; IT will wipe or destroy it properly.
- **Digital files:** follow your organization's **retention rules**. Delete what's no longer needed from shared drives, downloads folders and mailboxes, rather than keeping everything just in case.
- **Removable media:** avoid it where you can, and never throw away a USB stick or old phone that held work data.

Handled this way, data stays useful while it's needed, and harmless once it's gone.`,
    },
  ],
  quiz: [
    {
      prompt:
        "A spreadsheet contains customers' names, addresses and bank details, but has no classification label. How should you treat it?",
      options: [
        "As public, since it isn't labelled.",
        "As internal, since it's only used by staff.",
        'As at least confidential, because it contains personal and financial data.',
        'It depends on whether it is saved on a shared drive.',
      ],
      correct: [2],
      explanation:
        'A missing label does not make data less sensitive. Personal and financial data should be treated as at least confidential.',
    },
    {
      prompt: 'What does "least privilege" mean?',
      options: [
        'The most junior staff get access to the fewest systems.',
        'People get access only to what they need for their work.',
        'Everyone gets the same access, so that nobody is left out.',
        "Access is removed if you haven't signed in for a week.",
      ],
      correct: [1],
      explanation:
        'Least privilege limits access to what each role needs, which reduces the damage from compromised accounts and honest mistakes.',
    },
    {
      prompt: 'You need to share a confidential report with an external partner. Which option is best?',
      options: [
        'A link restricted to the specific people who need it, view-only, with an expiry date if available.',
        'An "anyone with the link" link, so they don\'t have to sign in.',
        'Upload it to your personal cloud storage and share it from there.',
        'Attach it to an email and copy in the whole project team.',
      ],
      correct: [0],
      explanation:
        "Restricting access to named people, with the least permission needed and an expiry date, keeps control even if the link is forwarded. Personal storage sits outside your organization's protection.",
    },
    {
      prompt: 'Which habits help prevent data leaks by email? (Choose all that apply.)',
      options: [
        'Putting everyone in CC so that all recipients can see who received the message.',
        'Checking the full address of each recipient when autocomplete suggests a name.',
        'Relying on autocomplete, since it remembers the right people.',
        "Using BCC when emailing a group of external people who don't know each other.",
      ],
      correct: [1, 3],
      explanation:
        "Checking full addresses catches autocomplete mistakes, and BCC keeps recipients' addresses private. CC exposes everyone's address, and autocomplete is a common cause of misdirected email.",
    },
    {
      prompt:
        'You realise you have emailed a file containing staff salaries to the wrong external address. What should you do?',
      options: [
        "Nothing; the recipient probably won't open it.",
        'Delete the message from your Sent folder.',
        'Report it to your security or data-protection team straight away.',
        'Email the recipient asking them to delete it, and leave it at that.',
      ],
      correct: [2],
      explanation:
        'Misdirected personal data can be a reportable breach with legal deadlines. The team can try to recall the message and handle contact with the recipient properly.',
    },
    {
      prompt: 'What is the right way to dispose of an old work laptop?',
      options: [
        'Delete your files, empty the recycle bin and put it in electronics recycling.',
        'Reset it to factory settings and sell it.',
        'Keep it in a drawer in case you need the files later.',
        'Return it to IT, so the data can be wiped or the drive destroyed properly.',
      ],
      correct: [3],
      explanation:
        "Deleted files and even reset drives can often be recovered. IT can wipe or destroy storage securely and keep track of the organization's devices.",
    },
  ],
};
