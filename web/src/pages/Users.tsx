import { useState } from 'preact/hooks';
import { api, seg } from '../api/client';
import type { AdminUser, List, Role } from '../api/types';
import { useAuth } from '../auth';
import { Badge } from '../components/Badge';
import { SelectField, TextField } from '../components/Fields';
import { Modal } from '../components/Modal';
import { Card, PageHeader } from '../components/Page';
import { Table } from '../components/Table';
import { formatDate } from '../format';
import { useAction, useResource } from '../hooks';
import { askConfirm, notifySuccess } from '../notices';

const ROLES = [
  { value: 'viewer', label: 'viewer (read-only)' },
  { value: 'admin', label: 'admin' },
];

export function UsersPage() {
  const { user: me } = useAuth();
  const res = useResource((signal) => api.get<List<AdminUser>>('/api/users', undefined, signal), []);
  const [pwFor, setPwFor] = useState<AdminUser | null>(null);
  const [busy, run] = useAction();

  const patch = async (u: AdminUser, body: { role?: Role; disabled?: boolean }, msg: string) => {
    const done = await run(() => api.patch(`/api/users/${seg(u.id)}`, body).then(() => true));
    if (done) {
      notifySuccess(msg);
      res.reload();
    }
  };

  const toggleRole = async (u: AdminUser) => {
    const role: Role = u.role === 'admin' ? 'viewer' : 'admin';
    const ok = await askConfirm({ title: 'Change role', message: `Make “${u.username}” ${role === 'admin' ? 'an admin (full access)' : 'a viewer (read-only)'}?`, okLabel: 'Change role' });
    if (ok) await patch(u, { role }, `${u.username} is now ${role}.`);
  };

  const toggleDisabled = async (u: AdminUser) => {
    if (!u.disabled) {
      const ok = await askConfirm({ title: 'Disable user', message: `Disable “${u.username}”? They are signed out and cannot sign in until re-enabled.`, okLabel: 'Disable', danger: true });
      if (!ok) return;
    }
    await patch(u, { disabled: !u.disabled }, `${u.username} ${u.disabled ? 'enabled' : 'disabled'}.`);
  };

  const remove = async (u: AdminUser) => {
    const ok = await askConfirm({ title: 'Delete user', message: `Delete user “${u.username}”? This cannot be undone.`, okLabel: 'Delete', danger: true });
    if (!ok) return;
    const done = await run(() => api.del(`/api/users/${seg(u.id)}`).then(() => true));
    if (done) {
      notifySuccess(`User ${u.username} deleted.`);
      res.reload();
    }
  };

  return (
    <div>
      <PageHeader title="Users" />
      <CreateUser onCreated={res.reload} />
      <Card title="Dashboard users">
        <Table<AdminUser>
          caption="Users"
          rows={res.data?.data}
          loading={res.loading}
          rowKey={(u) => u.id}
          rowTestId="user-row"
          rowClass={(u) => (u.disabled ? 'row-dim' : undefined)}
          columns={[
            { label: 'Username', render: (u) => <><span class="strong">{u.username}</span>{u.id === me.id && <> <Badge tone="info">you</Badge></>}</> },
            { label: 'Role', render: (u) => <Badge tone={u.role === 'admin' ? 'warn' : 'muted'}>{u.role}</Badge> },
            { label: 'Status', render: (u) => (u.disabled ? <Badge tone="err">disabled</Badge> : <Badge tone="ok">active</Badge>) },
            { label: 'Created', render: (u) => formatDate(u.created_at) },
            {
              label: '',
              class: 'actions',
              render: (u) => (
                <div class="btn-group">
                  <button type="button" class="btn btn-small" onClick={() => setPwFor(u)} data-testid="user-password">
                    Set password
                  </button>
                  {u.id !== me.id && (
                    <>
                      <button type="button" class="btn btn-small" onClick={() => toggleRole(u)} disabled={busy} data-testid="user-role">
                        Make {u.role === 'admin' ? 'viewer' : 'admin'}
                      </button>
                      <button type="button" class="btn btn-small" onClick={() => toggleDisabled(u)} disabled={busy} data-testid="user-disable">
                        {u.disabled ? 'Enable' : 'Disable'}
                      </button>
                      <button type="button" class="btn btn-small btn-danger" onClick={() => remove(u)} disabled={busy} data-testid="user-delete">
                        Delete
                      </button>
                    </>
                  )}
                </div>
              ),
            },
          ]}
        />
      </Card>
      {pwFor && <PasswordModal user={pwFor} onClose={() => setPwFor(null)} />}
    </div>
  );
}

function CreateUser({ onCreated }: { onCreated: () => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<string>('viewer');
  const [busy, run] = useAction();

  const submit = async (e: Event) => {
    e.preventDefault();
    const done = await run(() => api.post('/api/users', { username: username.trim(), password, role }).then(() => true));
    if (!done) return;
    notifySuccess(`User ${username.trim()} created.`);
    setUsername('');
    setPassword('');
    setRole('viewer');
    onCreated();
  };

  return (
    <Card title="New user">
      <form class="form-row" onSubmit={submit}>
        <TextField label="Username" value={username} onValue={setUsername} required testid="user-create-username" />
        <TextField label="Password" type="password" value={password} onValue={setPassword} autoComplete="new-password" required testid="user-create-password" />
        <SelectField label="Role" value={role} onValue={setRole} options={ROLES} testid="user-create-role" />
        <button type="submit" class="btn btn-primary" disabled={busy} data-testid="user-create-submit">
          Create user
        </button>
      </form>
    </Card>
  );
}

function PasswordModal({ user, onClose }: { user: AdminUser; onClose: () => void }) {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, run] = useAction();
  const mismatch = confirm.length > 0 && confirm !== password;

  const submit = async (e: Event) => {
    e.preventDefault();
    if (password !== confirm) return;
    const done = await run(() => api.patch(`/api/users/${seg(user.id)}`, { password }).then(() => true));
    if (done) {
      notifySuccess(`Password for ${user.username} changed.`);
      onClose();
    }
  };

  return (
    <Modal title={`Set password for ${user.username}`} onClose={onClose}>
      <form class="form-stack" onSubmit={submit}>
        <TextField label="New password" type="password" value={password} onValue={setPassword} autoComplete="new-password" required testid="user-new-password" />
        <TextField label="Repeat password" type="password" value={confirm} onValue={setConfirm} autoComplete="new-password" required hint={mismatch ? 'Passwords do not match.' : undefined} testid="user-new-password2" />
        <div class="form-actions">
          <button type="button" class="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" class="btn btn-primary" disabled={busy || !password || password !== confirm} data-testid="user-password-save">
            Set password
          </button>
        </div>
      </form>
    </Modal>
  );
}
