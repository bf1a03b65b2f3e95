/** Sections the help page keeps for the account's owner: a secondary user is told so, in place. */
import type { ReactNode } from 'react';
import { isOwner, useUser } from '../api/session';
import { Notice, Page } from './Page';

export function OwnerOnly({ title, children }: { title: string; children: ReactNode }) {
  const user = useUser();
  if (isOwner(user)) return <>{children}</>;
  return (
    <Page title={title}>
      <Notice tone="warning">
        Only the account&apos;s owner (its primary user) can use the {title} section. You are signed in as a secondary user, who can use the Communication center and
        the FAQ. Please ask the owner of the primary account for anything here.
      </Notice>
    </Page>
  );
}
