/** The console's name on disk for a file whose stored name breaks a rule (stored before the rule came in). */
import { describe, expect, it } from 'vitest';
import { fileNameProblem, localFileName } from '../../src/shared/files/fileNames';

describe('localFileName', () => {
  it('keeps a good name and turns a bad one into a name every disk can hold, else the fallback', () => {
    const cases: Array<[string, string]> = [
      ['invoice.pdf', 'invoice.pdf'],
      ['report.txt:evil.exe', 'report.txt_evil.exe'],
      ['a<b>|?*.txt', 'a_b____.txt'],
      ['CON', '_CON'],
      ['nul.txt', '_nul.txt'],
      ['COM1.tar.gz', '_COM1.tar.gz'],
      ['trailing. . ', 'trailing'],
      ['invoice\u202Efdp.exe', 'invoicefdp.exe'],
      ['bell\u0007.txt', 'bell_.txt'],
      ['...', 'fallback.bin'],
      ['', 'fallback.bin'],
    ];
    for (const [stored, local] of cases) {
      expect(localFileName(stored, 'fallback.bin'), JSON.stringify(stored)).toBe(local);
      expect(fileNameProblem(localFileName(stored, 'fallback.bin'))).toBeNull();
    }
  });
});
