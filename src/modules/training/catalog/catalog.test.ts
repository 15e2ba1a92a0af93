import { describe, expect, it } from 'vitest';
import { BUILT_IN_COURSES } from './index.ts';

/** An opening, closing or self-closing HTML tag (or comment); email addresses like <a@b.c> do not match. */
const HTML_TAG = /<\/?[a-z][a-z0-9-]*(\s[^<>]*)?\/?>|<!--/i;

describe('built-in training catalog', () => {
  it('has six courses in the documented order', () => {
    expect(BUILT_IN_COURSES.map((c) => c.key)).toEqual([
      'phishing-basics',
      'passwords-and-mfa',
      'social-engineering',
      'safe-browsing',
      'handling-sensitive-data',
      'reporting-incidents',
    ]);
  });

  it('has unique kebab-case keys', () => {
    const keys = BUILT_IN_COURSES.map((c) => c.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of keys) expect(key).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('recognises raw HTML', () => {
    expect(HTML_TAG.test('<b>bold</b>')).toBe(true);
    expect(HTML_TAG.test('<img src="x.png" />')).toBe(true);
    expect(HTML_TAG.test('line<br>break')).toBe(true);
    expect(HTML_TAG.test('`IT Service Desk <it-support@acme-helpdesk.co>`')).toBe(false);
    expect(HTML_TAG.test('a < b and c > d')).toBe(false);
  });

  describe.each(BUILT_IN_COURSES.map((course) => [course.key, course] as const))('%s', (_key, course) => {
    it('has the course metadata', () => {
      expect(Number.isInteger(course.version)).toBe(true);
      expect(course.version).toBeGreaterThanOrEqual(1);
      expect(course.title.trim()).not.toBe('');
      expect(course.summary.trim()).not.toBe('');
      expect(course.estimatedMinutes).toBeGreaterThan(0);
      expect(course.passMark).toBeGreaterThanOrEqual(50);
      expect(course.passMark).toBeLessThanOrEqual(100);
    });

    it('has at least three lessons of Markdown without raw HTML or images', () => {
      expect(course.lessons.length).toBeGreaterThanOrEqual(3);
      for (const lesson of course.lessons) {
        expect(lesson.title.trim(), `title of a lesson in ${course.key}`).not.toBe('');
        expect(lesson.markdown.trim(), `lesson "${lesson.title}"`).not.toBe('');
        expect(lesson.markdown, `lesson "${lesson.title}" contains raw HTML`).not.toMatch(HTML_TAG);
        expect(lesson.markdown, `lesson "${lesson.title}" contains an image`).not.toMatch(/!\[/);
        expect(lesson.markdown, `lesson "${lesson.title}" uses a heading above ###`).not.toMatch(
          /^#{1,2}\s/m,
        );
      }
    });

    it('has at least five well-formed quiz questions', () => {
      expect(course.quiz.length).toBeGreaterThanOrEqual(5);
      for (const question of course.quiz) {
        const where = `question "${question.prompt}"`;
        expect(question.prompt.trim(), where).not.toBe('');
        expect(question.options.length, where).toBeGreaterThanOrEqual(3);
        expect(question.options.length, where).toBeLessThanOrEqual(5);
        for (const option of question.options) expect(option.trim(), where).not.toBe('');
        expect(new Set(question.options.map((o) => o.trim().toLowerCase())).size, where).toBe(
          question.options.length,
        );
        expect(question.correct.length, where).toBeGreaterThanOrEqual(1);
        expect(new Set(question.correct).size, where).toBe(question.correct.length);
        for (const index of question.correct) {
          expect(Number.isInteger(index), where).toBe(true);
          expect(index, where).toBeGreaterThanOrEqual(0);
          expect(index, where).toBeLessThan(question.options.length);
        }
        expect(question.correct.length, `${where}: not every option can be right`).toBeLessThan(
          question.options.length,
        );
        expect(question.explanation.trim(), where).not.toBe('');
      }
    });
  });
});
