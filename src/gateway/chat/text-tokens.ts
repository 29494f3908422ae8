/**
 * An upper bound on the tokens of a text for byte-level BPE tokenizers (o200k_base, cl100k, Claude's, Gemini's),
 * one pass over the UTF-16 code units with a class table built once. Per kind of character:
 * - ASCII letters by word: ⌈(length+1)/4⌉ a word (about four letters a token, a token at least for a short word);
 *   Latin letters with diacritics count four inside the word (they often split a word);
 * - ASCII digits by run: ⌈length/3⌉ (tokenizers split numbers in groups of at most three);
 * - ASCII punctuation and symbols: one each (they merge, never split);
 * - ASCII whitespace: a single space before a word (alphabetic scripts) or an ASCII symbol is free (it joins it),
 *   a longer run a token per four and one for its last space;
 * - Greek, Cyrillic, Armenian, Hebrew, Arabic, Indic, Thai, Georgian… letters: ¾ a token each, rounded up per run;
 * - Han and Hangul: 2 each, kana 1.5 (common characters are one token or less, rare ones two);
 * - anything else (emoji, symbols, other scripts): its UTF-8 byte count, the hard bound of any byte-level BPE.
 * Property-tested against o200k_base over multilingual text (test/unit/gateway/token-bound.property.spec.ts).
 * Not a bound for adversarial strings (random letters, base64): those are not prose, and cost what they cost.
 */

const OTHER = 0;
const LETTER = 1;
const LATIN = 2;
const MARK = 3;
const DIGIT = 4;
const SPACE = 5;
const BREAK = 6;
const PUNCT = 7;
const SCRIPT = 8;
const HAN = 9;
const KANA = 10;
const SURROGATE = 11;

const CLASS = buildClasses();

function buildClasses(): Uint8Array {
  const t = new Uint8Array(0x10000);
  const set = (from: number, to: number, cls: number) => t.fill(cls, from, to + 1);
  set(0x21, 0x7e, PUNCT);
  set(0x30, 0x39, DIGIT);
  set(0x41, 0x5a, LETTER);
  set(0x61, 0x7a, LETTER);
  t[0x20] = SPACE;
  t[0x09] = BREAK;
  t[0x0a] = BREAK;
  t[0x0d] = BREAK;
  set(0xc0, 0x24f, LATIN);
  t[0xd7] = OTHER;
  t[0xf7] = OTHER;
  set(0x370, 0x10ff, SCRIPT);
  set(0x300, 0x36f, MARK);
  set(0x1e00, 0x1fff, SCRIPT);
  set(0x3040, 0x30ff, KANA);
  set(0x3400, 0x9fff, HAN);
  set(0xf900, 0xfaff, HAN);
  set(0x1100, 0x11ff, HAN);
  set(0x3130, 0x318f, HAN);
  set(0xac00, 0xd7af, HAN);
  set(0xd800, 0xdbff, SURROGATE);
  return t;
}

/** A whitespace run: one space joins the word or symbol after it (free); a longer run is a token per four, plus its
 * last space, which joins what follows or stands alone. */
function whitespace(length: number, breaks: boolean, joinsNext: boolean): number {
  if (length === 1 && !breaks) return joinsNext ? 0 : 1;
  return Math.ceil((length - 1) / 4) + 1;
}

export function textTokenBound(text: string): number {
  let tokens = 0;
  let word = 0;
  let digits = 0;
  let spaces = 0;
  let breaks = false;
  let script = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    const cls = CLASS[c];
    if (cls === LETTER) {
      word++;
      if (digits) {
        tokens += Math.ceil(digits / 3);
        digits = 0;
      }
      if (spaces) {
        tokens += whitespace(spaces, breaks, true);
        spaces = 0;
        breaks = false;
      }
      if (script) {
        tokens += Math.ceil(script * 0.75);
        script = 0;
      }
      continue;
    }
    if (cls === MARK) {
      if (word) word += 2;
      else if (script) script++;
      else tokens += 2;
      continue;
    }
    if (word && cls !== LATIN) {
      tokens += Math.ceil((word + 1) / 4);
      word = 0;
    }
    if (digits && cls !== DIGIT) {
      tokens += Math.ceil(digits / 3);
      digits = 0;
    }
    if (spaces && cls !== SPACE && cls !== BREAK) {
      tokens += whitespace(spaces, breaks, cls === LATIN || cls === SCRIPT || cls === PUNCT);
      spaces = 0;
      breaks = false;
    }
    if (script && cls !== SCRIPT) {
      tokens += Math.ceil(script * 0.75);
      script = 0;
    }
    switch (cls) {
      case LATIN: word += 4; break;
      case DIGIT: digits++; break;
      case SPACE: spaces++; break;
      case BREAK: spaces++; breaks = true; break;
      case SCRIPT: script++; break;
      case PUNCT: tokens += 1; break;
      case HAN: tokens += 2; break;
      case KANA: tokens += 1.5; break;
      case SURROGATE: tokens += 4; i++; break; // a supplementary code point (emoji…): four UTF-8 bytes
      default: tokens += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
    }
  }
  if (word) tokens += Math.ceil((word + 1) / 4);
  if (digits) tokens += Math.ceil(digits / 3);
  if (spaces) tokens += whitespace(spaces, breaks, false);
  if (script) tokens += Math.ceil(script * 0.75);
  return Math.ceil(tokens);
}
