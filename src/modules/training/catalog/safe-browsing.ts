import type { CatalogCourse } from './types.ts';

export const safeBrowsing: CatalogCourse = {
  key: 'safe-browsing',
  version: 1,
  title: 'Browsing the Web Safely',
  summary:
    'Understand what the padlock really tells you, avoid fake downloads, look-alike sites and malicious ads, and stay safe on public Wi-Fi.',
  estimatedMinutes: 12,
  passMark: 80,
  lessons: [
    {
      title: "What the padlock does, and doesn't, mean",
      markdown: `### HTTPS in one minute

When a website address starts with \`https://\` and your browser shows a padlock (or a similar icon), your connection to that site is **encrypted**. That means:

- Other people on the same network, such as café Wi-Fi, **can't read or change** what you send and receive.
- Your browser has checked that the site really controls the **domain name** shown in the address bar.

That is genuinely useful. Be very cautious about entering a password or personal details on a site without it, and take your browser's "Not secure" warnings seriously.

### What it doesn't mean

The padlock says nothing about **who runs the site or whether they are honest**. Certificates are free and automatic, so criminals use them too. Today, **most phishing sites have a padlock.**

\`https://acme-payroll-update.com\` can show a perfectly valid padlock. It is simply an encrypted connection to a criminal.

So instead of asking "Is there a padlock?", ask: **"Is this the domain I expect?"**

### Reading the address bar

- Find the **domain**: the part between \`https://\` and the next single \`/\`. Whoever owns the **end** of it owns the site.
- Watch out for trusted names placed at the front: \`login.acme.com.verify-id.net\` belongs to \`verify-id.net\`, not to Acme.
- Look closely for **look-alike characters**: \`rn\` for \`m\`, \`1\` for \`l\`, \`0\` for \`o\`.

### Certificate warnings

If your browser shows a full-page warning such as **"Your connection is not private"**, don't click through it on a work device, and never to sign in to anything. It can mean someone is intercepting your connection. Go back, and if it's a site you need for work, let IT know.`,
    },
    {
      title: 'Typosquatting and malicious ads',
      markdown: `### Typosquatting

Attackers register domains that match **common typing slips** and near-misses of real names. If your organization uses \`acme.com\`, someone might register \`acmme.com\`, \`acme.co\` or \`acme-portal.net\`.

Some of these sites show a copy of the real login page; others push malware, fake support phone numbers or scams. They catch people who type quickly, or who follow a link without checking it.

### Malvertising

**Malvertising** is malicious advertising. Criminals buy ads, including **sponsored results at the top of search engines**, that look exactly like the real thing. Searching for popular free software, or even your bank's name, can show a paid ad that leads to a convincing fake.

Common tricks:

- An ad for well-known free software that downloads a copy **bundled with malware**.
- A "customer support" ad whose phone number is run by scammers.
- Ads on otherwise legitimate websites that redirect you to a fake warning: **"Your computer is infected! Call this number now."**

### Habits that help

- **Use bookmarks** for sites you visit regularly, especially work tools, banking and anything you sign in to.
- **Start from a known place**, such as your organization's intranet or app launcher, rather than a search engine.
- **Skip the ads** in search results. Scroll to the official site, and check the domain before clicking.
- **Get software from official sources** (more on that in the next lesson), not from whatever appears first in a search.
- **Scary pop-ups are not real virus alerts.** Genuine security software doesn't ask you to phone a number or pay to fix anything. Close the tab, or the whole browser, and contact IT if you're worried.

### If you land on a suspicious site

Don't enter anything, don't download anything, and close the tab. If you already typed a password or ran a download, **report it to your security team** straight away.`,
    },
    {
      title: 'Downloads, fake updates and extensions',
      markdown: `### Fake updates

A common trap is a page claiming that your browser, video player or document viewer is **out of date**, with a helpful "update" button:

> "Browser update required. Your version cannot display this page. Install the latest update to continue."

These are almost always fake. Real updates:

- Come from the **software itself** (for example, the browser's own settings or update icon) or from your **organization's IT tools**.
- Don't appear as a website insisting that you download a file before you can read an article.

If a website tells you to update something, **close it** and check for updates through the software itself.

### Downloading safely

Downloaded files are one of the main ways malware reaches computers. On a work device:

- **Use approved sources**: your organization's software portal or app store, or the vendor's official website.
- **Be suspicious of odd file types.** A "PDF" called \`invoice.pdf.exe\`, or a script file (\`.js\`, \`.vbs\`, \`.bat\`) from a website, should never be run.
- **Don't switch off security warnings** to make a download work.
- **Ask IT** if you need software that isn't available, rather than finding it yourself.

### Browser extensions

Extensions can be useful, but many ask for permission to **"read and change all your data on all websites"**. That means they can see everything you type and every page you open, including work email and internal systems.

Risks include:

- Extensions that are **malicious from the start**, disguised as PDF converters, coupon finders or AI helpers.
- **Popular extensions that are sold** to new owners, who add tracking or malware in a later update.

So:

- Only install extensions **your organization allows**.
- Keep **as few as possible**, and remove any you no longer use.
- **Check the permissions** before installing. A calculator has no reason to read every website you visit.`,
    },
    {
      title: 'Public Wi-Fi and working on the move',
      markdown: `### The risks of public Wi-Fi

Networks in cafés, hotels, airports and trains are convenient, but you don't know who runs them or who else is connected. The main risks are:

- **Fake hotspots.** Anyone can create a network called \`Airport Free WiFi\` or \`Hotel Guest\`. If you join theirs, they can watch your traffic and send you to fake pages.
- **Snooping** on apps and websites that don't encrypt their traffic.
- **Shoulder surfing.** In public, people can see your screen and overhear your calls.

Because most websites now use HTTPS, public Wi-Fi is much less risky than it used to be. But HTTPS can't protect you from fake login pages, or from certificate warnings you click through.

### Safer options

- **Use your organization's VPN** if it provides one, and connect before you start working.
- **Use your phone's hotspot** instead of public Wi-Fi when you can. Mobile data is generally much safer.
- **Check the exact network name** with staff before connecting.
- **Turn off auto-connect** for open networks, so your device doesn't silently join a look-alike.
- **Never ignore certificate warnings** on a public network.
- **Save sensitive tasks**, such as payroll, confidential documents or admin work, for a network you trust.

### Working in public

- Sit where your screen isn't easily seen, or use a **privacy screen filter**.
- **Lock your screen** whenever you step away, even for a moment.
- Keep calls about confidential matters for somewhere private.
- **Keep your devices with you.** Don't leave a laptop on the table "just for a minute" while you fetch a coffee.

### Keep your devices up to date

Wherever you work, a fully updated browser and operating system closes many of the holes that malicious websites try to use. Restart when updates ask you to, rather than postponing for weeks.

For more everyday tips, see CISA's [Secure Our World](https://www.cisa.gov/secure-our-world) guidance.`,
    },
  ],
  quiz: [
    {
      prompt: 'A website shows a padlock next to its address. What does this tell you?',
      options: [
        'The website is safe and trustworthy.',
        'The website has been checked by your security team.',
        'Your connection to the site is encrypted, but the site itself could still be malicious.',
        'The website cannot install malware on your computer.',
      ],
      correct: [2],
      explanation:
        'HTTPS encrypts the connection and confirms the domain, but it says nothing about who runs the site or what they intend. Most phishing sites have a padlock.',
    },
    {
      prompt: 'Who owns the website at https://login.acme.com.verify-id.net/account?',
      options: ['Whoever owns verify-id.net', 'acme.com', 'login.acme.com'],
      correct: [0],
      explanation:
        'The owner is shown by the end of the domain, just before the first single slash. Everything in front of verify-id.net, including "acme.com", is just a label its owner chose.',
    },
    {
      prompt:
        'While you are reading a news article, a page says your browser is out of date and offers an "Install update" button. What should you do?',
      options: [
        'Click it, because keeping software up to date is important.',
        "Close the page and check for updates through the browser's own settings, or let IT's tools handle it.",
        'Download the update but scan it with antivirus before running it.',
        'Click it only if the page has a padlock.',
      ],
      correct: [1],
      explanation:
        'Real updates come from the software itself or from IT, never from a website that interrupts what you are reading. Fake updates are a common way to deliver malware.',
    },
    {
      prompt: 'Why should you be careful with browser extensions? (Choose all that apply.)',
      options: [
        'Many can read and change everything on the websites you visit.',
        'Extensions cannot be removed once installed.',
        'Extensions turn off HTTPS on the sites you visit.',
        'A trustworthy extension can be sold and turned malicious in a later update.',
      ],
      correct: [0, 3],
      explanation:
        'Extensions often have wide access to your browsing, and ownership changes can turn a good one bad. They can be removed at any time, and they do not switch off HTTPS.',
    },
    {
      prompt:
        'You search for a piece of software and the top result is a sponsored ad. What is the safest approach?',
      options: [
        'Use the ad, because search engines check every advert.',
        'Download it from whichever site lists the most downloads.',
        'Use the ad as long as it shows the correct logo.',
        "Use your organization's software portal or the vendor's official site, checking the domain first.",
      ],
      correct: [3],
      explanation:
        'Criminals buy search ads that look exactly like the real thing. Approved sources and carefully checked official sites avoid malware-laden copies.',
    },
    {
      prompt:
        'In a hotel, you see two open networks: "Hotel_Guest" and "Hotel Guest Free". What is the best approach?',
      options: [
        'Join whichever has the strongest signal.',
        'Join either; HTTPS protects everything anyway.',
        "Check the correct network with hotel staff or use your phone's hotspot, and connect through your organization's VPN.",
        'Join the one with "Free" in the name, since hotels advertise their free network that way.',
      ],
      correct: [2],
      explanation:
        'Anyone can create a hotspot with a convincing name. Confirming the real network, or avoiding it with your own hotspot, plus a VPN, keeps your work traffic safe.',
    },
  ],
};
