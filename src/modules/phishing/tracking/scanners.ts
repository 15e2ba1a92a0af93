/**
 * Telling mail scanners from people. Mail security gateways and link checkers fetch the links of
 * incoming mail before (or instead of) the person; their requests are recorded but never count as
 * failing. Three signs are known from the request itself (here); two more need what happened
 * before and are judged where the event is written (tracking.repository.ts): a click within
 * seconds of delivery by someone who never opened the email, and a request from an address that
 * had just followed the hidden link no person can see.
 */

/** Gateways, sandboxes, link-preview bots and scripting clients; matched anywhere in the user agent. */
const SCANNER_AGENTS: [RegExp, string][] = [
  [/barracuda/i, 'Barracuda'],
  [/proofpoint|ppops-/i, 'Proofpoint'],
  [/mimecast/i, 'Mimecast'],
  [
    /microsoft office protection|safelinks|microsoft url preview|bingpreview|msnbot/i,
    'Microsoft Defender / Safe Links',
  ],
  [/symantec|messagelabs|broadcom/i, 'Symantec'],
  [/fortiguard|fortinet/i, 'Fortinet'],
  [/fireeye|trellix/i, 'Trellix'],
  [/trend ?micro/i, 'Trend Micro'],
  [/sophos/i, 'Sophos'],
  [/zscaler/i, 'Zscaler'],
  [/forcepoint|websense/i, 'Forcepoint'],
  [/ironport|cisco/i, 'Cisco'],
  [/paloalto|palo alto/i, 'Palo Alto Networks'],
  [/checkpoint|check point/i, 'Check Point'],
  [/google-safety|google-inspectiontool|googlebot/i, 'Google'],
  [
    /slackbot|facebookexternalhit|twitterbot|linkedinbot|whatsapp|telegrambot|discordbot|skypeuripreview/i,
    'link preview',
  ],
  [/headlesschrome|phantomjs|puppeteer|playwright|selenium/i, 'headless browser'],
  [
    /python-requests|python-urllib|aiohttp|go-http-client|java\/|okhttp|apache-httpclient|libwww|wget|curl\/|scrapy|node-fetch|axios\//i,
    'scripted client',
  ],
  [/\b(bot|crawler|spider|scanner)\b/i, 'automated client'],
];

/** Why a request is a scanner's by its own signs, or null when it may be a person's. */
export function scannerByRequest(method: string, userAgent: string | undefined): string | null {
  if (method === 'HEAD') return 'HEAD request: link checkers ask for the headers only, people never do';
  if (!userAgent?.trim()) return 'No user agent: browsers and mail apps always send one';
  for (const [pattern, name] of SCANNER_AGENTS) {
    if (pattern.test(userAgent)) return `Known scanner (${name}) by its user agent`;
  }
  return null;
}

/** A click sooner than this after delivery, by someone who never opened the email, is a scanner's. */
export const QUICK_CLICK_SECONDS = 10;
/** After the hidden link was followed from an address, its other requests for this long are the scanner's. */
export const BAIT_WINDOW_MINUTES = 10;
