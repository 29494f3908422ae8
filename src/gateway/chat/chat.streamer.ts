import { moneyToUsd, type ApiError, type Money, type Usage } from '../../common/index.js';
import { UpstreamStream, toOpenAIUsage, type ChatChunk, type ChatRequest, type StreamEvent } from '../../providers/index.js';
import type { ClientChannel, SseSink } from '../pipeline/client.channel.js';
import type { Exchange } from '../pipeline/exchange.js';
import { spanAnswered } from '../pipeline/request.spans.js';
import { StreamPump, openAhead, type StreamEnding, type Step } from '../pipeline/stream.pump.js';
import type { Candidate, RoutePlan } from '../planning/gateway.router.js';
import type { Translations } from './chat.plan.js';

interface Head {
  id: string;
  created: number;
  model: string;
}

/** Characters of generated text in a chunk (content, reasoning, tool arguments): the estimate when usage never came. */
function chunkChars(chunk: ChatChunk): number {
  let n = 0;
  for (const choice of chunk.choices) {
    const d = choice.delta;
    if (!d) continue;
    if (typeof d.content === 'string') n += d.content.length;
    if (typeof d.reasoning_content === 'string') n += d.reasoning_content.length;
    if (d.tool_calls) for (const t of d.tool_calls) n += (t.function?.arguments?.length ?? 0) + (t.function?.name?.length ?? 0);
  }
  return n;
}

/** Stream one chat completion: the candidates, each read ahead to its first chunk, then the chunks relayed as `data:` frames. */
export async function streamChat(exchange: Exchange, req: ChatRequest, plan: RoutePlan, translations: Translations, channel: ClientChannel): Promise<void> {
  const { candidate, value: upstream } = await exchange.attempt(
    plan.candidates,
    translations.translate,
    async (c, wire, signal) =>
      openAhead(await UpstreamStream.open(c.rt, wire, translations.context(c), signal), c.provider, (ev) => ev.type === 'chunk' || ev.type === 'done', (ev) => (ev.type === 'error' ? ev.error : null)),
    channel,
  );
  await new ChatPump(exchange, candidate, upstream, exchange.openStream(channel), req.stream_options?.include_usage === true).pump();
}

/** Chat chunks as they come (the upstream's JSON text when the mapper kept it); the usage frame and [DONE] after settlement. */
class ChatPump extends StreamPump<StreamEvent> {
  private head: Head | null = null;
  /** Finish reasons seen in the chunks, collected only for a traced request. */
  private readonly finishReasons: string[] | null;

  constructor(
    exchange: Exchange,
    candidate: Candidate,
    upstream: UpstreamStream,
    sink: SseSink,
    private readonly includeUsage: boolean,
  ) {
    super(exchange, candidate, upstream, sink);
    this.finishReasons = exchange.observation?.span ? [] : null;
  }

  protected async content(ev: StreamEvent): Promise<Step> {
    if (ev.type !== 'chunk') return 'next';
    return (await this.forward(ev.chunk, ev.json)) ? 'next' : 'gone';
  }

  private forward(chunk: ChatChunk, json: string | undefined): Promise<boolean> {
    this.head ??= { id: chunk.id, created: chunk.created, model: chunk.model };
    this.chars += chunkChars(chunk);
    if (this.finishReasons) for (const choice of chunk.choices) if (choice.finish_reason) this.finishReasons.push(choice.finish_reason);
    return this.write(() => (json !== undefined && this.sink.writeJson ? this.sink.writeJson(json) : this.sink.write(chunk)));
  }

  protected ending(usage: Usage, costE10: Money): StreamEnding {
    if (this.finishReasons) spanAnswered(this.exchange, { id: this.head?.id, model: this.head?.model, finishReasons: this.finishReasons });
    if (this.includeUsage) {
      const head = this.head ?? { id: `chatcmpl-${this.exchange.requestId}`, created: Math.floor(Date.now() / 1000), model: this.exchange.model };
      this.sink.write({ ...head, object: 'chat.completion.chunk', choices: [], usage: { ...toOpenAIUsage(usage), cost: moneyToUsd(costE10) } });
    }
    return { transcript: this.sink.transcript(true), close: () => this.sink.done() };
  }

  protected tellFailure(error: ApiError): void {
    this.sink.fail(error.toEnvelope());
  }
}
