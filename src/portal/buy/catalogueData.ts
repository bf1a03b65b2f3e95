/** The catalogue as the portal reads it (GET /api/catalogue) and its query key. */
import { useQuery } from '@tanstack/react-query';
import type { CatalogueList } from '../../shared/catalogue/catalogue';
import { api } from '../api/portalClient';

export const catalogueKey = ['customer', 'catalogue'] as const;
export const useCatalogue = () => useQuery({ queryKey: catalogueKey, queryFn: () => api<CatalogueList>('GET', '/api/catalogue') });
