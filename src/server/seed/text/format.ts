/** Formatting helpers for the seed's texts. */

export const fmtDate = (t: number): string => new Date(t).toISOString().slice(0, 10);
export const fmtTime = (t: number): string => new Date(t).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
export const fill = (template: string, vars: Record<string, string | number>): string => template.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
