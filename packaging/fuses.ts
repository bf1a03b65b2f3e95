/**
 * The Electron fuses flipped in every packaged console (afterPack.ts), in one place so a test can
 * hold them to the security defaults in ARCHITECTURE.md. Fuses are bits in the Electron binary
 * itself: unlike command-line switches, nothing on the user's machine can turn them back.
 */
import { FuseV1Options, FuseVersion, type FuseV1Config } from '@electron/fuses';

export const fuseSettings = {
  version: FuseVersion.V1,
  // Every fuse this @electron/fuses knows must be set here, so a new one is a decision, not a default.
  strictlyRequireAllFuses: true,
  // ELECTRON_RUN_AS_NODE would turn the signed app into a general-purpose Node runtime.
  [FuseV1Options.RunAsNode]: false,
  // Cookies (and other Chromium storage) encrypted with the OS keychain key.
  [FuseV1Options.EnableCookieEncryption]: true,
  // NODE_OPTIONS could preload code into the main process.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  // --inspect would let anyone on the machine attach a debugger to the main process.
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // The app.asar is checked against the hash electron-builder embeds (macOS and Windows).
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  // Never load an unpacked app folder placed next to the asar.
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  // One V8 snapshot for all processes is what Electron ships; nothing to gain from a second.
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  // The renderer is served from app://, so file:// needs none of its old extra privileges.
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
} as const satisfies FuseV1Config;
