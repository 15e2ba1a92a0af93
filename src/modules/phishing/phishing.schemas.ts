import { z } from 'zod';
import { TEMPLATE_VARIABLES } from './phishing.render.ts';

const text = (max: number) =>
  z.string().trim().min(1, 'is required').max(max, `must be at most ${max} characters`);

export const difficultySchema = z.enum(['easy', 'medium', 'hard']);
export const contentStatusSchema = z.enum(['active', 'archived']);

const variableList = TEMPLATE_VARIABLES.map((v) => `{{${v}}}`).join(', ');

export const templateBodySchema = z.strictObject({
  name: text(200),
  category: z.string().trim().max(60, 'must be at most 60 characters').default(''),
  difficulty: difficultySchema,
  subject: text(300).describe(`Plain text; may use ${variableList}`),
  senderName: text(200),
  senderAddress: z
    .email({ message: 'must be an email address' })
    .max(320, 'must be at most 320 characters')
    .describe('The From address of the simulation (a campaign sends from it)'),
  htmlBody: text(200_000).describe(`HTML; must contain {{link}}; may use ${variableList}`),
  textBody: text(50_000).describe('The plain-text part; must contain {{link}}'),
  redFlags: z
    .array(text(300))
    .max(10, 'at most 10 red flags')
    .default([])
    .describe('What gives the lure away: listed on the teachable-moment page'),
});
export type TemplateInput = z.infer<typeof templateBodySchema>;

export const templateSchema = z.object({
  id: z.string(),
  name: z.string(),
  category: z.string(),
  difficulty: difficultySchema,
  subject: z.string(),
  senderName: z.string(),
  senderAddress: z.string(),
  builtIn: z.boolean().describe('Written by Heed: use or archive it; clone it to change it'),
  status: contentStatusSchema,
  archivedAt: z.string().nullable(),
  redFlags: z.array(z.string()),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Template = z.infer<typeof templateSchema>;

export const templateDetailSchema = templateSchema.extend({
  htmlBody: z.string(),
  textBody: z.string(),
});
export type TemplateDetail = z.infer<typeof templateDetailSchema>;

export const templateListSchema = z.object({ data: z.array(templateSchema) });
export const listTemplatesQuerySchema = z.strictObject({
  status: z.enum(['active', 'archived', 'all']).default('active'),
  difficulty: difficultySchema.optional(),
  search: z.string().trim().max(200).optional().describe('Matches name, subject or category'),
});
export type ListTemplatesQuery = z.infer<typeof listTemplatesQuerySchema>;
export const contentParamsSchema = z.strictObject({ id: z.uuid() });

export const sampleRecipientSchema = z.strictObject({
  firstName: z.string().trim().max(100).default(''),
  lastName: z.string().trim().max(100).default(''),
  email: z.string().trim().max(320).default(''),
  department: z.string().trim().max(200).nullable().default(null),
});

/** A draft as the editor holds it: nothing required, so a half-written template previews too. */
export const templatePreviewBodySchema = z.strictObject({
  subject: z.string().max(300).default(''),
  senderName: z.string().max(200).default(''),
  senderAddress: z.string().max(320).default(''),
  htmlBody: z.string().max(200_000).default(''),
  textBody: z.string().max(50_000).default(''),
  redFlags: z.array(z.string().max(300)).max(10).default([]),
  sampleUser: sampleRecipientSchema
    .optional()
    .describe('Who the preview is addressed to; a sample person by default'),
});
export type TemplatePreviewInput = z.infer<typeof templatePreviewBodySchema>;

export const templatePreviewSchema = z.object({
  subject: z.string(),
  from: z.string(),
  html: z.string(),
  text: z.string(),
  teachableMoment: z.string().describe('The page shown after a click or submission, with the red flags'),
  problems: z
    .array(z.object({ path: z.string(), message: z.string() }))
    .describe('What saving this draft would refuse (unknown variables, a missing {{link}})'),
});

export const landingPageBodySchema = z.strictObject({
  name: text(200),
  html: text(500_000).describe(
    'The page; scripts, event handlers, form actions and input names are removed when it is saved',
  ),
});
export type LandingPageInput = z.infer<typeof landingPageBodySchema>;

export const landingPageSchema = z.object({
  id: z.string(),
  name: z.string(),
  builtIn: z.boolean(),
  status: contentStatusSchema,
  archivedAt: z.string().nullable(),
  formCount: z.number().int().describe('Forms on the page: a submission counts only where there is one'),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type LandingPage = z.infer<typeof landingPageSchema>;

export const landingPageDetailSchema = landingPageSchema.extend({
  html: z.string().describe('As stored: already prepared'),
});
export type LandingPageDetail = z.infer<typeof landingPageDetailSchema>;

export const landingPageListSchema = z.object({ data: z.array(landingPageSchema) });
export const listLandingPagesQuerySchema = z.strictObject({
  status: z.enum(['active', 'archived', 'all']).default('active'),
  search: z.string().trim().max(200).optional().describe('Matches the name'),
});
export type ListLandingPagesQuery = z.infer<typeof listLandingPagesQuerySchema>;

export const landingPagePreviewBodySchema = z.strictObject({
  html: z.string().max(500_000),
});
export const landingPagePreviewSchema = z.object({
  html: z.string().describe('The page as it would be stored and served'),
  formCount: z.number().int(),
});
