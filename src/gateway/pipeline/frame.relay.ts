import type { ApiError, Money, Usage } from '../../common/index.js';
import { UpstreamStream, type RelayEvent, type RelayMapper, type WireRequest } from '../../providers/index.js';
import type { Candidate } from '../planning/gateway.router.js';
import type { ClientChannel, SseSink } from './client.channel.js';
import type { Exchange } from './exchange.js';
import { StreamPump, openAhead, type StreamEnding, type Step } from './stream.pump.js';
import type { StreamSurface } from './surface.js';

/** Characters of framing (event name, JSON keys) assumed per frame when estimating generated text from frames. */
const FRAME_OVERHEAD_CHARS = 90;

/**
 * Stream a surface-framed answer (Messages today; any surface whose mapper yields RelayEvents): the candidates, each
 * opened with the surface's mapper and read ahead to the first frame with answer content, then relayed.
 */
export async function relayFrames(exchange: Exchange, candidates: readonly Candidate[], translate: (c: Candidate) => WireRequest, mapper: (c: Candidate) => RelayMapper, surface: StreamSurface, channel: ClientChannel): Promise<void> {
  const { candidate, value: upstream } = await exchange.attempt(
    candidates,
    translate,
    async (c, wire, signal) => openAhead(await UpstreamStream.openWith(c.rt, wire, () => mapper(c), signal), c.provider, (ev) => (ev.type === 'frame' && ev.content) || ev.type === 'done', (ev) => (ev.type === 'error' ? ev.error : null)),
    channel,
  );
  await new FrameRelay(exchange, candidate, upstream, exchange.openStream(channel), surface).pump();
}

/** Frames → the client as they come; the mapper's tail frame last; a failure told in the surface's envelope. */
class FrameRelay extends StreamPump<RelayEvent> {
  private readonly frames: Required<Pick<SseSink, 'writeFrame' | 'finish'>>;

  constructor(
    exchange: Exchange,
    candidate: Candidate,
    upstream: UpstreamStream<RelayEvent>,
    sink: SseSink,
    private readonly surface: StreamSurface,
  ) {
    super(exchange, candidate, upstream, sink);
    if (!sink.writeFrame || !sink.finish) throw new Error('FrameRelay needs a sink that writes frames');
    this.frames = sink as FrameRelay['frames'];
  }

  protected async content(ev: RelayEvent): Promise<Step> {
    if (ev.type !== 'frame') return 'next';
    this.chars += Math.max(0, ev.text.length - FRAME_OVERHEAD_CHARS);
    return (await this.write(() => this.frames.writeFrame(ev.text))) ? 'next' : 'gone';
  }

  /** The mapper's tail frame (e.g. Messages' message_stop) goes last, after settlement. */
  protected ending(_usage: Usage, _costE10: Money, done: RelayEvent | null): StreamEnding {
    const tail = done?.type === 'done' ? done.tail : '';
    return { transcript: this.sink.transcript() + tail, close: () => this.frames.finish(tail) };
  }

  protected tellFailure(error: ApiError): void {
    this.frames.finish(this.surface.errorFrame(error));
  }
}
