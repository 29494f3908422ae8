export { SseWriter } from './sse.writer.js';
