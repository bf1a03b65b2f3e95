/**
 * Which folders of the file area an account's user sees, and why each other one is hidden
 * (DOMAIN.md "File area", the help page's "Why can't I see the software files?"). Pure: the
 * server answers customers with it, and the console runs the same function offline on its
 * cache to show "the account's file area as its primary user sees it, and why".
 *
 * Decisions where DOMAIN.md is short:
 * - A folder is shown only if its parent is shown and its own rule passes: a product's
 *   subfolders (its free add-ons too) go with the product folder, and a hidden child carries
 *   its parent's reason, since that is what the customer has to fix.
 * - "Holds an active license of that product" means an active MAIN license: add-ons and
 *   skins are registered to a main license and do not open the product's folders alone.
 * - An `addon` folder's `product` names either one add-on (the add-on license's `edition`,
 *   e.g. "Egoods") or a product, meaning any add-on of it (the "Add-ons (commercial)" parent
 *   of the per-add-on folders).
 * - "Nothing" (every license pending, or all transferred away) hides every vendor folder,
 *   the free ones too. The account's own uploads ("My files") and its ticket attachments are
 *   the customer's own correspondence, not software: they stay for the primary user.
 */
import type { LicenseKind, LicenseStatus } from '../domain/model';

export type FolderAccess = 'product' | 'addon' | 'free';
export type Viewer = 'primary' | 'secondary';

export interface VisibilityFolder {
  id: number;
  parentId: number | null;
  name: string;
  access: FolderAccess;
  product: string | null;
}

/** An add-on or skin license carries its own name in `edition` (e.g. X-Cart add-on "X-Affiliate"). */
export interface VisibilityLicense {
  product: string;
  kind: LicenseKind;
  status: LicenseStatus;
  edition: string;
}

export type ShownCode = 'active_license' | 'active_addon_license' | 'free_folder';
export type HiddenCode =
  | 'secondary_user'
  | 'all_pending'
  | 'transferred_away'
  | 'license_pending'
  | 'not_accepted'
  | 'license_revoked'
  | 'license_transferred'
  | 'no_license';

export interface Verdict<C extends string = ShownCode | HiddenCode> {
  visible: boolean;
  code: C;
  /** A sentence for people: the customer, or the staff member explaining it. */
  message: string;
}

export interface FolderVerdict extends Verdict {
  folderId: number;
}

export interface FileAreaVisibility {
  /** Why the whole vendor area is empty, when one reason covers it all; null otherwise. */
  account: Verdict<HiddenCode> | null;
  folders: FolderVerdict[];
  /** The virtual folders: the account's own uploads and its tickets' attachments. */
  myFiles: Verdict<'own_files' | 'secondary_user'>;
  ticketAttachments: Verdict<'own_files' | 'secondary_user'>;
}

export const secondaryMessage = 'Secondary users have no file area; the primary user downloads the files';
const hidden = (code: HiddenCode, message: string): Verdict => ({ visible: false, code, message });
const shown = (code: ShownCode, message: string): Verdict => ({ visible: true, code, message });

/** Account-wide reasons, in the order the help page checks them. */
function accountVerdict(viewer: Viewer, licenses: readonly VisibilityLicense[]): Verdict<HiddenCode> | null {
  if (viewer === 'secondary') {
    return { visible: false, code: 'secondary_user', message: secondaryMessage };
  }
  if (licenses.length > 0 && licenses.every((l) => l.status === 'pending')) {
    return { visible: false, code: 'all_pending', message: 'Every license of the account is pending: nothing is shown until billing verifies the order' };
  }
  if (licenses.length > 0 && licenses.every((l) => l.status === 'transferred')) {
    return { visible: false, code: 'transferred_away', message: 'Every license was transferred to another account' };
  }
  return null;
}

/**
 * The best reason a set of non-active licenses gives, the one the customer can act on first:
 * a transfer to accept, then an order to wait for, then the history.
 */
function missingLicense(label: string, candidates: readonly VisibilityLicense[]): Verdict {
  const has = (s: LicenseStatus) => candidates.some((l) => l.status === s);
  if (has('not_accepted')) return hidden('not_accepted', `The transferred ${label} license is not accepted yet: the new owner must sign the agreement`);
  if (has('pending')) return hidden('license_pending', `The ${label} license is pending: the order is not verified yet`);
  if (has('revoked')) return hidden('license_revoked', `The ${label} license was revoked`);
  if (has('transferred')) return hidden('license_transferred', `The ${label} license was transferred to another account`);
  return hidden('no_license', `The account holds no active ${label} license`);
}

