/** NOTIFY channel of settings saves (settingsCache.ts listens). */
export const settingsChannel = 'sb_settings';
