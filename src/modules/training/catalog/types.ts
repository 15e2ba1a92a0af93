/**
 * The shape of a built-in course: written for Heed, shipped in the code, and copied into every
 * organization's catalog (where admins can assign or archive it, and clone it to edit).
 */
export interface CatalogQuestion {
  /** The question, plain text. */
  prompt: string;
  /** 3–5 answers, plain text. */
  options: string[];
  /** Indexes into `options` of the right answers (one or more). */
  correct: number[];
  /** Shown after answering: why the right answer is right. Plain text. */
  explanation: string;
}

export interface CatalogLesson {
  title: string;
  /** The lesson, in Markdown (headings from ###, lists, bold, links; no raw HTML, no images). */
  markdown: string;
}

export interface CatalogCourse {
  /** Stable identifier of the built-in course, e.g. 'phishing-basics'. Never changes. */
  key: string;
  /** Bumped whenever the content changes, so existing copies are updated. */
  version: number;
  title: string;
  /** One or two sentences for the catalog card. */
  summary: string;
  /** Minutes a learner needs, roughly. */
  estimatedMinutes: number;
  /** Percentage of quiz questions that must be right to pass (e.g. 80). */
  passMark: number;
  lessons: CatalogLesson[];
  quiz: CatalogQuestion[];
}
