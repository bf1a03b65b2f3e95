/** Checks a new password and its repetition before sending, with the shared policy's own words (the portal's forms and the console's Security screen). */
import { newPassword } from '../api/profile';

export function newPasswordIssue(password: string, repeat: string): { field: 'password' | 'repeat'; reason: string } | null {
  const checked = newPassword.safeParse(password);
  if (!checked.success) return { field: 'password', reason: checked.error.issues[0]!.message };
  if (repeat !== password) return { field: 'repeat', reason: 'does not match the new password' };
  return null;
}
