/**
 * The license agreement signature of the seed's "How to accept the transferred license?":
 * any name written between two slashes, e.g. `/John Smith/`.
 */
export function agreementSignatureProblem(signature: string): string | null {
  const s = signature.trim();
  if (!s.startsWith('/') || !s.endsWith('/') || s.length < 3) return 'must be a name written between two slashes, e.g. /John Smith/';
  if (!s.slice(1, -1).trim()) return 'must have a name between the slashes, e.g. /John Smith/';
  if (s.slice(1, -1).includes('/')) return 'must have exactly two slashes, one at each end, e.g. /John Smith/';
  return null;
}

/**
 * The agreement terms a new owner reads before signing a transferred license (the seed's
 * "The Agreement terms will appear. Read them carefully"). One paragraph a line.
 */
export const licenseAgreementTitle = 'License agreement';
export const licenseAgreementTerms: readonly string[] = [
  'By signing this agreement you accept the license transferred to your account, together with its add-ons and skins, and become its owner. The previous owner no longer holds any rights to it.',
  'The license is valid for the one URL it is registered to. To run the software at another URL, request a URL change in "My licenses"; after the license is reissued the software must be removed from the old URL within 48 hours.',
  'You may install and modify the software for your own store at the licensed URL. You may not resell, sublicense or redistribute the software or its files; a license may be passed to another party only through a license transfer approved by our billing department.',
  'Support points transferred with the license are credited to your account and are spent on tech support tickets as described in the Communication center.',
  'The software is provided as is. Updates, patches and documentation are available in your File area for as long as your account holds an active license of the product.',
  'The license may be revoked if these terms are broken.',
];

/** How the signature is written, in the help page's words. */
export const signatureHelp = 'The signature is any name you want (for example your own), entered with two slashes (/) along the edges, e.g. /John Smith/.';
