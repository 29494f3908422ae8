export { messagesFrame, stopReasonOf } from './messages.frames.js';
export { chatFromMessages, effortForBudget, type MessagesToChatOptions } from './messages.request.js';
export { messageFromChat, messagesUsage, messageId, toolInput } from './messages.response.js';
export { MessagesStreamEncoder, encodedMapper, type EncoderHead } from './messages.encoder.js';
export { AnthropicRelayMapper, relayedMessageUsage } from './messages.relay.js';
