/** "Manage accounts": the account's users (login e-mail, role, active), and "Remove" for a secondary user, after a confirmation. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import { api, errorText } from '../api/portalClient';
import { isOwner, useUser } from '../api/session';
import { FormError } from '../forms/Field';
import { Notice } from '../shell/Page';
import { OwnersOnly } from './OwnersOnly';
import { TableWrap } from '../shell/TableWrap';

export interface AccountUser {
  id: number;
  email: string;
  name: string;
  role: 'customer.primary' | 'customer.secondary';
  active: boolean;
  createdAt: number;
}

export const usersKey = ['customer', 'users'] as const;

export function ManageAccounts() {
  const user = useUser();
  if (!isOwner(user)) {
    return (
      <section aria-labelledby="manage-accounts">
        <h2 id="manage-accounts">Manage accounts</h2>
        <OwnersOnly what="Manage accounts" />
        <p>
          <Link href="/self">Edit self profile</Link>
        </p>
      </section>
    );
  }
  return <UserList />;
}

function UserList() {
  const me = useUser();
  const queryClient = useQueryClient();
  const users = useQuery({ queryKey: usersKey, queryFn: () => api<{ users: AccountUser[] }>('GET', '/api/customer/users') });
  const [confirming, setConfirming] = useState<AccountUser | null>(null);
  const [removed, setRemoved] = useState<string | null>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const remove = useMutation({
    mutationFn: (u: AccountUser) => api('DELETE', `/api/customer/users/${u.id}`),
    onSuccess: (_r, u) => {
      setConfirming(null);
      setRemoved(`${u.name} (${u.email}) is removed and signed out; they can no longer sign in.`);
      void queryClient.invalidateQueries({ queryKey: usersKey });
    },
  });
  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);

  return (
    <section aria-labelledby="manage-accounts">
      <h2 id="manage-accounts">Manage accounts</h2>
      <p>
        The people who sign in to your account. Secondary users (a webmaster, say) can use the Communication center and the FAQ only. Add one with the{' '}
        <Link href="/new">New account</Link> tab; change your own details in <Link href="/self">Edit self profile</Link>.
      </p>
      {removed ? <Notice>{removed}</Notice> : null}
      {users.isPending ? <Notice>Loading…</Notice> : null}
      {users.isError ? <Notice tone="error">{errorText(users.error)}</Notice> : null}
      {users.data ? (
        <TableWrap label="Users of your account">
          <table>
            <caption className="sr-only">Users of your account</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">E-mail (login)</th>
                <th scope="col">Role</th>
                <th scope="col">Active</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.data.users.map((u) => (
                <tr key={u.id}>
                  <td>{u.name}</td>
                  <td>{u.email}</td>
                  <td>{u.role === 'customer.primary' ? 'Primary' : 'Secondary'}</td>
                  <td>{u.active ? 'Yes' : 'No (removed)'}</td>
                  <td>
                    {u.id === me.id ? (
                      <Link href="/self">Edit self profile</Link>
                    ) : u.role === 'customer.secondary' && u.active ? (
                      <button type="button" aria-label={`Remove ${u.name}`} onClick={() => { remove.reset(); setConfirming(u); }}>
                        Remove
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
      {confirming ? (
        <div className="confirm" role="alertdialog" aria-label={`Remove ${confirming.name}?`} aria-describedby="remove-why">
          <span id="remove-why">
            Remove {confirming.name} ({confirming.email})? They are signed out at once and can no longer sign in. Their messages stay; their e-mail address cannot be given to a user again.
          </span>
          <button ref={confirmButton} type="button" className="primary" disabled={remove.isPending} onClick={() => remove.mutate(confirming)}>
            Yes, remove
          </button>
          <button type="button" onClick={() => setConfirming(null)}>
            Cancel
          </button>
          <FormError error={remove.isError ? errorText(remove.error) : null} />
        </div>
      ) : null}
    </section>
  );
}
