/**
 * File names that come from people (uploads, folder names) end up in Content-Disposition
 * headers, on customers' disks and in the console's cache folder. Refused outright rather than
 * quietly cleaned, so nobody gets a file under a name they did not choose.
 */
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../http/errors';
import { uploadName } from '../http/rawUpload';
import { fileNameProblem } from '../../shared/files/fileNames';

// The rules are shared with the console, which checks names before it queues an upload.
export { attachmentDisposition, fileNameProblem } from '../../shared/files/fileNames';

/** The name in Unicode NFC (so "é" typed two ways is one name), or a 400 naming the field and the reason. */
export function safeFileName(name: string | undefined, field: string): string {
  const normal = name?.normalize('NFC');
  const problem = fileNameProblem(normal);
  if (problem) throw new ApiError(400, 'invalid_file_name', `${field}: ${problem}`, field, { issues: [{ field, reason: problem }] });
  return normal!;
}

/** An upload's checked name, from `?name=` or the X-File-Name header; errors name whichever was used. */
export function uploadedFileName(request: FastifyRequest, queryName: string | undefined): string {
  const name = uploadName(request, queryName);
  return safeFileName(name.value, name.field);
}
