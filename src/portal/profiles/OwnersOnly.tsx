import { Notice } from '../shell/Page';

/** In place of an owner-only part, for a secondary user. */
export function OwnersOnly({ what }: { what: string }) {
  return (
    <Notice tone="warning">
      Only the account&apos;s owner (its primary user) can use {what}. You are signed in as a secondary user, who can use the Communication center and the FAQ, and
      edit your own name, password and e-mail here. Please ask the owner of the primary account for anything else.
    </Notice>
  );
}
