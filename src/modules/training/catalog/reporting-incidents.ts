import type { CatalogCourse } from './types.ts';

export const reportingIncidents: CatalogCourse = {
  key: 'reporting-incidents',
  version: 1,
  title: 'Reporting Security Incidents',
  summary:
    'What counts as a security incident, why reporting quickly matters more than anything else, how to do it, and what to avoid, even when the mistake was yours.',
  estimatedMinutes: 10,
  passMark: 80,
  lessons: [
    {
      title: 'What counts as an incident',
      markdown: `### More than hackers

A **security incident** is anything that might put your organization's information or systems at risk: data seen by the wrong people, changed when it shouldn't be, or made unavailable. That sounds abstract, so here are everyday examples:

- You **clicked a link** or **entered your password** on a page that now seems fake.
- You **opened an attachment** and something odd happened, or nothing visible happened, which is also odd.
- You received **MFA prompts** you didn't ask for.
- A **laptop, phone, pass or USB drive** is lost or stolen.
- You **sent data to the wrong person** or shared a link too widely.
- Your computer is behaving strangely: **files renamed or won't open**, unfamiliar programs, security tools switched off, or a ransom message.
- Someone asked for information, money or access in a way that felt **off**, by phone, email, text or in person.
- You spot a **stranger** in a secure area, or a door that should be locked propped open.
- You can **see data you shouldn't** have access to.

### Near misses count too

You **didn't** click the link, but the email was convincing? Report it. Spotted a suspicious caller and hung up? Report that too. Near misses show the security team what's being tried, and who else might be a target.

### If in doubt, report

You don't have to decide whether something is serious enough. That's the security team's job, and they would much rather look at ten harmless reports than miss one real attack.

**Your part is simple: notice, and tell.**`,
    },
    {
      title: 'Why speed matters, and how to report',
      markdown: `### Minutes matter

Attackers move fast. Within minutes of stealing a password they can be reading mail, setting up forwarding rules and emailing your contacts. Ransomware can spread across a network in hours. A lost laptop is most exposed before it has been locked or wiped remotely.

Every minute between something happening and someone reporting it is time the attacker gets for free. A report made **straight away** can mean:

- A stolen password is reset **before it is used**.
- A phishing email is **removed from everyone's inbox** before others click.
- An infected computer is **isolated** before the infection spreads.
- A fraudulent payment is **stopped** before the money disappears.

Reporting the next morning, or after you've "checked a few things" yourself, can turn a small problem into a large one.

### How to report

Your organization has its own channels, so make sure you know them **before** you need them. Typically:

- **Suspicious emails:** use the **Report** or **Report phishing** button in your email app, if you have one. It sends the security team the full message, including hidden details they need.
- **Everything else:** contact your **security team or IT service desk** by the route your organization has set up, such as a phone number, portal, email address or chat channel.
- **Urgent situations** (you entered a password, ransomware, a lost device, money sent): **phone** if you can, rather than waiting for a ticket to be read.

### What to say

Keep it simple. Useful details include:

- **What happened**, and **when**.
- **What you did**: clicked, opened a file, entered a password, approved a prompt, replied.
- **Which device and which account** are involved.
- **Anything you've done since.**

Don't wait until you have every detail. Report what you know now; the team will ask for the rest.`,
    },
    {
      title: 'What not to do',
      markdown: `### Well-meant mistakes

When something goes wrong, it's natural to want to fix it yourself or make it go away. Unfortunately, some instinctive reactions make incidents much harder to handle.

### Don't destroy the evidence

- **Don't delete** the suspicious email, messages or files before reporting them. The security team may need them to understand what happened and to find the same attack in other inboxes. The report button sends them a copy.
- **Don't wipe, reset or reinstall** a device that might be compromised.
- **Don't switch the computer off unless you're told to.** A common instruction is to **disconnect it from the network** (unplug the cable, turn off Wi-Fi) but leave it running, so the attack can't spread and evidence in memory is kept. Follow your security team's instructions.

### Don't investigate or retaliate

- **Don't click the link again** to see what it does, or open the attachment on another device.
- **Don't reply to the attacker**, argue with them or try to track them down.
- **Don't forward the suspicious email to colleagues** as a warning. Leave any warnings to the security team.

### Don't pay

If you see a ransom demand, or someone threatens to publish data or embarrassing material unless you pay, **don't pay and don't engage**. Report it immediately. Decisions about ransoms and extortion involve legal, leadership and often law-enforcement input, and paying guarantees nothing. The same goes for scammers demanding payment to "fix" a problem on your computer.

### Don't hide it

The most damaging mistake isn't clicking a link. It's **staying quiet**. An incident discovered weeks later, after the attacker has had time to explore, is far worse than one reported the moment it happened.

If you realise you made a mistake some time ago, **report it now**. Late is much better than never.`,
    },
    {
      title: 'No-blame reporting and lost devices',
      markdown: `### Why no-blame matters

Phishing emails and scams are designed by professionals to fool people, and **anyone can be caught out**: new starters, experienced engineers, executives, even security staff. If people fear being blamed, they hide mistakes, and attackers get the time they need.

That's why a healthy security culture treats reporting as **no-blame**:

- **Reporting promptly is always the right thing to do**, even if you caused the problem.
- The focus is on **fixing the issue and improving how things work**, not on finding someone to blame.
- **Honest mistakes are learning opportunities.** If a process made a mistake easy, the process gets fixed.

If you report something and it turns out to be a real attack that caught you, you've still done the most useful thing possible: **you've given the security team the chance to stop it.**

### Lost or stolen devices

Laptops, phones, tablets, passes and USB drives can all open the way to your organization's data. If one goes missing:

1. **Report it to IT or your security team immediately**, day or night, even if you think it might turn up. They can lock it, wipe it remotely and sign it out of your accounts. If it reappears, nothing is lost by having reported it.
2. **Include personal devices** that have work email, chat or files on them.
3. **Say what was on it**, and whether it was locked, encrypted or signed in.
4. **Report a theft to the police** as well, and pass the reference number to your security team.
5. **Change your password** if the device might have been unlocked or had saved sign-ins, following IT's advice.

Lost passes matter too: report them so they can be deactivated before someone else uses them to get in.

### The takeaway

**Notice, report quickly, and don't cover up.** That's all your security team asks, and it's one of the most valuable things anyone in an organization can do.`,
    },
  ],
  quiz: [
    {
      prompt:
        "You nearly fell for a convincing phishing email, but spotted it in time and didn't click anything. Should you report it?",
      options: [
        'Yes. Near misses help the security team protect colleagues who received the same email.',
        "No. Nothing happened, so there's nothing to report.",
        'Only if you receive a second one.',
        'Only if it came from inside the organization.',
      ],
      correct: [0],
      explanation:
        'Near misses show what attackers are trying and let the security team remove the email from other inboxes before someone else clicks.',
    },
    {
      prompt: 'Why is reporting a security incident quickly so important?',
      options: [
        'The security team only accepts reports made on the same day.',
        'So that the person responsible can be identified before they forget the details.',
        'Reports made later are automatically passed to the police.',
        'Attackers can act within minutes, so early reports give the team time to contain the damage.',
      ],
      correct: [3],
      explanation:
        'Stolen passwords, malware and fraudulent payments all do more damage the longer they go unnoticed. A quick report lets the team reset, isolate or recall before it is too late.',
    },
    {
      prompt:
        'After you open an attachment, files on your computer start being renamed and a ransom message appears. What should you do?',
      options: [
        'Pay the ransom quickly to get your files back.',
        'Turn the computer off, reinstall it and tell nobody.',
        'Disconnect it from the network, leave it powered on unless told otherwise, and contact your security team immediately.',
        'Delete the ransom message and restore your files from the recycle bin.',
      ],
      correct: [2],
      explanation:
        'Disconnecting stops the spread, keeping the computer on preserves evidence, and an immediate report lets the team protect other systems. Paying and wiping both make things worse.',
    },
    {
      prompt: 'Which of these should you avoid after receiving a suspicious email? (Choose all that apply.)',
      options: [
        'Deleting it before reporting it.',
        'Using the report button in your email app.',
        'Forwarding it to colleagues to warn them.',
        'Telling the security team if you clicked the link.',
      ],
      correct: [0, 2],
      explanation:
        'Deleting destroys evidence and forwarding spreads the risk. The report button gives the team what they need, and telling them you clicked helps them act quickly.',
    },
    {
      prompt:
        'Two weeks ago you entered your password on what you now realise was a fake page. Nothing bad seems to have happened. What should you do?',
      options: [
        "Nothing. If something bad had happened, you'd know by now.",
        'Quietly change your password and move on.',
        'Report it now and change your password; reporting late is much better than not at all.',
        'Mention it at your next team meeting.',
      ],
      correct: [2],
      explanation:
        'Attackers often stay quiet while they explore, for example by setting up hidden forwarding rules. The security team needs to know so they can check for signs of misuse.',
    },
    {
      prompt: 'Your work phone is stolen on the train one evening. What should you do?',
      options: [
        "Wait until the morning in case it's handed in.",
        'Report it to IT or your security team right away, and report the theft to the police.',
        'Nothing, because the phone has a PIN.',
        'Buy a replacement and restore your data from a backup.',
      ],
      correct: [1],
      explanation:
        'A prompt report lets IT lock or wipe the phone and sign it out of your accounts before anyone can use it, and a police report records the theft.',
    },
  ],
};
