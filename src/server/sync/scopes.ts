/** The scopes a user's console receives, from its role and departments (SYNC.md). */
import type { SessionUser } from '../auth/sessions';

export function scopesOf(user: Pick<SessionUser, 'id' | 'role' | 'departmentIds'>): string[] {
  const own = [`user:${user.id}`, ...user.departmentIds.map((d) => `dept:${d}`)];
  switch (user.role) {
    case 'staff.admin':
      return ['tickets', 'directory', 'billing', 'files', 'faq', ...own];
    case 'staff.dispatcher':
      return ['tickets', 'directory', 'files', 'faq', ...own];
    case 'staff.engineer':
      return ['directory', 'files', 'faq', ...own];
    case 'staff.billing':
      return ['billing', 'directory', 'files', 'faq', ...own];
    case 'customer.primary':
    case 'customer.secondary':
      // Customers use the REST API; the change log carries staff data only.
      return [];
  }
}
