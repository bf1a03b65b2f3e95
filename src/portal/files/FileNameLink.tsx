/** A file's name that downloads it (the server sends the stored bytes with the name). */
export function FileNameLink({ file }: { file: { id: number; name: string } }) {
  return (
    <a href={`/api/customer/files/${file.id}/download`} download={file.name} className="file-name">
      {file.name}
    </a>
  );
}
