import type { SessionListItem } from '../../sessions/index.js';

export interface SessionView {
  id: string;
  user_id: string;
  username: string | null;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
  current: boolean;
}

export function toSessionView(row: SessionListItem, currentSessionId: string): SessionView {
  return {
    id: row.id,
    user_id: row.user_id,
    username: row.username,
    created_at: new Date(row.created_at).toISOString(),
    last_seen_at: new Date(row.last_seen_at).toISOString(),
    expires_at: new Date(row.expires_at).toISOString(),
    ip: row.ip,
    user_agent: row.user_agent,
    current: row.id === currentSessionId,
  };
}
