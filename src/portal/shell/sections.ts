/**
 * The sections of the account site, in the help page's words and order. `ownerOnly`: the
 * help page gives secondary users the Communication center, the forum and the FAQ only; every
 * other section tells them it is for the account's owner.
 */
export interface Section {
  label: string;
  path: string;
  ownerOnly: boolean;
  /** Shown to visitors too (no sign-in). */
  isPublic?: boolean;
  /** Shown to visitors only (signed in, the section it stands for is there). */
  visitorsOnly?: boolean;
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
  { label: 'Affiliate program', path: '/affiliate', ownerOnly: true },
  { label: 'Complaints', path: '/complaints', ownerOnly: true },
  { label: 'Forum', path: '/forum', ownerOnly: false },
  { label: 'Products and services', path: '/catalogue', ownerOnly: false, isPublic: true, visitorsOnly: true },
  { label: 'FAQ', path: '/faq', ownerOnly: false, isPublic: true },
];

export const sectionAt = (path: string): Section | undefined => sections.find((s) => path === s.path || path.startsWith(`${s.path}/`));