function ownVerdict(folder: VisibilityFolder, licenses: readonly VisibilityLicense[]): Verdict {
  if (folder.access === 'free') return shown('free_folder', 'A free folder: shown to every primary user');
  const product = folder.product ?? folder.name;
  if (folder.access === 'product') {
    const mains = licenses.filter((l) => l.kind === 'main' && l.product === product);
    if (mains.some((l) => l.status === 'active')) return shown('active_license', `The account holds an active ${product} license`);
    return missingLicense(product, mains);
  }
  // addon: one add-on by name, or any add-on of a product.
  const addons = licenses.filter((l) => l.kind === 'addon' && (l.edition === product || l.product === product));
  const label = `${product} add-on`;
  if (addons.some((l) => l.status === 'active')) return shown('active_addon_license', `The account holds an active ${label} license`);
  return missingLicense(label, addons);
}

/** Parents before children, whatever order the folders come in; orphans count as top level. */
function topDown(folders: readonly VisibilityFolder[]): VisibilityFolder[] {
  const byId = new Map(folders.map((f) => [f.id, f]));
  const depth = new Map<number, number>();
  const depthOf = (f: VisibilityFolder, seen = new Set<number>()): number => {
    const known = depth.get(f.id);
    if (known !== undefined) return known;
    const parent = f.parentId === null ? undefined : byId.get(f.parentId);
    // A cycle cannot come from the database (ids grow), but a broken cache must not hang the console.
    const d = parent && !seen.has(parent.id) ? depthOf(parent, seen.add(f.id)) + 1 : 0;
    depth.set(f.id, d);
    return d;
  };
  return [...folders].sort((a, b) => depthOf(a) - depthOf(b) || a.id - b.id);
}

export function fileAreaVisibility(input: { viewer: Viewer; licenses: readonly VisibilityLicense[]; folders: readonly VisibilityFolder[] }): FileAreaVisibility {
  const account = accountVerdict(input.viewer, input.licenses);
  const verdicts = new Map<number, Verdict>();
  const folders: FolderVerdict[] = [];
  for (const f of topDown(input.folders)) {
    const parent = f.parentId === null ? undefined : verdicts.get(f.parentId);
    const v = account ?? (parent && !parent.visible ? parent : ownVerdict(f, input.licenses));
    verdicts.set(f.id, v);
    folders.push({ folderId: f.id, ...v });
  }
  const own: FileAreaVisibility['myFiles'] =
    input.viewer === 'secondary'
      ? { visible: false, code: 'secondary_user', message: secondaryMessage }
      : { visible: true, code: 'own_files', message: 'The account\'s own files: shown to the primary user whatever its licenses' };
  return { account, folders, myFiles: own, ticketAttachments: own };
}

/**
 * The one reason to tell a customer in place of the vendor folders, when one covers them: the
 * account-wide verdict (every license pending, all transferred away), or, with no license at
 * all, that only the free folders are open (the help page: "Access to the software files is
 * closed when no licenses are registered in an account").
 */
export function areaNotice(visibility: FileAreaVisibility, licenses: readonly VisibilityLicense[]): Verdict<HiddenCode> | null {
  if (visibility.account) return visibility.account;
  if (licenses.length === 0) return { visible: false, code: 'no_license', message: 'The account holds no licenses: only the free folders are shown' };
  return null;
}

/**
 * The hidden folders worth naming to a customer: those whose parent is shown (or that are at
 * the top), each with its own reason; a hidden folder's subfolders carry the same reason.
 */
export function hiddenTopFolders(folders: readonly VisibilityFolder[], visibility: FileAreaVisibility): Array<FolderVerdict & { name: string }> {
  const verdicts = new Map(visibility.folders.map((v) => [v.folderId, v]));
  return folders.flatMap((f) => {
    const v = verdicts.get(f.id);
    if (!v || v.visible) return [];
    const parent = f.parentId === null ? undefined : verdicts.get(f.parentId);
    return parent && !parent.visible ? [] : [{ ...v, name: f.name }];
  });
}

/**
 * Customers see only published files; staff publish a file when it is ready. The rule is the
 * one flag, named here so the server's SQL filters on the same column.
 */
export const customerShownFlag = 'published';
export const shownToCustomers = (file: { [customerShownFlag]: boolean }): boolean => file[customerShownFlag];
