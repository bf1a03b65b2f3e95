/**
 * File names that come from people (uploads, folder names) end up in Content-Disposition
 * headers, on customers' disks and in the console's cache folder. The server refuses a bad
 * name outright rather than quietly cleaning it, so nobody gets a file under a name they did
 * not choose; the console checks the same rules before it queues an upload, and again before
 * it writes a copy under the name on the user's disk.
 */

const maxNameBytes = 255;
// C0 and C1 controls, DEL.
const controlChars = /[\u0000-\u001f\u007f-\u009f]/;
// Bidirectional overrides and isolates: "invoice\u202Efdp.exe" shows as "invoiceexe.pdf".
const bidiControls = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

// Characters Windows refuses in a file name (":" would also make an NTFS alternate data stream: "report.txt:evil.exe").
const windowsIllegal = /[<>:"|?*]/;
// Device names Windows reserves, whatever the extension: "CON", "nul.txt", "COM1.tar.gz", "con .txt".
const windowsDevice = /^(con|prn|aux|nul|com[0-9\u00b9\u00b2\u00b3]|lpt[0-9\u00b9\u00b2\u00b3])$/i;
const deviceOf = (name: string): string => name.split('.')[0]!.trimEnd();

/** Why the name is refused, or null when it is fine. The Windows rules hold for everyone: files reach Windows desktops. */
export function fileNameProblem(name: string | undefined): string | null {
  if (name === undefined || name === '') return 'must not be empty';
  if (new TextEncoder().encode(name).length > maxNameBytes) return `must be at most ${maxNameBytes} bytes (UTF-8)`;
  if (name.includes('/') || name.includes('\\')) return 'must not contain a path separator (/ or \\)';
  if (name === '.' || name === '..') return 'must not be "." or ".."';
  if (controlChars.test(name)) return 'must not contain control characters';
  if (bidiControls.test(name)) return 'must not contain bidirectional control characters';
  if (name.trim() !== name) return 'must not begin or end with white space';
  if (windowsIllegal.test(name)) return 'must not contain any of < > : " | ? * (Windows does not allow them in file names)';
  if (name.endsWith('.')) return 'must not end with a dot (Windows drops it)';
  if (windowsDevice.test(deviceOf(name))) return `must not be ${deviceOf(name).toUpperCase()}, with or without an extension: Windows reserves that name for a device`;
  return null;
}

/**
 * The name a file gets on this computer's disk (the console opening or saving a download).
 * The server refuses bad names, but files stored before a rule came in may still have one: the
 * offending characters become "_", a trailing dot or space goes, a device name gets a leading
 * "_"; when even that breaks a rule, `fallback` (which must be a good name) is used.
 */
export function localFileName(name: string, fallback: string): string {
  if (fileNameProblem(name) === null) return name;
  const replace = (re: RegExp) => new RegExp(re.source, 'g');
  let local = name
    .normalize('NFC')
    .replace(replace(bidiControls), '')
    .replace(replace(controlChars), '_')
    .replace(replace(windowsIllegal), '_')
    .replace(/[/\\]/g, '_')
    .trim()
    .replace(/[. ]+$/, '');
  if (windowsDevice.test(deviceOf(local))) local = `_${local}`;
  return fileNameProblem(local) === null ? local : fallback;
}

/**
 * Content-Disposition for a download: an ASCII fallback for old clients plus the exact name
 * in RFC 5987 form. The name was checked on the way in; quoting still escapes nothing unsafe.
 */
export function attachmentDisposition(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const exact = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${exact}`;
}
