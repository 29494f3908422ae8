export { SessionsModule } from './sessions.module.js';
export { SessionsService, SESSION_TOUCH_INTERVAL_MS, type SessionListItem, type ValidatedSession } from './sessions.service.js';
export { SessionsCleanupJob, SESSIONS_CLEANUP_JOB } from './sessions-cleanup.job.js';
export { SessionEntity } from './session.entity.js';
export { SESSION_TOKEN_PREFIX, looksLikeSessionToken } from './session-token.js';
