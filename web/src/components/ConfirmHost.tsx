import { useEffect, useState } from 'preact/hooks';
import { subscribeConfirm, type ConfirmRequest } from '../notices';
import { Modal } from './Modal';

/** Renders the pending askConfirm() request, if any. Mounted once at the app root. */
export function ConfirmHost() {
  const [req, setReq] = useState<ConfirmRequest | null>(null);
  useEffect(() => subscribeConfirm(setReq), []);
  if (!req) return null;
  return (
    <Modal
      title={req.title}
      onClose={() => req.resolve(false)}
      testid="confirm-dialog"
      footer={
        <>
          <button type="button" class="btn" data-testid="confirm-cancel" data-autofocus={req.danger ? true : undefined} onClick={() => req.resolve(false)}>
            Cancel
          </button>
          <button type="button" class={req.danger ? 'btn btn-danger' : 'btn btn-primary'} data-testid="confirm-ok" data-autofocus={req.danger ? undefined : true} onClick={() => req.resolve(true)}>
            {req.okLabel ?? 'OK'}
          </button>
        </>
      }
    >
      <p>{req.message}</p>
    </Modal>
  );
}
