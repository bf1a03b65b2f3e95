/**
 * The sections of the account site, in the help page's words and order. `ownerOnly`: the
 * help page gives secondary users the Communication center, the forum and the FAQ only; every
 * other section tells them it is for the account's owner. The Affiliate program comes with its
 * own issue: add it here and in App.tsx's routes.
 */
export interface Section {
  label: string;
  path: string;
  ownerOnly: boolean;
  /** Shown to visitors too (no sign-in). */
  isPublic?: boolean;
}

export const sections: readonly Section[] = [
  { label: 'Communication center', path: '/tickets', ownerOnly: false },
  { label: 'File area', path: '/files', ownerOnly: true },
  { label: 'My licenses', path: '/licenses', ownerOnly: true },
  { label: 'Projects', path: '/projects', ownerOnly: true },
  { label: 'Buy products/services', path: '/buy', ownerOnly: true },
  { label: 'Invoices', path: '/invoices', ownerOnly: true },
  { label: 'Orders', path: '/orders', ownerOnly: true },
  { label: 'Accounting', path: '/accounting', ownerOnly: true },
  { label: 'Profiles', path: '/profiles', ownerOnly: false },
  { label: 'Complaints', path: '/complaints', ownerOnly: true },
  { label: 'Forum', path: '/forum', ownerOnly: false },
  { label: 'FAQ', path: '/faq', ownerOnly: false, isPublic: true },
];

export const sectionAt = (path: string): Section | undefined => sections.find((s) => path === s.path || path.startsWith(`${s.path}/`));
