import type { CatalogCourse } from './types.ts';

export const socialEngineering: CatalogCourse = {
  key: 'social-engineering',
  version: 1,
  title: 'Recognising Social Engineering',
  summary:
    'Attackers often target people rather than computers. Learn how pretexting, phone and text scams, payment fraud and tailgating work, and the simple habits that stop them.',
  estimatedMinutes: 13,
  passMark: 80,
  lessons: [
    {
      title: 'Pretexting and impersonation',
      markdown: `### Hacking people, not computers

**Social engineering** means manipulating people into doing something they otherwise wouldn't: sharing information, granting access or moving money. It is often easier than breaking through technical defences, and it works on smart, careful people because it exploits normal, helpful behaviour.

### The pretext

Most attacks start with a **pretext**: a believable story that makes the request seem reasonable. For example:

- A "new contractor" who can't get into the building and needs someone to let them in.
- "IT support" fixing a mail problem who needs your login details to test it.
- An "auditor" asking how your team approves payments and who signs them off.
- A "colleague from another office" who urgently needs a customer list before a meeting.

Attackers do their homework. Company websites, job adverts and social media reveal names, job titles, reporting lines, suppliers and even the software you use. A caller who knows your manager's name and your current project **sounds** legitimate, but all of that may be public.

### Favourite disguises

- **IT and help desk staff.** People are used to following IT instructions, and technical jargon discourages questions. Be wary of requests to install remote-access software, turn off security tools, approve MFA prompts or share passwords.
- **Executives and managers.** A request that seems to come from a senior leader makes people reluctant to question it, especially when it's marked "confidential" or "urgent".

### The warning signs

Whatever the channel, social engineering tends to follow a pattern:

- **Urgency:** there's no time to check.
- **Authority:** someone important wants this.
- **Secrecy:** "Please don't mention this to anyone yet."
- **Skipping the process:** "Just this once, can we do it differently?"
- **Flattery or sympathy:** "You're the only one who can help me."

When you notice two or more of these together, **slow down**.`,
    },
    {
      title: 'Phone and text scams',
      markdown: `### Vishing: voice phishing

Phone calls feel personal and put you on the spot, and attackers use that. **Caller ID can be faked**, so a call showing your bank's name or an internal extension proves nothing.

A realistic example:

> "Hi, this is Sam from the IT service desk. We're seeing malware alerts from your laptop and I need to connect remotely to clean it up. Could you go to \`quick-support-tools.com\` and read me the code on the screen?"

Once connected, the caller controls your computer. Other common calls claim to come from your bank's fraud team, a supplier's accounts department or a government agency demanding payment.

**AI voice cloning** means that even a familiar voice is no longer proof. A short clip from an online video can be enough to imitate someone convincingly.

### Smishing: text and chat scams

Text messages and chat apps are used in the same way:

- "Your parcel could not be delivered. Pay the small redelivery fee here to rebook."
- "Hi, it's Daniel, the CEO. This is my new number. I'm stuck in meetings; can you help me with something quickly?"
- "Your work account has been locked. Verify your details here to restore access."

On a phone it is harder to check links and senders, and messages tend to arrive when you're busy or distracted.

### What to do

- **Hang up and call back** on a number you already know: the company directory, the official website or the back of your bank card. A genuine caller won't mind.
- **Never install software or give remote access** because an unexpected caller asked. Genuine IT support comes through your organization's usual ticket or support channels.
- **Never share passwords or MFA codes** on a call or in a message.
- **Don't use links or phone numbers from a suspicious message.** Report it to your security team instead.
- **Be suspicious of "new number" messages.** Check with the person through a number or chat account you already have for them.`,
    },
    {
      title: 'CEO fraud and invoice fraud',
      markdown: `### Business email compromise

Some of the most expensive attacks involve no malware at all, just a convincing request to **send money or data**. These scams, often called **CEO fraud** or **business email compromise (BEC)**, cost organizations billions every year.

### CEO fraud

An email arrives, apparently from a senior leader:

> **From:** Daniel Okafor, CEO
>
> **Subject:** Confidential: quick task
>
> Are you at your desk? I'm finalising an acquisition and need a payment processed today. This is strictly confidential until the announcement, so please don't discuss it with anyone. I'm in meetings all day, so email only.

Variations ask you to buy **gift cards** "for a client", change the bank account a colleague's salary is paid into, or send sensitive staff data such as payroll or tax records.

Notice the pattern: **authority, urgency, secrecy, and a reason you can't call to check.**

### Invoice and supplier fraud

Here the attacker pretends to be, or has broken into the mailbox of, a **real supplier**:

> "Please note that our bank details have changed following an audit. Kindly use the account below for this month's invoice and all future payments."

The email may sit in a real, ongoing conversation, with a genuine-looking invoice attached, because the supplier's mailbox really has been compromised. The only thing that changes is the bank account number.

### How to stop it

- **Verify any change of bank details or unusual payment request by phone**, using a number you already have on file, never one from the email itself.
- **Follow your organization's payment process every time**, including approvals and checks, even when someone senior asks you to skip them. A genuine leader will understand.
- **Be wary of secrecy.** Real confidential deals still go through proper channels.
- **Treat gift cards as a red flag.** Organizations almost never pay for anything with them.
- **Report a suspected fraudulent payment immediately.** Banks can sometimes stop or recall a transfer, but usually only if they hear about it within hours.`,
    },
    {
      title: 'In person, and everyday verification',
      markdown: `### Tailgating

Not every attack happens online. **Tailgating** (also called piggybacking) is following someone through a secure door without using your own pass. It works because holding the door is polite, and challenging a stranger feels awkward.

Typical scenarios:

- Someone carrying boxes or a tray of coffees asks you to hold the door.
- A "delivery driver" or "contractor" says their pass isn't working today.
- A visitor wanders into an office area looking as if they belong there.

Once inside, a person can plug devices into the network, read papers, photograph screens or walk off with a laptop.

### What to do

- **Let everyone use their own pass.** It's fine to say: "Sorry, we all have to tap in. Reception can sort out your pass."
- **Offer to walk unknown visitors to reception** rather than leaving them to roam.
- If you don't feel comfortable challenging someone, **tell security or reception** straight away.
- **Don't plug in USB sticks you find** lying around. Hand them to IT.

### Verification habits

Across email, phone, text and in person, one habit defeats most social engineering: **verify through a channel you choose, not one the requester gave you.**

- **Pause.** Urgency is a tactic. A few minutes spent checking rarely harms a genuine request.
- **Verify.** Call back on a known number, message the person on your usual chat tool, or walk over to their desk.
- **Follow the process.** Payment approvals, access requests and visitor sign-in exist for exactly these moments.
- **Say no without guilt.** Refusing an unverified request is doing your job well, and no reasonable colleague will hold it against you.
- **Report it.** Even if you didn't fall for it, telling your security team helps protect colleagues who receive the same approach.

For more everyday advice on spotting scams, see the UK NCSC's guidance on [phishing and scams](https://www.ncsc.gov.uk/collection/phishing-scams).`,
    },
  ],
  quiz: [
    {
      prompt: 'What is "pretexting"?',
      options: [
        'Inventing a believable story to persuade someone to share information or grant access.',
        'Sending thousands of identical spam emails at once.',
        'Using software to guess passwords.',
        'Sending a text message to warn someone before a phone call.',
      ],
      correct: [0],
      explanation:
        'A pretext is the cover story behind a social engineering attack, such as a contractor who lost their pass or IT fixing a problem, designed to make the request seem normal.',
    },
    {
      prompt:
        'A caller from "IT support" says your laptop has malware and asks you to visit a website and install a remote-access tool so they can fix it. What should you do?',
      options: [
        'Install it, since IT needs access to fix the problem.',
        'Install it, but watch carefully what they do on screen.',
        'Ask for their employee ID number, then install it.',
        'End the call and contact the IT service desk through its usual number or portal.',
      ],
      correct: [3],
      explanation:
        'Caller ID and names can be faked, and an employee ID can be invented. Contacting IT through a channel you already know is the only reliable check.',
    },
    {
      prompt:
        'An email from a regular supplier, in an existing conversation, says their bank details have changed. What should you do?',
      options: [
        'Update the details, because the email is part of a real conversation.',
        'Reply and ask them to confirm the change in writing.',
        'Call the supplier on a number you already have on file to confirm the change.',
        'Update the details, but send a small test payment first.',
      ],
      correct: [2],
      explanation:
        "The supplier's mailbox may have been taken over, so replies reach the fraudster, who will also happily confirm a test payment. A call to a number you already have is the reliable check.",
    },
    {
      prompt: 'Which of these are warning signs of CEO fraud? (Choose all that apply.)',
      options: [
        "The email uses the CEO's correct name and job title.",
        'You are asked to keep the request confidential and not discuss it with colleagues.',
        'You are asked to skip the normal approval steps because of a deadline.',
        'The email arrives during normal office hours.',
      ],
      correct: [1, 2],
      explanation:
        "Secrecy and pressure to bypass the usual process are classic signs of CEO fraud. The CEO's name and title are public, so they prove nothing.",
    },
    {
      prompt:
        'Someone in a high-visibility jacket carrying a box asks you to hold the secure door because their pass "isn\'t working". What is the best response?',
      options: [
        "Hold the door; they're clearly a contractor.",
        'Politely direct them to reception, or offer to walk them there.',
        'Lend them your pass so they can get in.',
        'Let them in, but make a note of the time.',
      ],
      correct: [1],
      explanation:
        "Anyone can wear a jacket and carry a box. Reception can check who they are and sort out access, without you having to judge whether they're genuine.",
    },
    {
      prompt:
        'A text message from your CEO\'s "new personal number" asks you to help with an urgent, confidential task. What should you do?',
      options: [
        'Reply and ask what they need.',
        'Save the new number and carry on the conversation there.',
        'Ask a personal question that only the CEO would know the answer to.',
        'Check with the CEO or their assistant through a channel you already know, and report the message.',
      ],
      correct: [3],
      explanation:
        'Verifying through a known channel is more reliable than clever questions, because attackers research their targets and many answers can be found online.',
    },
  ],
};
