/**
 * electron-builder's afterPack hook: flips the fuses (fuses.ts) in the packed Electron binary,
 * after the app is copied in and before the installer is built and the app signed, so the
 * signature covers the flipped binary.
 */
import path from 'node:path';
import { flipFuses } from '@electron/fuses';
import { Arch, type AfterPackContext } from 'electron-builder';
import { fuseSettings } from './fuses';

/** The file @electron/fuses patches: the .app bundle on macOS, the executable elsewhere. */
export function electronBinaryPath(context: Pick<AfterPackContext, 'appOutDir' | 'electronPlatformName' | 'packager'>): string {
  const { appOutDir, electronPlatformName, packager } = context;
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return path.join(appOutDir, `${packager.appInfo.productFilename}.app`);
    case 'win32':
      return path.join(appOutDir, `${packager.appInfo.productFilename}.exe`);
    case 'linux':
      return path.join(appOutDir, (packager as unknown as { executableName: string }).executableName);
    default:
      throw new Error(`afterPack: no Electron binary known for platform ${electronPlatformName}`);
  }
}

export default async function afterPack(context: AfterPackContext): Promise<void> {
  await flipFuses(electronBinaryPath(context), {
    ...fuseSettings,
    // Patching an arm64 macOS binary breaks its ad-hoc signature; unsigned builds need a fresh one.
    resetAdHocDarwinSignature: context.electronPlatformName === 'darwin' && context.arch === Arch.arm64,
  });
}
