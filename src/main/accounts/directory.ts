/** Departments and active staff from the cache, for pickers and for showing names. */
import type { Directory } from '../../shared/console/schemas';
import { Role, isStaff } from '../../shared/domain/model';
import type { CacheReader } from '../cache/cacheDatabase';

export function readDirectory(r: CacheReader): Directory {
  const departments = (r.statement('SELECT id, name, archived_at AS archivedAt FROM departments ORDER BY name').all() as Array<{ id: number; name: string; archivedAt: number | null }>)
    .map((d) => ({ id: d.id, name: d.name, archived: d.archivedAt !== null }));
  const rows = r.statement(`SELECT id, name, role, department_ids AS departmentIds FROM users WHERE role LIKE 'staff.%' AND active = 1 ORDER BY name`).all() as Array<{
    id: number;
    name: string;
    role: string;
    departmentIds: string | null;
  }>;
  const staff = rows.flatMap((u) => {
    const role = Role.safeParse(u.role);
    if (!role.success || !isStaff(role.data)) return [];
    return [{ id: u.id, name: u.name, role: role.data, departmentIds: u.departmentIds ? (JSON.parse(u.departmentIds) as number[]) : [] }];
  });
  return { departments, staff };
}
