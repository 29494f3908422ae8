import { api, seg } from '../api/client';
import type { List, Session } from '../api/types';
import { Badge } from '../components/Badge';
import { Card, PageHeader } from '../components/Page';
import { Table } from '../components/Table';
import { formatDate, formatRelative } from '../format';
import { useAction, useNow, useResource } from '../hooks';
import { askConfirm, notifySuccess } from '../notices';

function shortAgent(ua: string | null): string {
  if (!ua) return '—';
  const m = ua.match(/(Firefox|Edg|Chrome|Safari|curl|python-requests|node)[/ ]([\d.]+)/);
  return m ? `${m[1] === 'Edg' ? 'Edge' : m[1]} ${m[2].split('.')[0]}` : ua.slice(0, 40);
}

export function SessionsPage() {
  const res = useResource((signal) => api.get<List<Session>>('/api/sessions', undefined, signal), []);
  const [busy, run] = useAction();
  const now = useNow(30_000);

  const revoke = async (s: Session) => {
    const ok = await askConfirm({
      title: 'Revoke session',
      message: s.current ? 'This is your current session: you will be signed out.' : `Sign out ${s.username} on ${shortAgent(s.user_agent)} (${s.ip ?? 'unknown IP'})?`,
      okLabel: 'Revoke',
      danger: true,
    });
    if (!ok) return;
    const done = await run(() => api.del(`/api/sessions/${seg(s.id)}`).then(() => true));
    if (done) {
      notifySuccess('Session revoked.');
      res.reload();
    }
  };

  return (
    <div>
      <PageHeader title="Sessions">
        <button type="button" class="btn" onClick={res.reload} disabled={res.loading}>
          Refresh
        </button>
      </PageHeader>
      <Card>
        <Table<Session>
          caption="Sign-in sessions"
          rows={res.data?.data}
          loading={res.loading}
          rowKey={(s) => s.id}
          rowTestId="session-row"
          columns={[
            { label: 'User', render: (s) => <><span class="strong">{s.username}</span>{s.current && <> <Badge tone="info">this session</Badge></>}</> },
            { label: 'Signed in', render: (s) => formatDate(s.created_at) },
            { label: 'Last seen', render: (s) => <span title={formatDate(s.last_seen_at)}>{formatRelative(s.last_seen_at, now)}</span> },
            { label: 'Expires', render: (s) => <span title={formatDate(s.expires_at)}>{formatRelative(s.expires_at, now)}</span> },
            { label: 'IP', render: (s) => <span class="mono">{s.ip ?? '—'}</span> },
            { label: 'Browser', render: (s) => <span title={s.user_agent ?? undefined}>{shortAgent(s.user_agent)}</span> },
            {
              label: '',
              class: 'actions',
              render: (s) => (
                <button type="button" class="btn btn-small btn-danger" onClick={() => revoke(s)} disabled={busy} data-testid="session-revoke">
                  Revoke
                </button>
              ),
            },
          ]}
        />
      </Card>
    </div>
  );
}
