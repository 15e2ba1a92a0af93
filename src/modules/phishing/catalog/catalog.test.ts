import { describe, expect, it } from 'vitest';
import { renderPhishingEmail, unknownVariables, usesVariable } from '../phishing.render.ts';
import { templateBodySchema } from '../phishing.schemas.ts';
import { templateProblems } from '../phishing.service.ts';
import { BUILT_IN_LANDING_PAGES, BUILT_IN_TEMPLATES } from './index.ts';

describe('built-in phishing library', () => {
  it('has at least eight lures covering the classic pretexts, with unique kebab-case keys', () => {
    const keys = BUILT_IN_TEMPLATES.map((t) => t.key);
    expect(keys.length).toBeGreaterThanOrEqual(8);
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of keys) expect(key).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    for (const pretext of [
      'password-expiry',
      'shared-document',
      'overdue-invoice',
      'parcel-delivery',
      'hr-policy-update',
      'mfa-reset',
    ]) {
      expect(keys).toContain(pretext);
    }
    expect(new Set(BUILT_IN_TEMPLATES.map((t) => t.difficulty))).toEqual(new Set(['easy', 'medium', 'hard']));
  });

  describe.each(BUILT_IN_TEMPLATES.map((t) => [t.key, t] as const))('%s', (_key, template) => {
    it('is a valid template body that saving would accept', () => {
      const parsed = templateBodySchema.safeParse({
        name: template.name,
        category: template.category,
        difficulty: template.difficulty,
        subject: template.subject,
        senderName: template.senderName,
        senderAddress: template.senderAddress,
        htmlBody: template.htmlBody,
        textBody: template.textBody,
        redFlags: template.redFlags,
      });
      expect(parsed.error?.issues).toBeUndefined();
      expect(templateProblems(template)).toEqual([]);
      expect(Number.isInteger(template.version) && template.version >= 1).toBe(true);
    });

    it('links in both parts, has a tracking pixel, and leaves the report link to the campaign footer', () => {
      for (const part of [template.htmlBody, template.textBody, template.subject]) {
        expect(unknownVariables(part)).toEqual([]);
        expect(usesVariable(part, 'reportLink')).toBe(false);
      }
      expect(usesVariable(template.htmlBody, 'link')).toBe(true);
      expect(usesVariable(template.textBody, 'link')).toBe(true);
      expect(usesVariable(template.htmlBody, 'trackingPixel')).toBe(true);
    });

    it('has three to five short red flags, written as sentences', () => {
      expect(template.redFlags.length).toBeGreaterThanOrEqual(3);
      expect(template.redFlags.length).toBeLessThanOrEqual(5);
      for (const flag of template.redFlags) {
        expect(flag.length).toBeLessThanOrEqual(300);
        expect(flag).toMatch(/^[A-Z“"].*[.?]$/);
      }
    });

    it('sends from a made-up domain, never a real brand or a real organization', () => {
      expect(template.senderAddress).toMatch(/^[a-z0-9.-]+@[a-z0-9-]+\.(com|net|co)$/);
      const all = `${template.htmlBody} ${template.textBody} ${template.subject}`.toLowerCase();
      for (const brand of [
        'microsoft',
        'office 365',
        'google',
        'dropbox',
        'docusign',
        'fedex',
        'dhl',
        'ups ',
        'paypal',
        'amazon',
        'apple',
      ]) {
        expect(all).not.toContain(brand);
      }
    });

    it('renders for a recipient with nothing left unfilled', () => {
      const email = renderPhishingEmail(
        template,
        { firstName: 'Ann', lastName: 'Archer', email: 'ann@acme.test', department: 'Finance' },
        {
          link: 'https://t.example/c/1',
          trackingPixelUrl: 'https://t.example/o/1',
          reportLink: 'https://t.example/r/1',
        },
      );
      for (const part of [email.subject, email.html, email.text]) expect(part).not.toMatch(/\{\{|\}\}/);
      expect(email.html).toContain('href="https://t.example/c/1"');
      expect(email.html).toContain('href="https://t.example/r/1"');
      expect(email.text).toContain('https://t.example/c/1');
    });
  });

  it('has at least two landing pages with unique keys', () => {
    const keys = BUILT_IN_LANDING_PAGES.map((p) => p.key);
    expect(keys.length).toBeGreaterThanOrEqual(2);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
