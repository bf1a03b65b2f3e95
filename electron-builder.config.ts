/**
 * electron-builder's configuration for `npm run dist`: the console as a Linux AppImage and deb,
 * a Windows NSIS installer and a macOS dmg (plus the zip Squirrel.Mac updates from), each built
 * on its own platform. Updates come from the helpdesk server the console is signed in to
 * (src/main/electron/autoUpdate.ts sets the feed URL at run time), so nothing is published here.
 */
import type { Configuration, FileSet } from 'electron-builder';
import afterPack from './packaging/afterPack';
import { serverOnlyExclusions } from './packaging/runtimeModules';

export const appId = 'com.switchboard.console';
export const productName = 'Switchboard';

/**
 * The app: electron-vite's build (out/, or another folder a test built into) and package.json,
 * plus the runtime dependencies main keeps external; server-only packages stay out.
 */
export function appFiles(builtApp: string = 'out'): Array<string | FileSet> {
  return [
    { from: builtApp, to: 'out', filter: ['**/*'] },
    // The tray icon, read at run time.
    'resources/icons/32x32.png',
    'package.json',
    ...serverOnlyExclusions(import.meta.dirname),
    // better-sqlite3's C sources: the module is compiled before packaging, only the .node file loads.
    '!node_modules/better-sqlite3/{deps,src}/**',
  ];
}

const config: Configuration = {
  appId,
  productName,
  // Electron names the user-data folder after package.json's productName: "Switchboard" on every platform.
  extraMetadata: { productName },
  copyright: 'Copyright © Switchboard',
  directories: { output: 'dist', buildResources: 'resources' },
  files: appFiles(),
  asar: true,
  // Native modules cannot load from inside the asar archive.
  asarUnpack: ['node_modules/better-sqlite3/**/*', 'node_modules/bindings/**/*', 'node_modules/file-uri-to-path/**/*'],
  // better-sqlite3 is compiled against Electron's Node ABI (@electron/rebuild) for the app only;
  // the repository's own copy stays built for Node (scripts/ensure-native.mjs).
  npmRebuild: true,
  nodeGypRebuild: false,
  buildDependenciesFromSource: false,
  afterPack,
  protocols: [{ name: 'Switchboard ticket link', schemes: ['switchboard'] }],
  // The console opens no documents: no file associations on any platform.
  fileAssociations: [],
  // The feed is the helpdesk server the user signs in to, set at run time; nothing to upload to.
  publish: null,
  linux: {
    target: ['AppImage', 'deb'],
    icon: 'resources/icons',
    category: 'Office',
    executableName: 'switchboard',
    synopsis: 'Staff console for the customer account service',
    description: 'Switchboard: the staff console of the customer account service, with an offline copy of your queues.',
    maintainer: 'Switchboard <helpdesk@localhost>',
    artifactName: '${productName}-${version}.${ext}',
  },
  deb: {
    // The `switchboard://` handler reaches the desktop through the .desktop file's MimeType
    // (electron-builder writes x-scheme-handler/switchboard from `protocols`).
    artifactName: 'switchboard_${version}_${arch}.${ext}',
  },
  win: {
    target: [{ target: 'nsis', arch: ['x64'] }],
    icon: 'resources/icon.ico',
  },
  nsis: {
    oneClick: false,
    perMachine: false,
    allowToChangeInstallationDirectory: true,
    // Uninstalling keeps the user's cache and outbox; a reinstall picks them up again.
    deleteAppDataOnUninstall: false,
    artifactName: '${productName}-Setup-${version}.${ext}',
    shortcutName: 'Switchboard',
  },
  mac: {
    target: ['dmg', 'zip'],
    icon: 'resources/icon.icns',
    category: 'public.app-category.business',
    hardenedRuntime: true,
    artifactName: '${productName}-${version}-${arch}-mac.${ext}',
  },
  dmg: {
    artifactName: '${productName}-${version}-${arch}.${ext}',
  },
};

export default config;
