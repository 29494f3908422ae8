import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { Tiktoken } from 'js-tiktoken/lite';
import o200k from 'js-tiktoken/ranks/o200k_base';
import { textTokenBound } from '../../../../src/gateway/chat/text-tokens.js';
import { estimatePromptTokens } from '../../../../src/gateway/chat/token.estimate.js';
import type { ChatRequest } from '../../../../src/providers/index.js';

const enc = new Tiktoken(o200k);
const count = (text: string): number => enc.encode(text).length;

/** Natural text in many scripts (pangrams and everyday sentences). */
const CORPUS = [
  'The quick brown fox jumps over the lazy dog.',
  'Please summarise the attached quarterly report in three bullet points.',
  'Les élèves étaient très fatigués après l’examen; ils ont déjeuné à midi.',
  'Die Straßenbahnhaltestelle befindet sich gegenüber dem Bürgeramt.',
  'El pingüino Wenceslao hizo kilómetros bajo exhaustiva lluvia y frío.',
  'Zażółć gęślą jaźń, a potem wróć do domu.',
  'Tiếng Việt có dấu rất phức tạp nhưng rất đẹp.',
  'Съешь же ещё этих мягких французских булок, да выпей чаю.',
  'Ξεσκεπάζω την ψυχοφθόρα βδελυγμία.',
  'نص حكيم له سر قاطع وذو شأن عظيم مكتوب على ثوب أخضر ومغلف بجلد أزرق',
  'דג סקרן שט בים מאוכזב ולפתע מצא חברה',
  'ऋषियों को सताने वाले दुष्ट राक्षसों के राजा रावण का सर्वनाश करने वाले',
  'আমি বাংলায় গান গাই, আমি বাংলার গান গাই।',
  'เป็นมนุษย์สุดประเสริฐเลิศคุณค่า กว่าบรรดาฝูงสัตว์เดรัจฉาน',
  '我能吞下玻璃而不伤身体。',
  '天气预报说明天会下雨，请记得带伞。',
  '龘靐齉爩麤灪',
  'いろはにほへと ちりぬるを 色は匂へど散りぬるを',
  '東京駅から新幹線で大阪まで約二時間半かかります。',
  '다람쥐 헌 쳇바퀴에 타고파',
  '오늘 회의는 오후 세 시에 시작합니다.',
  'ქართული ენა ერთ-ერთი უძველესი ენაა',
  'Բարեւ ձեզ, ինչպես եք',
  'ሰላም ለዓለም፣ እንዴት ነህ?',
  'Мен қазақ тілінде сөйлеймін.',
  'Kowalczyk met getWeatherForecast at 12:45 on 2024-03-17.',
  'function add(a, b) {\n  return a + b;\n}\n',
  '{"city":"Zürich","temperature_c":-3.5,"tags":["snow","wind"]}',
  'SELECT id, name FROM users WHERE created_at > NOW() - INTERVAL 7 DAY;',
];
const EMOJI = ['😀', '👍🏽', '👨‍👩‍👧‍👦', '🏳️‍🌈', '🤖', '❤️', '🇯🇵', '✅', '🔥🔥🔥'];

const fragment = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...CORPUS) },
  { weight: 1, arbitrary: fc.constantFrom(...EMOJI) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 10_000_000 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom('!', '?', '...', ' — ', '(', ')', ': ', '\t', '    ') },
);
const text = fc.tuple(fc.array(fragment, { minLength: 1, maxLength: 30 }), fc.constantFrom(' ', '\n', '', '\n\n')).map(([parts, sep]) => parts.join(sep));

describe('the prompt estimate is an upper bound in any script (issue 12, item 6)', () => {
  it('each corpus sentence: the bound is at least o200k_base\'s count', () => {
    for (const s of [...CORPUS, ...EMOJI]) expect({ s, bound: textTokenBound(s) >= count(s) }).toEqual({ s, bound: true });
  });

  it('random multilingual text (mixed scripts, emoji, numbers, code): bound ≥ o200k_base', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(textTokenBound(t)).toBeGreaterThanOrEqual(count(t));
      }),
      { numRuns: 200 },
    );
  });

  it('a whole chat request: the estimate covers the real count with the per-message framing', () => {
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 4 }), (contents) => {
        const req: ChatRequest = { model: 'm', messages: contents.map((content, i) => ({ role: i % 2 ? 'assistant' : 'user', content })) };
        // OpenAI's framing: 3 tokens a message plus 3 for the reply's start
        const real = contents.reduce((sum, c) => sum + count(c) + 3, 3);
        expect(estimatePromptTokens(req)).toBeGreaterThanOrEqual(real);
      }),
      { numRuns: 100 },
    );
  });

  it('covers what providers reported for the fixture requests (OpenAI, Ollama\'s OpenAI-compatible API)', () => {
    const fixture = (path: string) => JSON.parse(readFileSync(`test/fixtures/providers/${path}`, 'utf8'));
    const promptOf = (sse: string) => Number(/"prompt_tokens":(\d+)/.exec(readFileSync(`test/fixtures/providers/${sse}`, 'utf8'))![1]);
    const pairs: Array<[ChatRequest, number]> = [
      [fixture('openai/chat_completions_request.json'), fixture('openai/chat_completions_response.json').usage.prompt_tokens],
      [fixture('openai/chat_completions_request.json'), fixture('openai/chat_completions_response_tool_calls.json').usage.prompt_tokens],
      [fixture('openai/chat_completions_stream_request.json'), promptOf('openai/chat_completions_stream.sse')],
      [fixture('ollama/openai_compat_chat_request.json'), promptOf('ollama/openai_compat_chat_stream.sse')],
    ];
    for (const [req, reported] of pairs) expect(estimatePromptTokens(req)).toBeGreaterThanOrEqual(reported);
  });

  it('stays cheap on the hot path: one linear pass (about what parsing the request body costs)', () => {
    const joined = `${CORPUS.join(' ')} ${EMOJI.join(' ')} `;
    const big = joined.repeat(Math.ceil(200_000 / joined.length)).slice(0, 200_000);
    const body = JSON.stringify({ model: 'm', messages: [{ role: 'user', content: big }] });
    const time = (fn: () => unknown): number => {
      for (let i = 0; i < 10; i++) fn(); // warm (JIT)
      const t0 = performance.now();
      for (let i = 0; i < 10; i++) fn();
      return (performance.now() - t0) / 10;
    };
    // linear: ten times the text takes about ten times as long (quadratic would be a hundred; a busy machine adds noise)
    const tenth = big.slice(0, 20_000);
    expect(time(() => textTokenBound(big))).toBeLessThan(30 * time(() => textTokenBound(tenth)) + 5);
    expect(textTokenBound(JSON.parse(body).messages[0].content)).toBe(textTokenBound(big));
  });
});
