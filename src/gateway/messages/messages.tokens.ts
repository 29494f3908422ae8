/**
 * A conservative count of a Messages request's input tokens, for admission, rate limits and count_tokens on
 * providers that cannot count: ASCII text at 2.5 characters a token (tokenizers average about 4 on English and 3
 * on code), other scripts at 0.75 token per UTF-8 byte (emoji and rare CJK split into up to 3 tokens), a fixed
 * overhead per block and message, an image at Anthropic's largest (about 1,600 tokens
 * once resized), a PDF at a page's worth per 40 KB plus one page. An upper bound for natural text and code (random
 * character soup can exceed it), never a bill.
 */
const BYTES_PER_TOKEN = 2.5;
const PER_MESSAGE = 6;
const PER_BLOCK = 4;
const PER_REQUEST = 10;
const IMAGE_TOKENS = 1_600;
const PDF_PAGE_TOKENS = 3_000;
const PDF_BYTES_PER_PAGE = 40_000;

type Obj = Record<string, unknown>;

/** Non-ASCII text tokenizes far worse (an emoji is up to 3 tokens in 4 bytes): each of its UTF-8 bytes counts this much. */
const TOKENS_PER_NON_ASCII_BYTE = 0.75;

function textTokens(text: string): number {
  let ascii = 0;
  let wide = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) ascii++;
    else if (c < 0x800 || (c >= 0xd800 && c <= 0xdfff)) wide += 2; // a surrogate pair is 4 bytes, 2 per half
    else wide += 3;
  }
  return Math.ceil(ascii / BYTES_PER_TOKEN + wide * TOKENS_PER_NON_ASCII_BYTE);
}

function jsonTokens(v: unknown): number {
  return v === undefined || v === null ? 0 : textTokens(JSON.stringify(v));
}

function mediaTokens(block: Obj): number {
  const source = (block.source ?? {}) as Obj;
  if (block.type === 'image') return IMAGE_TOKENS;
  if (source.type === 'text' && typeof source.data === 'string') return textTokens(source.data);
  if (source.type === 'content' && Array.isArray(source.content)) return blocksTokens(source.content);
  const bytes = typeof source.data === 'string' ? Math.ceil((source.data.length * 3) / 4) : PDF_BYTES_PER_PAGE;
  return PDF_PAGE_TOKENS * (1 + Math.ceil(bytes / PDF_BYTES_PER_PAGE));
}

function blockTokens(block: unknown): number {
  if (typeof block === 'string') return textTokens(block);
  if (!block || typeof block !== 'object') return 0;
  const b = block as Obj;
  let n = PER_BLOCK;
  switch (b.type) {
    case 'text':
      return n + textTokens(String(b.text ?? ''));
    case 'thinking':
      return n + textTokens(String(b.thinking ?? ''));
    case 'image':
    case 'document':
      return n + mediaTokens(b);
    case 'tool_use':
      return n + textTokens(String(b.name ?? '')) + jsonTokens(b.input);
    case 'tool_result':
      n += typeof b.content === 'string' ? textTokens(b.content) : Array.isArray(b.content) ? blocksTokens(b.content) : 0;
      return n;
    default:
      return n + jsonTokens(b);
  }
}

function blocksTokens(content: unknown): number {
  if (typeof content === 'string') return textTokens(content);
  if (!Array.isArray(content)) return 0;
  let n = 0;
  for (const block of content) n += blockTokens(block);
  return n;
}

/** The estimated input tokens of a Messages request (system, messages, tools, tool choice). */
export function estimateMessagesTokens(body: Obj): number {
  let n = PER_REQUEST + blocksTokens(body.system);
  const messages = Array.isArray(body.messages) ? body.messages : [];
  for (const m of messages) n += PER_MESSAGE + blocksTokens((m as Obj | null)?.content);
  n += jsonTokens(body.tools) + jsonTokens(body.tool_choice);
  return n;
}
