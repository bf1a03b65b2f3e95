/** The two IPC channels between the preload and the Electron shell; nothing else is listened to. */
export const invokeChannel = 'switchboard:invoke';
export const eventChannel = 'switchboard:event';
