/** The account's file area as the server answers it (GET /api/customer/files), shared by the File area's views. */
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { CustomerFileArea } from '../../shared/api/files';
import { api } from '../api/portalClient';

export type FileArea = z.infer<typeof CustomerFileArea>;
export const fileAreaKey = ['customer', 'files'] as const;

export function useFileArea() {
  return useQuery({ queryKey: fileAreaKey, queryFn: () => api<FileArea>('GET', '/api/customer/files') });
}
