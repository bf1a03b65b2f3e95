/** The "My licenses" data from the server (GET /api/customer/licenses…) and its query keys. */
import { useQuery } from '@tanstack/react-query';
import type { LicenseKind } from '../../shared/domain/model';
import type { LicenseFacts } from '../../shared/api/licenses';
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

export interface License extends LicenseFacts {
  pendingUrlChange: PendingUrlChange | null;
  pendingTransfer: PendingTransfer | null;
}

/** A license transferred to this account, waiting for its primary user's signature (`id`: the transfer's). */
export interface AwaitingSignature extends Pick<LicenseFacts, 'id' | 'key' | 'product' | 'kind' | 'edition' | 'productVersion' | 'url'> {
  licenseId: number;
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
