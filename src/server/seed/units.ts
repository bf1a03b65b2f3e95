/** Time units and the fixed spans of the seed's history. */
import { defaultLifecycleSettings } from '../../shared/domain/model';

export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;
export const settings = defaultLifecycleSettings;
export const historyDays = 120;
export const logTicketSubject = 'LOG: License URL modifications';
