/**
 * The shape of the built-in phishing content: written for Heed, shipped in the code, and copied into
 * every organization (where admins can use or archive it, and clone it to edit).
 */
export type Difficulty = 'easy' | 'medium' | 'hard';

export interface CatalogTemplate {
  /** Stable identifier of the built-in lure, e.g. 'password-expiry'. Never changes. */
  key: string;
  /** Bumped whenever the content changes, so existing copies are updated. */
  version: number;
  name: string;
  category: string;
  difficulty: Difficulty;
  subject: string;
  senderName: string;
  senderAddress: string;
  /** Contains {{link}} (and {{trackingPixel}}); never {{reportLink}}: the campaign adds the report footer. */
  htmlBody: string;
  textBody: string;
  /** 3–5 short sentences: what gives the lure away (the teachable-moment page lists them). */
  redFlags: string[];
}

export interface CatalogLandingPage {
  key: string;
  version: number;
  name: string;
  /** A page with a sign-in style form; prepared (prepareLandingPage) before it is stored. */
  html: string;
}
