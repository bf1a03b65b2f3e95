/** The "My licenses" data from the server (GET /api/customer/licenses…) and its query keys. */
import { useQuery } from '@tanstack/react-query';
import type { LicenseKind, LicenseStatus } from '../../shared/domain/model';
import { api } from '../api/portalClient';

export interface PendingTransfer {
  id: number;
  targetCompany: string;
  targetEmail: string;
  targetUrl: string;
  targetLicenseKey: string | null;
  targetContactName: string | null;
  points: number;
  createdAt: number;
}

export interface PendingUrlChange {
  id: number;
  newUrl: string;
  createdAt: number;
}

export interface License {
  id: number;
  key: string;
  product: string;
  kind: LicenseKind;
  edition: string;
  productVersion: string;
  url: string;
  status: LicenseStatus;
  parentLicenseId: number | null;
  pendingUrlChange: PendingUrlChange | null;
  pendingTransfer: PendingTransfer | null;
}

export interface AwaitingSignature {
  id: number;
  licenseId: number;
  key: string;
  product: string;
  kind: LicenseKind;
  edition: string;
  productVersion: string;
  url: string;
  fromCompany: string;
  points: number;
  approvedAt: number;
}

export interface LicenseList {
  licenses: License[];
  awaitingSignature: AwaitingSignature[];
}

export interface HistoryEntry {
  event: string;
  details: Record<string, unknown>;
  at: number;
}

export interface LicenseDetail {
  license: License & { certificate: string };
  history: HistoryEntry[];
  addons: License[];
}

export const licenseKeys = {
  all: ['licenses'] as const,
  list: ['licenses', 'list'] as const,
  one: (id: number) => ['licenses', 'one', id] as const,
  points: ['licenses', 'points'] as const,
};

export const useLicenseList = () => useQuery({ queryKey: licenseKeys.list, queryFn: () => api<LicenseList>('GET', '/api/customer/licenses') });

export const useLicense = (id: number) =>
  useQuery({ queryKey: licenseKeys.one(id), queryFn: () => api<LicenseDetail>('GET', `/api/customer/licenses/${id}`), enabled: Number.isInteger(id) && id > 0 });

export const usePointsBalance = () =>
  useQuery({ queryKey: licenseKeys.points, queryFn: () => api<{ account: { pointsBalance: number } }>('GET', '/api/customer/account') });

const kindWords: Record<LicenseKind, string> = { main: 'License', addon: 'Add-on', skin: 'Skin' };
export const kindLabel = (k: LicenseKind): string => kindWords[k];

export const licenseName = (l: Pick<License, 'product' | 'edition' | 'kind'>): string =>
  l.kind === 'main' ? `${l.product} ${l.edition}` : `${l.product} ${kindLabel(l.kind).toLowerCase()} ${l.edition}`;

export const fmtDate = (t: number): string => new Date(t).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
