/** What a license is, as the server stores it and the portal's My licenses shows it. */
import type { LicenseKind, LicenseStatus } from '../domain/model';

export interface LicenseFacts {
  id: number;
  key: string;
  product: string;
  kind: LicenseKind;
  edition: string;
  productVersion: string;
  url: string;
  status: LicenseStatus;
  /** The main license an add-on or skin belongs to. */
  parentLicenseId: number | null;
}
