import type { CatalogCourse } from './types.ts';

export const passwordsAndMfa: CatalogCourse = {
  key: 'passwords-and-mfa',
  version: 1,
  title: 'Passwords and Multi-Factor Authentication',
  summary:
    'Create passwords that are easy to remember and hard to guess, let a password manager do the heavy lifting, and use multi-factor authentication without falling for the tricks aimed at it.',
  estimatedMinutes: 12,
  passMark: 80,
  lessons: [
    {
      title: 'Passphrases that work',
      markdown: `### Why passwords fail

Attackers rarely sit and guess passwords by hand. They use software that tries **billions of combinations**, starting with common choices, dictionary words, names, dates and every password that has ever leaked online.

That is why \`Summer2024!\` falls in seconds even though it ticks the "capital, number, symbol" boxes: thousands of people have had exactly the same idea, and cracking tools know the pattern.

### Length beats complexity

The single best thing you can do for a password is make it **long**. A **passphrase** of three or four random words is longer, and easier to remember, than a short jumble of symbols:

- \`P@ssw0rd1!\` looks complex, but it is one of the first things attackers try.
- \`Jessica1987\` is a name and a year, both easy to find on social media.
- \`kettle orbit velvet lantern\` is long, random, and you can picture it.

The important word is **random**. Song lyrics, famous quotes, or your pet's name plus your birth year are all easy for attackers to guess or look up. The [UK National Cyber Security Centre](https://www.ncsc.gov.uk) popularised the "three random words" approach for exactly this reason.

### Good habits

- Aim for **at least 15 characters** for important accounts, or more if your organization's policy asks for it.
- **Don't build passwords from personal details** such as names, birthdays, addresses or favourite teams.
- **Don't just tweak an old password** (\`Kettle1\`, \`Kettle2\`, ...). Attackers try those variations first.
- **Never share a password**, not even with IT. A genuine IT team will never need to know it.

### Your most important passwords

Some passwords protect far more than others. Your **work account** and your **personal email** (which can be used to reset almost everything else) deserve your strongest, most unique passphrases, and always multi-factor authentication on top.`,
    },
    {
      title: 'Password managers and unique passwords',
      markdown: `### One leak, many doors

Websites are breached all the time, and the stolen passwords are traded and tested at huge scale. If you use the same password for a shopping site and your work account, a breach at the shop can hand attackers your work login.

This is called **credential stuffing**: automated tools try leaked email-and-password pairs on hundreds of other services, looking for anyone who reused them.

The rule is simple: **every account gets its own password.**

### Let a password manager remember

Nobody can remember dozens of unique passphrases. A **password manager** can. It:

- **Generates** long, random passwords for each site.
- **Stores** them in an encrypted vault, protected by one master password (and ideally MFA).
- **Fills them in** for you, so you don't have to type or remember them.
- **Helps you spot phishing**: it only offers a password on the site it was saved for. If it stays silent on a login page where it usually works, check the address.

Use the password manager your organization provides or approves for work accounts. For personal accounts, a reputable password manager, including the one built into your browser, is far better than reusing passwords.

### The master password

Your master password is the key to everything else, so make it a **strong passphrase you have never used anywhere else**, and turn on MFA for the vault.

If your password manager gives you recovery details, keep them somewhere safe, such as a locked drawer at home, not on a sticky note on your monitor.

### What about writing passwords down?

A notebook kept securely at home is better than one weak password reused everywhere. At work, though, a password manager is safer and far more convenient: it can't be read over your shoulder, it can't be left on a desk, and it is there on every device you use.`,
    },
    {
      title: 'Multi-factor authentication',
      markdown: `### A second lock on the door

**Multi-factor authentication (MFA)** means signing in takes more than your password: usually **something you have** (your phone or a security key) or **something you are** (a fingerprint or your face). Even if an attacker steals your password, they still can't get in without the second factor.

It is one of the most effective protections you can turn on. The US CISA has a short explainer at [cisa.gov/mfa](https://www.cisa.gov/mfa).

### Not all MFA is equal

From strongest to weakest:

- **Security keys and passkeys.** A small USB or NFC key, or a passkey stored on your phone or computer. They are **phishing-resistant**: they check the real website's identity themselves, so they simply won't work on a fake login page.
- **Authenticator apps.** An app on your phone that shows a six-digit code or asks you to approve a sign-in. Much stronger than SMS, but a code can still be typed into a fake page, and approvals can be abused (more on that in the next lesson).
- **SMS codes.** Far better than nothing, but text messages can be intercepted, and criminals can trick mobile operators into moving your number to their own SIM card, known as **SIM swapping**.

Use the strongest option your organization offers, and turn MFA on for your personal accounts too, especially email, banking and social media.

### Using MFA well

- **Only enter a code or approve a prompt when you have just started a sign-in yourself.**
- **Never read out or forward an MFA code** to anyone, whoever they say they are. Your IT team will never ask for one.
- **Keep backup codes somewhere safe** in case you lose your phone.
- **Tell IT promptly** if you lose or replace a phone or key that you use for MFA.
- If a site offers to "remember this device", only accept on devices that are yours alone.`,
    },
    {
      title: 'MFA fatigue and leaked passwords',
      markdown: `### Push-bombing

If an attacker already has your password, the last obstacle is your MFA approval. One trick is simply to **ask over and over**. Your phone buzzes with "Approve sign-in?" during a meeting, then again, and again, sometimes late at night. Eventually some people tap **Approve** just to make it stop, or assume it's a glitch.

This is called **MFA fatigue** or **push-bombing**. It is often paired with a call or message that sounds helpful:

> "Hi, it's Alex from IT. We're fixing a problem with your account, so you'll get a few prompts. Just accept the next one."

### How to respond

- **If you didn't just try to sign in, deny the request.** Every time.
- An unexpected prompt means **someone else probably has your password**. Change it, and report it to your security team.
- No genuine IT team will ask you to approve a prompt you didn't start or to read out a code.
- If your app shows a **number to match** or a location, check it. If the number isn't on your screen, or the location is wrong, deny.

### When a password leaks

You might find out that a password is exposed in several ways: a breach notification from a service, a warning from your password manager, an alert from a service such as [Have I Been Pwned](https://haveibeenpwned.com), or simply realising you typed it into the wrong page.

Act quickly:

1. **Change the password** on that account to a new, unique one.
2. **Change it anywhere else you used it**, and then stop reusing it.
3. **Check that MFA is turned on**, and review recent sign-ins and connected devices if the service shows them.
4. **Tell your security team right away** if it is a work account, or if the same password was ever used for work. They can end active sessions and look for misuse.

Changing a leaked password is routine, and there is nothing embarrassing about it. The only real mistake is waiting.`,
    },
  ],
  quiz: [
    {
      prompt: 'Which of these is the strongest password?',
      options: ['P@ssw0rd2024!', 'copper tulip glacier whistle', 'Jessica1987', 'Qx7!b'],
      correct: [1],
      explanation:
        'A long passphrase of random words is much harder to crack than short or predictable passwords, even ones that include symbols and numbers.',
    },
    {
      prompt: 'What is the most practical way to have a different, strong password for every account?',
      options: [
        'Use the password manager your organization provides or approves to generate and store them.',
        'Use one strong base password and add the site name to the end.',
        'Keep a list of passwords in a document on your desktop.',
        'Reset the password each time you need to sign in.',
      ],
      correct: [0],
      explanation:
        'A password manager generates and remembers long, unique passwords for you. Predictable variations of one password are among the first things attackers try after a breach.',
    },
    {
      prompt: 'Which type of MFA is most resistant to phishing?',
      options: [
        'Codes sent by SMS text message',
        'Codes from an authenticator app',
        'Security keys or passkeys',
        'Security questions such as "What was your first pet\'s name?"',
      ],
      correct: [2],
      explanation:
        "Security keys and passkeys check the real website's identity themselves, so they won't work on a fake login page. Codes can be typed into a fake page, and security questions aren't a second factor at all.",
    },
    {
      prompt:
        'Your phone keeps showing "Approve sign-in?" prompts that you did not trigger. What should you do?',
      options: [
        'Approve one so that the prompts stop.',
        'Deny them, change your password and report it to your security team.',
        "Ignore them; they'll stop eventually.",
        'Turn off MFA until the problem is fixed.',
      ],
      correct: [1],
      explanation:
        'Unexpected prompts usually mean someone has your password and is trying to wear you down. Denying them, changing the password and reporting shuts the attacker out.',
    },
    {
      prompt:
        'A caller says they are from IT, are fixing your account, and need the code that has just arrived on your phone. What should you do?',
      options: [
        'Read it out, since IT needs it to verify who you are.',
        'Read out only the first three digits.',
        'Ask them to email you first, then read out the code.',
        'Refuse, end the call and report it to your security team.',
      ],
      correct: [3],
      explanation:
        'MFA codes are for you alone. Genuine IT staff never ask for them, and anyone who does is trying to sign in as you.',
    },
    {
      prompt:
        'You learn that a password you use has appeared in a data breach. Which of these should you do? (Choose all that apply.)',
      options: [
        'Change it on the breached account to a new, unique password.',
        'Wait to see whether anything suspicious happens before changing it.',
        'Change it on every other account where you used the same password.',
        'Add a number to the end of the old password and keep using it.',
      ],
      correct: [0, 2],
      explanation:
        'Leaked passwords are tried on other services within hours, so change it everywhere it was used, with a genuinely new password. Small variations of a leaked password are easy for attackers to guess.',
    },
  ],
};
