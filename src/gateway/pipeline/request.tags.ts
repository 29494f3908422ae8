import { ApiError } from '../../common/index.js';

export const TAGS_HEADER = 'x-gophergate-tags';
export const MAX_TAGS = 10;
const TAG = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * The spend-attribution tags of a /v1 request (`x-gophergate-tags: team-a,checkout`): up to 10 tags of
 * `[A-Za-z0-9._:-]{1,64}`, comma-separated (spaces around commas allowed), duplicates dropped. Absent → [].
 * Anything else is a 400 in the surface's envelope: a malformed header is never silently dropped.
 */
export function tagsOf(header: string | string[] | undefined): string[] {
  if (header === undefined) return [];
  const text = Array.isArray(header) ? header.join(',') : header;
  const tags = [...new Set(text.split(',').map((t) => t.trim()))];
  if (tags.length > MAX_TAGS || tags.some((t) => !TAG.test(t))) {
    throw ApiError.invalidRequest(
      `The ${TAGS_HEADER} header must be up to ${MAX_TAGS} comma-separated tags, each 1-64 characters of A-Z a-z 0-9 . _ : -`,
      TAGS_HEADER,
      'invalid_tags',
    );
  }
  return tags;
}
